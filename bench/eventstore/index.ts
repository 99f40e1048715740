import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { parsePlan } from './plan.ts';
import type { Phase, PhaseResult, SystemName } from './protocol.ts';
import {
  fmt,
  formatLagDetail,
  formatTable,
  formatTargets,
  type Results,
  rowsOf,
  targetsOf,
} from './report.ts';
import { startWorker, type Worker } from './workers.ts';
import { eventJsonBytes } from './workload.ts';

/**
 * `npm run bench -- eventstore [--quick]`: the Skyledger event store against a raw multi-row INSERT
 * (the ceiling) and Emmett's PostgreSQL event store, on the same workloads in one run. Each system
 * gets a fresh database and a process of its own; each workload runs on every system back to back
 * (order rotated per workload), so that load from elsewhere on the machine hits them alike.
 * Prints a table, the targets of issue 2 and one JSON line.
 */
const plan = parsePlan(process.argv.slice(2));
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const runId = `${Date.now().toString(36)}_${process.pid}`;
const log = (line: string) => process.stderr.write(`[eventstore] ${line}\n`);

const databaseUrl = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

const admin = new pg.Client({ connectionString: adminUrl, application_name: 'bench-eventstore-admin' });
await admin.connect();
const setting = async (name: string) =>
  (await admin.query<{ setting: string }>(`SELECT current_setting($1) AS setting`, [name])).rows[0]!.setting;
const server = {
  version: await setting('server_version'),
  synchronous_commit: await setting('synchronous_commit'),
  fsync: await setting('fsync'),
  wal_sync_method: await setting('wal_sync_method'),
  shared_buffers: await setting('shared_buffers'),
  max_connections: await setting('max_connections'),
};
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadAverageAtStart: loadavg().map((n) => Number(n.toFixed(2))),
};

const databases = new Map<SystemName, string>();
const workers = new Map<SystemName, Worker>();
let interrupted = false;
const onSignal = () => {
  interrupted = true;
  for (const worker of workers.values()) worker.kill();
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

const results: Results = {};
const started = Date.now();
try {
  log(
    `${plan.mode} run ${runId}: PostgreSQL ${server.version}, synchronous_commit=${server.synchronous_commit}`,
  );
  for (const system of plan.systems) {
    const name = `bench_es_${runId}_${system}`;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    databases.set(system, name);
  }
  await Promise.all(
    plan.systems.map(async (system) => {
      workers.set(system, await startWorker(system, databaseUrl(databases.get(system)!), plan.poolSize));
    }),
  );
  for (const [index, phase] of plan.phases.entries()) {
    const order = plan.systems.map((_, i) => plan.systems[(i + index) % plan.systems.length]!);
    results[phase.key] = {};
    for (const system of order) {
      const worker = workers.get(system)!;
      if (!worker.info.supports.includes(phase.kind)) continue;
      if (interrupted) throw new Error('interrupted');
      if (plan.checkpoint) await admin.query('CHECKPOINT');
      const result = await worker.run(phase);
      results[phase.key]![system] = result;
      log(`${phase.key.padEnd(13)} ${system.padEnd(9)} ${summaryOf(result)}`);
    }
  }
} finally {
  await Promise.all([...workers.values()].map((w) => w.close().catch(() => w.kill())));
  for (const name of databases.values())
    await admin
      .query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)
      .catch((e: unknown) => {
        log(`could not drop ${name}: ${e instanceof Error ? e.message : String(e)}`);
      });
  await admin.end();
}

function summaryOf(result: PhaseResult): string {
  const capped = 'capped' in result && result.capped ? ', capped' : '';
  switch (result.kind) {
    case 'append':
      return `${fmt(result.eventsPerSecond)} events/s, p50 ${fmt(result.latency.p50Ms)} ms, p99 ${fmt(result.latency.p99Ms)} ms (${result.events} events in ${fmt(result.seconds)} s${capped})`;
    case 'read':
      return `${fmt(result.eventsPerSecond)} events/s (${result.events} events in ${fmt(result.seconds)} s${capped})`;
    case 'lag':
      return result.subscribers
        .map(
          (s) => `${s.subscriber} p50 ${fmt(s.lag.p50Ms)} ms p99 ${fmt(s.lag.p99Ms)} ms (${s.missing} lost)`,
        )
        .concat(`${fmt(result.achievedEventsPerSecond)} events/s sent`)
        .join('; ');
  }
}

const describe = (phase: Phase) =>
  phase.kind === 'append'
    ? `${phase.key}: ${phase.writers} writers x ${phase.callsPerWriter} calls x ${phase.eventsPerCall} events, ${phase.streamsPerWriter} streams per writer, ${phase.warmupCallsPerWriter} warm-up calls per writer`
    : phase.kind === 'read'
      ? `${phase.key}: all of $all from the start, pages of ${phase.pageSize}`
      : `${phase.key}: ${phase.eventsPerSecond} one-event appends/s on ${phase.streams} streams, ${phase.warmupSeconds} s warm-up + ${phase.seconds} s measured`;

const infos = [...workers.values()].map((w) => w.info);
const rows = rowsOf(plan.phases, results, plan.systems);
const targets = targetsOf(rows, results);
const loadAverageAtEnd = loadavg().map((n) => Number(n.toFixed(2)));
const sessionSync = infos.map((i) => `${i.system}=${i.synchronousCommit}`).join(', ');

console.log(
  `Event store benchmark (${plan.mode}), ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  `machine: ${machine.cpus} x ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverageAtStart.join('/')} at start, ${loadAverageAtEnd.join('/')} at end`,
);
console.log(
  `PostgreSQL ${server.version}: synchronous_commit=${server.synchronous_commit} (sessions: ${sessionSync}), fsync=${server.fsync}, wal_sync_method=${server.wal_sync_method}, shared_buffers=${server.shared_buffers}`,
);
console.log(
  `pool: ${plan.poolSize} connections per system; event: ${eventJsonBytes()} bytes of JSON (data + metadata); fresh database per system, CHECKPOINT before each run: ${plan.checkpoint}`,
);
for (const info of infos) console.log(`  ${info.system}: ${info.description}`);
for (const phase of plan.phases) console.log(`  ${describe(phase)}`);
if (server.synchronous_commit !== 'on' || infos.some((i) => i.synchronousCommit !== 'on'))
  console.log(
    'WARNING: synchronous_commit is not on: these figures do not count the WAL flush of each commit',
  );
console.log('');
console.log(formatTable(rows, plan.systems));
console.log(
  "\nratios: events/s Skyledger / baseline, lag baseline / Skyledger: above 1.00x Skyledger is ahead. inf: an event not delivered within the drain time (lag rows compare Skyledger with Emmett's puller).",
);
const lagDetail = formatLagDetail(results, plan.systems);
if (lagDetail.length) console.log(['\nlag detail (append call -> delivery):', ...lagDetail].join('\n'));
console.log('\ntargets (issue 2):');
console.log(formatTargets(targets));
console.log(
  JSON.stringify({
    bench: 'eventstore',
    mode: plan.mode,
    at: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd },
    postgres: { ...server, sessions: Object.fromEntries(infos.map((i) => [i.system, i.synchronousCommit])) },
    poolSize: plan.poolSize,
    phases: plan.phases,
    results,
    targets,
  }),
);
