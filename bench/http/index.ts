/**
 * `npm run bench -- http [--vms 100000] [--seconds 10] [--connections 32] [--light 8] [--keep]`
 *
 * The native REST API under load with autocannon, against a whole node started in-process on a
 * fresh database: GET /v1/vms?pageSize=100 (a page of 100 over all the VMs, with the total),
 * GET /v1/vms/{id} (random ids) and POST /v1/vms (deploy accepted; each starts a real job on the
 * simulator). Requests carry a session token (POST /v1/auth/login), so no per-request signing. The
 * load generator (autocannon) runs in a process of its own (bench/http/load.ts).
 * Baseline, in the same run: a bare express + pg server on another port running the SAME SQL the
 * list and get queries issue (captured from the query builder), with no auth and no validation.
 * VMs are generated as valid domain events inserted straight into the events table, then the read
 * models catch up. Prints a table, then one JSON line.
 * Database: DATABASE_URL (or TEST_DATABASE_URL), else postgres://postgres@127.0.0.1:5432/postgres.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express from 'express';
import pg from 'pg';
import { pino } from 'pino';
import { createPostgresEventStore } from '../../src/adapters/eventstore/index.ts';
import { restRoutes } from '../../src/adapters/http/rest/index.ts';
import { SimulatorDriver } from '../../src/adapters/hypervisor/simulator/simulator.ts';
import { migrate } from '../../src/adapters/postgres/migrate.ts';
import { createPool, ensureDatabase } from '../../src/adapters/postgres/pool.ts';
import { allProjections, createApplication } from '../../src/app/application.ts';
import { seedDemoCloud } from '../../src/app/demo.ts';
import { createNodeHttpApp, httpContext } from '../../src/app/http.ts';
import { bootstrap } from '../../src/commands/admin/tenancy/bootstrap.ts';
import { generateEncryptionKey } from '../../src/commands/admin/tenancy/secrets.ts';
import { seededRandom } from '../../src/domain/shared/index.ts';
import { waitForPosition } from '../../src/projections/consistency.ts';
import { queries } from '../../src/projections/queries/index.ts';
import { fleetOf, seedVm } from '../support/fleet.ts';
import { insertEvents as insertSeedRows, type SeedRow } from '../support/insertEvents.ts';
import type { LoadSpec, Measured } from './load.ts';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const vmCount = arg('vms', 100_000);
const seconds = arg('seconds', 10);
const connections = arg('connections', 32);
/** A lighter load for the list's latency below saturation (32 connections saturate 2 cores). */
const light = arg('light', 8);
const keep = process.argv.includes('--keep');
const POOL_SIZE = 20;
const log = (message: string) => process.stderr.write(`${message}\n`);

const adminUrl =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `skyledger_bench_http_${randomBytes(4).toString('hex')}`;
const url = await ensureDatabase(adminUrl, dbName);
const pool = createPool(url, POOL_SIZE);
await migrate(pool);
const random = seededRandom(11);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

// ---- the fleet: 4 zones of 250 hosts, 500 accounts; each VM created and started (3 events) ----
const fleet = fleetOf(4, 250);
const accounts = Array.from({ length: 500 }, () => ({
  accountId: randomUUID(),
  tenantDomainId: randomUUID(),
}));
const size = { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 };

const vmEvents = (i: number): SeedRow[] => {
  const vm = seedVm(i, pick, fleet, accounts, size);
  return vm.rows([vm.created, ...vm.start]);
};

const insertEvents = (rows: readonly SeedRow[]) => insertSeedRows(pool, rows);

/** The SQL (text and parameters) a query function issues, captured by a pool that only records. */
type Sql = { text: string; values: unknown[] };
const captureSql = async (run: (p: pg.Pool) => Promise<unknown>): Promise<Sql[]> => {
  const seen: Sql[] = [];
  const recorder = {
    query: async (query: string | pg.QueryConfig, values: unknown[] = []) => {
      const sql =
        typeof query === 'string'
          ? { text: query, values }
          : { text: query.text, values: query.values ?? [] };
      // The catalogue read of a view's columns (once per process) is answered by the database.
      if (/pg_attribute/.test(sql.text)) return pool.query(sql.text, sql.values);
      seen.push(sql);
      return { rows: [{ total: 0, version: null }] };
    },
  } as unknown as pg.Pool;
  await run(recorder);
  return seen;
};

const listen = async (server: Server) => {
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
};

