/**
 * `npm run bench -- projections [--events 1000000] [--rate 1000] [--seconds 10] [--queries 1000] [--keep]`
 *
 * The read side on the local PostgreSQL, in four parts, printed as one JSON object:
 *  1. replay: rebuilds the `vms` read model (blue/green) from `--events` VM events (10 per VM, so
 *     events/10 VMs) and reports events/s; in the same run, the same event rows are bulk-copied
 *     (COPY out and in, or INSERT … SELECT when the server can't write files) as the floor to compare to;
 *  2. lag: a live runner follows `--rate` appends/s for `--seconds`; lag = from an append returning
 *     its position to the projection's checkpoint passing it (p50/p99; the appends' own latency apart);
 *  3. list: a page of 100 VMs with filters (account, state+zone, domain subtree, keyword, and
 *     the next page by cursor), with the total count, over all the VMs (p50/p99);
 *  4. get: one VM by id (p50/p99).
 * Events are generated as valid domain payloads and inserted straight into the events table in
 * multi-row INSERTs (the append function's per-stream checks are not what is measured here).
 * Database: DATABASE_URL (or TEST_DATABASE_URL), else postgres://postgres@127.0.0.1:5432/postgres;
 * a database of its own is created there and dropped at the end (unless --keep).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresEventStore } from '../../src/adapters/eventstore/index.ts';
import { migrate } from '../../src/adapters/postgres/migrate.ts';
import { createPool, ensureDatabase } from '../../src/adapters/postgres/pool.ts';
import { encodeEvent } from '../../src/domain/events.ts';
import type { Event } from '../../src/domain/shared/index.ts';
import { seededRandom } from '../../src/domain/shared/index.ts';
import { queries } from '../../src/projections/queries/index.ts';
import { tenantDomains, vms, volumes } from '../../src/projections/readModels/index.ts';
import { rebuildProjection } from '../../src/projections/rebuild.ts';
import { ProjectionRunner } from '../../src/projections/runner.ts';
import { fleetOf, seededAt, seedVm } from '../support/fleet.ts';
import { insertEvents as insertSeedRows, type SeedRow } from '../support/insertEvents.ts';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const eventCount = arg('events', 1_000_000);
const rate = arg('rate', 1000);
const seconds = arg('seconds', 10);
const queryCount = arg('queries', 1000);
const batchSize = arg('batch', 10_000);
const keep = process.argv.includes('--keep');

const EVENTS_PER_VM = 10;
const vmCount = Math.floor(eventCount / EVENTS_PER_VM);
const log = (message: string) => process.stderr.write(`${message}\n`);
const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
};

const adminUrl =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `skyledger_bench_projections_${randomBytes(4).toString('hex')}`;
const url = await ensureDatabase(adminUrl, dbName);
const pool = createPool(url, 20);
await migrate(pool);
const store = createPostgresEventStore({ pool, pollIntervalMs: 50 });
const random = seededRandom(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

// ---- the fleet: 4 zones, 1,000 hosts, a domain tree (ROOT, 4 children, 4 grandchildren each), 500 accounts ----
const fleet = fleetOf(4, 250);
const { zones, hostsOf } = fleet;
const root = randomUUID();
const children = Array.from({ length: 4 }, () => randomUUID());
const grandchildren = children.map(() => Array.from({ length: 4 }, () => randomUUID()));
const leafDomains = grandchildren.flat();
const accounts = Array.from({ length: 500 }, (_, i) => ({
  accountId: randomUUID(),
  tenantDomainId: leafDomains[i % leafDomains.length]!,
}));
const at = seededAt;

type Row = SeedRow;
const domainEvents = (): Row[] => {
  const created = (id: string, name: string, parentId: string | null, path: string): Row => ({
    stream: `tenantdomain-${id}`,
    revision: 0,
    event: { type: 'TenantDomainCreated', data: { tenantDomainId: id, name, parentId, path, createdAt: at } },
  });
  return [
    created(root, 'ROOT', null, 'ROOT'),
    ...children.flatMap((c, i) => [
      created(c, `d${i}`, root, `ROOT/d${i}`),
      ...grandchildren[i]!.map((g, j) => created(g, `d${i}${j}`, c, `ROOT/d${i}/d${i}${j}`)),
    ]),
  ];
};

/** Ten events of one VM's life, ending Running or Stopped. */
const vmEvents = (i: number): Row[] => {
  const size = pick([
    { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
    { cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 },
    { cpuNumber: 4, cpuSpeedMhz: 2000, memoryMiB: 8192 },
  ]);
  const { ref, host, usage, created, start, rows } = seedVm(i, pick, fleet, accounts, size);
  const stop: Event[] = [
    { type: 'VmStopRequested', data: { ...ref, hostId: host.hostId, forced: false } },
    { type: 'VmStopped', data: usage(host.hostId) },
  ];
  return rows([
    created,
    ...start,
    { type: 'VmRebooted', data: { ...ref, hostId: host.hostId } },
    ...stop,
    { type: 'VmUpdated', data: { ...ref, displayName: `web ${i} (renamed)` } },
    ...start,
    ...(i % 3 === 0
      ? stop.slice(0, 1)
      : [{ type: 'VmRebooted', data: { ...ref, hostId: host.hostId } } as Event]),
  ]);
};

const insertEvents = (rows: readonly Row[]) => insertSeedRows(pool, rows);

const result: Record<string, unknown> = {
  events: eventCount,
  vms: vmCount,
  cpus: (await import('node:os')).cpus().length,
};
try {
  // ---- generate ----
  let t = performance.now();
  await insertEvents(domainEvents());
  const vmIds: string[] = [];
  for (let done = 0; done < vmCount; ) {
    const n = Math.min(Math.floor(batchSize / EVENTS_PER_VM), vmCount - done);
    const rows = Array.from({ length: n }, (_, k) => vmEvents(done + k)).flat();
    for (let k = 0; k < rows.length; k += EVENTS_PER_VM) vmIds.push(rows[k]!.stream.slice(3));
    await insertEvents(rows);
    done += n;
    if (done % 100_000 < n) log(`generated ${done * EVENTS_PER_VM} events`);
  }
  await pool.query('ANALYZE events');
  result.generate = { seconds: round((performance.now() - t) / 1000) };

  // ---- 1. replay ----
  // The VM queries also read tenant domains (subtree filter) and volumes (a VM's disks).
  await rebuildProjection(pool, store, tenantDomains);
  await rebuildProjection(pool, store, volumes);
  t = performance.now();
  const rebuilt = await rebuildProjection(pool, store, vms, {
    batchSize,
    onProgress: (p) => {
      if (p.events % 200_000 < batchSize) log(`replayed ${p.events} events`);
    },
  });
  const replaySeconds = (performance.now() - t) / 1000;
  // What autovacuum does to a freshly written table soon anyway: statistics and the visibility map
  // (index-only counts).
  await pool.query('VACUUM ANALYZE');

  // What reading $all alone costs (the replay reads, then applies, one batch after the other).
  t = performance.now();
  let readFrom: string | 'start' = 'start';
  let readEvents = 0;
  for (;;) {
    const read = await store.readAll({
      from: readFrom,
      maxCount: batchSize,
      filter: { eventTypes: vms.eventTypes },
    });
    if (!read.checkpoint || read.checkpoint === readFrom) break;
    readEvents += read.events.length;
    readFrom = read.checkpoint;
  }
  const readSeconds = (performance.now() - t) / 1000;

  // The floor: the same event rows bulk-copied out and back in.
  t = performance.now();
  const copyFile = `/tmp/${dbName}.copy`;
  let copyMethod = 'COPY TO/FROM file';
  await pool.query('CREATE TABLE bench_events_copy (LIKE events INCLUDING DEFAULTS)');
  try {
    await pool.query(
      `COPY (SELECT * FROM events WHERE type = ANY($1)) TO '${copyFile}'`.replace(
        '$1',
        `'{${vms.eventTypes.join(',')}}'`,
      ),
    );
    await pool.query(`COPY bench_events_copy FROM '${copyFile}'`);
  } catch {
    copyMethod = 'INSERT … SELECT';
    await pool.query('TRUNCATE bench_events_copy');
    await pool.query('INSERT INTO bench_events_copy SELECT * FROM events WHERE type = ANY($1)', [
      vms.eventTypes,
    ]);
  }
  const copySeconds = (performance.now() - t) / 1000;
  await pool.query('DROP TABLE bench_events_copy');
  result.replay = {
    readModel: 'vms',
    events: rebuilt.events,
    rows: vmCount,
    seconds: round(replaySeconds),
    eventsPerSecond: Math.round(rebuilt.events / replaySeconds),
    readingAloneEventsPerSecond: Math.round(readEvents / readSeconds),
    copyOfSameEventRows: {
      method: copyMethod,
      seconds: round(copySeconds),
      rowsPerSecond: Math.round(rebuilt.events / copySeconds),
    },
  };
  log(`replay: ${JSON.stringify(result.replay)}`);

  // ---- 2. lag at a steady rate ----
  const runner = new ProjectionRunner(pool, store, vms, { maxWaitMs: 5 });
  runner.start();
  const latencies: number[] = [];
  const appendLatencies: number[] = [];
  const pending: { position: string; started: number }[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching || pending.length) {
      const { rows } = await pool.query<{ position: string | null }>(
        "SELECT position FROM projection_checkpoints WHERE name = 'vms'",
      );
      const reached = rows[0]?.position ?? '';
      const now = performance.now();
      for (let k = pending.length - 1; k >= 0; k--)
        if (pending[k]!.position <= reached) {
          latencies.push(now - pending[k]!.started);
          pending.splice(k, 1);
        }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const lagStart = performance.now();
  const appends: Promise<void>[] = [];
  for (let tick = 0; performance.now() - lagStart < seconds * 1000; tick++) {
    const due = lagStart + tick * tickMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let k = 0; k < perTick; k++) {
      const vmId = pick(vmIds);
      const owner = accounts[0]!;
      const called = performance.now();
      const event = encodeEvent({
        type: 'VmUpdated',
        data: { vmId, ...owner, zoneId: zones[0]!, displayName: `tick ${tick}` },
      });
      appends.push(
        store
          .append(
            `vm-${vmId}`,
            [
              {
                id: randomUUID(),
                type: 'VmUpdated',
                data: event.data,
                metadata: { schemaVersion: event.schemaVersion },
              },
            ],
            'any',
          )
          .then((r) => {
            const started = performance.now();
            appendLatencies.push(started - called);
            pending.push({ position: r.position, started });
          }),
      );
    }
  }
  await Promise.all(appends);
  const appended = appends.length;
  const achievedRate = appended / ((performance.now() - lagStart) / 1000);
  watching = false;
  await watcher;
  await runner.stop();
  result.lag = {
    targetRate: rate,
    achievedRate: Math.round(achievedRate),
    seconds,
    note: 'from the append returning its position to the checkpoint passing it',
    ...summary(latencies),
    append: summary(appendLatencies),
  };
  log(`lag: ${JSON.stringify(result.lag)}`);

  // ---- 3. list VMs, a page of 100 with filters and the total ----
  const q = queries(pool);
  const listCases = {
    account: () => ({ accountId: pick(accounts).accountId }),
    stateAndZone: () => ({ state: 'Running', zoneId: pick(zones) }),
    domainSubtree: () => ({ tenantDomainId: pick(children), isRecursive: true }),
    keyword: () => ({ keyword: `web ${Math.floor(random() * vmCount)} ` }),
    hostAndState: () => ({ hostId: pick(pick(hostsOf)).hostId, state: ['Running', 'Stopping'] }),
  };
  const list: Record<string, unknown> = {};
  const all: number[] = [];
  for (const [name, filters] of Object.entries(listCases)) {
    const ms: number[] = [];
    for (let k = 0; k < queryCount / 5; k++) {
      const f = filters();
      const s = performance.now();
      const page = await q.vms.list(f, { pageSize: 100 });
      if (page.nextCursor) await q.vms.list(f, { pageSize: 100, cursor: page.nextCursor, withTotal: false });
      ms.push(performance.now() - s);
    }
    list[name] = summary(ms);
    all.push(...ms);
  }
  const firstPages: number[] = [];
  for (let k = 0; k < queryCount / 5; k++) {
    const s = performance.now();
    await q.vms.list({ state: 'Running' }, { pageSize: 100, sortBy: 'created', order: 'desc' });
    firstPages.push(performance.now() - s);
  }
  list.runningNewestFirst = summary(firstPages);
  all.push(...firstPages);
  result.listVms = {
    pageSize: 100,
    note: 'each sample: first page with total, then the next page by cursor',
    all: summary(all),
    ...list,
  };
  log(`list: ${JSON.stringify(summary(all))}`);

  // ---- 4. get by id ----
  const gets: number[] = [];
  for (let k = 0; k < queryCount * 2; k++) {
    const s = performance.now();
    await q.vms.get(pick(vmIds));
    gets.push(performance.now() - s);
  }
  result.getVm = summary(gets);
} finally {
  await store.close();
  await pool.end();
  if (!keep) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
    await admin.end();
  }
}
console.log(JSON.stringify(result, null, 2));
