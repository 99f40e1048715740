import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditRows, csvField, writeAuditExport } from '../../../../src/adapters/export/audit.ts';
import { parseAuditArgs, runAuditExport } from '../../../../src/adapters/export/cli.ts';
import { startTestServer, type TestServer } from '../../../support/server.ts';

/**
 * The audit export over many rows: every row once, in (created_at, id) order across pages, even
 * when thousands share one instant; backpressure respected; the command line writes a file with a
 * progress bar.
 */

let server: TestServer;
const account = '11111111-1111-4111-8111-111111111111';
const rows = 5000;

beforeAll(async () => {
  server = await startTestServer(() => []);
  // Synthetic audit rows of one account: half share a single instant, so the cursor must break ties by id.
  await server.app.pool.query(
    `INSERT INTO audit_log (id, position, type, event_type, level, state, description, resource_type, resource_id,
       related_ids, account_id, stream, revision, data, created_at)
     SELECT 'e-' || lpad(g::text, 6, '0'), lpad(g::text, 20, '0'), 'VM.START', 'VmStarted', 'INFO', 'Completed',
       'Vm started, "quoted", with a comma', 'vm', 'vm-' || (g % 7), '{}', $1, 'vm-x', g, '{"n":1}',
       CASE WHEN g % 2 = 0 THEN timestamptz '2030-01-01T00:00:00Z'
            ELSE timestamptz '2030-01-01T00:00:00Z' + g * interval '1 millisecond' END
     FROM generate_series(1, $2::int) g`,
    [account, rows],
  );
}, 60_000);
afterAll(() => server?.close());

/** A writer that is slow to drain, so the export must wait for it. */
const sink = () => {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      setImmediate(done);
    },
  });
  return { out, text: () => chunks.join('') };
};

describe('audit export', () => {
  it('streams every matching row once, in order, in pages', async () => {
    const { out, text } = sink();
    const progress: number[] = [];
    const written = await writeAuditExport(server.app.pool, out, {
      filter: { accountId: account },
      format: 'jsonl',
      pageSize: 300,
      onProgress: (n) => progress.push(n),
    });
    expect(written).toBe(rows);
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(new Set(lines.map((l) => l.id)).size).toBe(rows);
    const keys = lines.map((l) => `${l.createdAt}|${l.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(progress.length).toBe(Math.ceil(rows / 300));
    expect(await countAuditRows(server.app.pool, { accountId: account })).toBe(rows);
  });

  it('filters by resource, type and time range', async () => {
    const { out, text } = sink();
    await writeAuditExport(server.app.pool, out, {
      filter: {
        resourceId: 'vm-3',
        type: 'VmStarted',
        from: '2030-01-01T00:00:00.001Z',
        to: '2030-01-01T00:00:01Z',
      },
      format: 'jsonl',
    });
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.resourceId).toBe('vm-3');
      expect(l.createdAt > '2030-01-01T00:00:00.000Z').toBe(true);
    }
  });

  it('quotes CSV fields and defuses formulas', () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(null)).toBe('');
    expect(csvField({ n: 1 })).toBe('"{""n"":1}"');
  });

  it('writes a CSV file from the command line with a progress bar on stderr', async () => {
    const file = join(tmpdir(), `audit-${process.pid}.csv`);
    const stderr: string[] = [];
    const written = await runAuditExport(
      server.app.pool,
      ['--account', account, '--format', 'csv', '--out', file],
      (t) => stderr.push(t),
    );
    expect(written).toBe(rows);
    const lines = (await readFile(file, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,createdAt,type/);
    expect(lines.length).toBe(rows + 1);
    expect(lines[1]).toContain('"Vm started, ""quoted"", with a comma"');
    expect(stderr.join('')).toMatch(/100%.*5000\/5000 events/);
    await rm(file);
  });

  it('refuses bad command lines', () => {
    expect(() => parseAuditArgs(['--format', 'xml'])).toThrow(/jsonl or csv/);
    expect(() => parseAuditArgs(['--from', 'soon'])).toThrow(/not an instant/);
    expect(() => parseAuditArgs(['--colour', 'red'])).toThrow();
  });
});
