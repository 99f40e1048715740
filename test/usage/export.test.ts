import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseUsageArgs, progressBar, runUsageExport } from '../../src/adapters/usage-export/cli.ts';
import { csvHeader, formatUsage, usageExport } from '../../src/adapters/usage-export/index.ts';
import { type UsageRecord, usageRecords } from '../../src/domain/usage/index.ts';
import { listUsageRecords, usageReadModels } from '../../src/projections/usage/index.ts';
import { type Harness, startHarness } from '../projections/readModels/harness.ts';
import { HOUR, meter, type VmFacts, vmEvents } from './fixtures.ts';

const size = { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 };
const T = Date.UTC(2025, 0, 1);
const sample = (name: string): UsageRecord[] => {
  const f: VmFacts = { vmId: 'vm-1', offering: 'o1', size, templateId: 't1' };
  const events = meter([
    {
      event: {
        ...vmEvents.created(f, T),
        data: { ...(vmEvents.created(f, T).data as object), name },
      } as never,
      at: T,
    },
  ]);
  return usageRecords(events, {
    from: T,
    to: T + 2 * 24 * HOUR,
    now: T + 30 * HOUR,
    timeZone: 'UTC',
    granularity: 'daily',
  });
};
async function* chunks(...cs: UsageRecord[][]) {
  yield* cs;
}
const collect = async (gen: AsyncIterable<string>) => {
  let s = '';
  for await (const c of gen) s += c;
  return s;
};

describe('report formats', () => {
  it('CSV: a header, one line per record, fields with commas or quotes quoted', async () => {
    const csv = await collect(formatUsage(chunks(sample('web, "blue"')), 'csv'));
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(csvHeader.trim());
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"web, ""blue"" allocated time (ServiceOffering: o1) (Template: t1)"');
    expect(lines[2]).toContain(',6 Hrs,6,');
  });

  it('JSON: one array of every chunk’s records, empty when there are none', async () => {
    const records = sample('db');
    expect(
      JSON.parse(await collect(formatUsage(chunks(records.slice(0, 1), [], records.slice(1)), 'json'))),
    ).toEqual(records);
    expect(JSON.parse(await collect(formatUsage(chunks(), 'json')))).toEqual([]);
  });

  it('draws a progress bar', () => {
    expect(progressBar({ resources: 5, totalResources: 10, records: 42 }, 10)).toBe(
      '[#####.....]  50%  5/10 resources  42 records',
    );
  });

  it('reads local dates in the time zone, --to inclusive', () => {
    const { filter } = parseUsageArgs([
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-31',
      '--tz',
      'Europe/Paris',
      '--account',
      'a1',
    ]);
    expect(filter).toMatchObject({
      from: '2025-02-28T23:00:00.000Z',
      to: '2025-03-31T22:00:00.000Z',
      accountIds: ['a1'],
      timeZone: 'Europe/Paris',
    });
    expect(() => parseUsageArgs(['--from', '2025-03-01'])).toThrow(/--from and --to are required/);
  });
});

describe('streamed exports from the read model', () => {
  let h: Harness;
  const accountId = randomUUID();
  beforeAll(async () => {
    h = await startHarness(usageReadModels);
    for (let i = 0; i < 5; i++) {
      const f: VmFacts = { vmId: randomUUID(), offering: 'o1', size, templateId: 't1', accountId };
      await h.record(`vm-${f.vmId}`, [vmEvents.created(f, Date.now()), vmEvents.started(f)]);
    }
    await h.settle();
  });
  afterAll(() => h.close());
  const filter = () => ({
    from: '2020-01-01T00:00:00Z',
    // Not past now: an hour ahead crosses midnight late in the day and doubles the daily records.
    to: new Date(Date.now() + 1000).toISOString(),
    now: new Date(Date.now() + HOUR).toISOString(),
    accountIds: [accountId],
  });

  it('streams the same records as the query, with progress', async () => {
    const f = filter();
    const seen: number[] = [];
    const { stream, contentType } = await usageExport(h.db.pool, f, 'json', (p) => seen.push(p.resources));
    expect(contentType).toBe('application/json; charset=utf-8');
    const exported = JSON.parse(await text(stream)) as UsageRecord[];
    const { records } = await listUsageRecords(h.db.pool, f);
    expect(exported).toHaveLength(10);
    expect(new Set(exported.map((r) => JSON.stringify(r)))).toEqual(
      new Set(records.map((r) => JSON.stringify(r))),
    );
    expect(seen.at(-1)).toBe(5); // one meter row per VM
  });

  it('the CLI writes a CSV file and draws its progress on stderr', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'usage-export-')), 'usage.csv');
    const f = filter();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let drawn = '';
    try {
      await runUsageExport(h.db.pool, ['--from', f.from, '--to', f.to, '--account', accountId, '--out', out]);
      drawn = stderr.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      stderr.mockRestore();
    }
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(11);
    expect(drawn).toMatch(/\[#+\] 100% {2}5\/5 resources {2}10 records/);
  });
});