/** Runs the load generator in a process of its own and reads back its figures. */
const load = async (spec: Omit<LoadSpec, 'connections' | 'seconds'> & { connections?: number }) => {
  const file = join(tmpdir(), `skyledger-load-${randomBytes(4).toString('hex')}.json`);
  await writeFile(file, JSON.stringify({ connections, seconds, ...spec }));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(here, 'load.ts'), file], {
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
  } finally {
    await rm(file, { force: true });
  }
};

const result: Record<string, unknown> = { vms: vmCount, seconds, connections, cpus: cpus().length };
const closers: (() => Promise<unknown>)[] = [];
try {
  // ---- seed the VMs before the node starts; its projections catch up from the start ----
  let t = performance.now();
  const vmIds: string[] = [];
  const perBatch = 3000;
  for (let done = 0; done < vmCount; ) {
    const n = Math.min(perBatch, vmCount - done);
    const rows = Array.from({ length: n }, (_, k) => vmEvents(done + k)).flat();
    for (let k = 0; k < rows.length; k += 3) vmIds.push(rows[k]!.stream.slice(3));
    await insertEvents(rows);
    done += n;
  }
  result.seedSeconds = Math.round((performance.now() - t) / 100) / 10;
  log(`seeded ${vmCount} VMs (${vmCount * 3} events) in ${result.seedSeconds} s`);

  // ---- a whole node, in-process ----
  const store = createPostgresEventStore({ pool, pollIntervalMs: 50 });
  const driver = new SimulatorDriver({ heartbeatIntervalMs: 1000 });
  const encryptionKey = generateEncryptionKey();
  const projectionPool = createPool(url, allProjections.length + 2);
  const app = createApplication({ pool, projectionPool, store, encryptionKey, driver });
  t = performance.now();
  await app.start();
  closers.push(
    () => projectionPool.end(),
    () => app.stop(),
  );
  const boot = await bootstrap({ bus: app.bus, encryptionKey });
  if (!boot.created) throw new Error('bootstrap did not create the admin');
  const cloud = await seedDemoCloud(app);
  // The last position in $all (the demo cloud's last event): every read model must pass it.
  let last = boot.position ?? 'start';
  for (;;) {
    const read = await store.readAll({ from: last, maxCount: 10_000 });
    if (!read.checkpoint || read.checkpoint === last) break;
    last = read.checkpoint;
  }
  const names = app.runners.map((r) => r.projection.name);
  if (last !== 'start') await waitForPosition(pool, names, last, { timeoutMs: 600_000, pollMs: 200 });
  result.catchUpSeconds = Math.round((performance.now() - t) / 100) / 10;
  log(`read models caught up in ${result.catchUpSeconds} s`);
  await pool.query('VACUUM ANALYZE');

  // One session drives every run: its rate limit is raised out of the way (the limiter still runs).
  const context = httpContext(app, { rateLimitPerMinute: 100_000_000 });
  closers.push(() => context.close());
  const server = createNodeHttpApp(context, restRoutes(context), pino({ level: 'silent' })).listen(
    0,
    '127.0.0.1',
  );
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const base = await listen(server);

  const login = async (): Promise<string> => {
    const res = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: boot.username, password: boot.password }),
    });
    if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
    return `Bearer ${((await res.json()) as { token: string }).token}`;
  };
  const auth = { authorization: await login() };
  const probe = await fetch(`${base}/v1/vms?pageSize=100`, { headers: auth });
  const probed = (await probe.json()) as { items: unknown[]; total: number };
  if (probed.items.length !== 100 || probed.total < vmCount)
    throw new Error(`the list shows ${probed.total} VMs, expected ${vmCount}`);

  // ---- the baseline: the same SQL, bare express + pg ----
  // A list issues its page and the version of the VMs read model (the total is remembered while
  // that version stands, as it does through the whole list run: nothing writes meanwhile); the
  // catalogue read of the columns happens once per process. The baseline runs the same per request.
  const listSql = (await captureSql((p) => queries(p).vms.list({}, { pageSize: 100 }))).filter(
    (s) => !/count\(\*\)/.test(s.text),
  );
  const getSql = (await captureSql((p) => queries(p).vms.get('ID')))[0]!;
  if (listSql.length !== 2) throw new Error(`expected a page and a version query, got ${listSql.length}`);
  const basePool = createPool(url, POOL_SIZE);
  closers.push(() => basePool.end());
  const bare = express();
  bare.get('/v1/vms', async (_req, res) => {
    const [page] = await Promise.all(listSql.map((s) => basePool.query(s.text, s.values)));
    res.json({ items: page!.rows.slice(0, 100).map((r) => r.row), total: vmCount, nextCursor: null });
  });
  bare.get('/v1/vms/:id', async (req, res) => {
    const { rows } = await basePool.query(getSql.text, [req.params.id]);
    if (rows[0]) res.json(rows[0].row);
    else res.status(404).end();
  });
  const bareServer = bare.listen(0, '127.0.0.1');
  closers.push(async () => {
    bareServer.closeAllConnections();
    await new Promise((r) => bareServer.close(r));
  });
  const baseline = await listen(bareServer);

  const getPaths = vmIds.slice(0, 10_000).map((id) => `/v1/vms/${id}`);
  const runs: Record<string, Measured> = {};
  log('list (skyledger, baseline)');
  runs.list = await load({ url: `${base}/v1/vms?pageSize=100`, headers: auth });
  runs.listBaseline = await load({ url: `${baseline}/v1/vms?pageSize=100` });
  log(`list at ${light} connections (skyledger, baseline)`);
  runs.listLight = await load({ connections: light, url: `${base}/v1/vms?pageSize=100`, headers: auth });
  runs.listLightBaseline = await load({ connections: light, url: `${baseline}/v1/vms?pageSize=100` });
  log('get (skyledger, baseline)');
  runs.get = await load({ url: base, headers: auth, paths: getPaths });
  runs.getBaseline = await load({ url: baseline, paths: getPaths });
  log('deploy (skyledger)');
  runs.deploy = await load({
    url: `${base}/v1/vms`,
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      zoneId: cloud.zoneId,
      serviceOfferingId: cloud.serviceOfferingIds['Small Instance'],
      templateId: cloud.templateId,
    }),
  });

  const ratio = (a: Measured, b: Measured) => Math.round((a.reqPerSec / b.reqPerSec) * 100) / 100;
  const ratios = { list: ratio(runs.list, runs.listBaseline), get: ratio(runs.get, runs.getBaseline) };
  const targets = {
    listP99AtMost100Ms: runs.list.p99Ms <= 100,
    listP99AtMost100MsBelowSaturation: runs.listLight.p99Ms <= 100,
    listThroughputAtLeast70PercentOfBaseline: ratios.list >= 0.7,
    getThroughputAtLeast70PercentOfBaseline: ratios.get >= 0.7,
  };
  Object.assign(result, { runs, ratios, targets });

  const rows = [
    [`GET /v1/vms?pageSize=100 (${connections} conn.)`, runs.list, runs.listBaseline, ratios.list],
    [
      `GET /v1/vms?pageSize=100 (${light} conn.)`,
      runs.listLight,
      runs.listLightBaseline,
      ratio(runs.listLight, runs.listLightBaseline),
    ],
    ['GET /v1/vms/{id}', runs.get, runs.getBaseline, ratios.get],
    ['POST /v1/vms (202)', runs.deploy, null, null],
  ] as const;
  console.log(
    `\n${vmCount} VMs, ${connections} connections, ${seconds} s each, ${cpus().length} CPUs\n` +
      '| endpoint | req/s | p50 ms | p99 ms | non-2xx | baseline req/s | baseline p50 | baseline p99 | ratio |\n' +
      '|---|---|---|---|---|---|---|---|---|',
  );
  for (const [name, m, b, r] of rows)
    console.log(
      `| ${name} | ${m.reqPerSec} | ${m.p50Ms} | ${m.p99Ms} | ${m.non2xx} | ${b?.reqPerSec ?? '-'} | ${b?.p50Ms ?? '-'} | ${b?.p99Ms ?? '-'} | ${r ?? '-'} |`,
    );
  console.log(
    `targets: list p99 ≤ 100 ms: ${targets.listP99AtMost100Ms ? 'met' : 'MISSED'} (${runs.list.p99Ms} ms at ${connections} connections), ` +
      `${targets.listP99AtMost100MsBelowSaturation ? 'met' : 'MISSED'} (${runs.listLight.p99Ms} ms at ${light}); ` +
      `≥ 70% of baseline throughput: list ${targets.listThroughputAtLeast70PercentOfBaseline ? 'met' : 'MISSED'} (${ratios.list}), ` +
      `get ${targets.getThroughputAtLeast70PercentOfBaseline ? 'met' : 'MISSED'} (${ratios.get})\n`,
  );
} finally {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await pool.end().catch(() => undefined);
  if (!keep) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
    await admin.end();
  }
}
console.log(JSON.stringify(result));
