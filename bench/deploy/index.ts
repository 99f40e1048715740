/**
 * `npm run bench -- deploy [--hosts 5000] [--vms 2000] [--concurrency 64] [--accounts 50] [--keep]`
 *
 * End-to-end deploy → Running on the local PostgreSQL with the simulator at zero latency, with
 * `--hosts` hosts preloaded (20 per cluster, one NFS pool per cluster). Clients deploy in a closed
 * loop (`--concurrency` outstanding deploys); a deploy's latency runs from the API call to its
 * JobSucceeded event being visible in $all. Accounts are User accounts in 5 domains with finite
 * account limits (so every deploy goes through its account's quota ledger) and unlimited domains.
 * Prints a JSON summary: VMs/s, p50/p99, and where the time goes per workflow step.
 * Database: DATABASE_URL (or TEST_DATABASE_URL), else postgres://postgres@127.0.0.1:5432/postgres;
 * a database of its own is created there and dropped at the end (unless --keep).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresEventStore } from '../../src/adapters/eventstore/index.ts';
import { SimulatorDriver } from '../../src/adapters/hypervisor/simulator/simulator.ts';
import { migrate } from '../../src/adapters/postgres/migrate.ts';
import { createPool, ensureDatabase } from '../../src/adapters/postgres/pool.ts';
import { CapacityIndex } from '../../src/commands/capacity/index.ts';
import { CommandBus } from '../../src/commands/commandBus.ts';
import { JobExecutor } from '../../src/commands/jobs/jobExecutor.ts';
import type { Workflows } from '../../src/commands/jobs/workflow.ts';
import { deployVm, vmWorkflows } from '../../src/commands/vm/index.ts';
import type { ResourceType } from '../../src/domain/limits/index.ts';
import { type Account, Cloud, GiB } from '../../test/commands/vm/cloud.ts';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const hostsWanted = arg('hosts', 5000);
const vmsWanted = arg('vms', 2000);
const concurrency = arg('concurrency', 64);
const accountCount = arg('accounts', 50);
const keep = process.argv.includes('--keep');
/** NOTIFY takes a global lock across each commit's WAL flush, serializing every append; off by default here. */
const notify = process.argv.includes('--notify');
const pollIntervalMs = arg('poll', 10);
/** `--async-commit`: synchronous_commit=off for the bench database (commits stop waiting for the WAL flush). */
const asyncCommit = process.argv.includes('--async-commit');
const hostsPerCluster = 20;

const adminUrl =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `skyledger_bench_deploy_${randomBytes(4).toString('hex')}`;
const url = await ensureDatabase(adminUrl, dbName);
if (asyncCommit) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(dbName)} SET synchronous_commit = off`);
  await admin.end();
}
const pool = createPool(url, 40);
await migrate(pool);
const store = createPostgresEventStore({ pool, pollIntervalMs, notify, listen: notify });
const bus = new CommandBus(store);
const capacity = new CapacityIndex({ store });
const driver = new SimulatorDriver();
const cloud = new Cloud(bus, store);

const log = (message: string) => process.stderr.write(`${message}\n`);
const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;

// ---- preload ----
const preloadStart = performance.now();
await cloud.base();
await cloud.infrastructure({
  clusters: Math.ceil(hostsWanted / hostsPerCluster),
  hostsPerCluster,
  host: { cpuCores: 32, cpuSpeedMhz: 2000, memoryMiB: 131072 },
  poolBytes: 20_000 * GiB,
  concurrency: 24,
});
const limits: Partial<Record<ResourceType, number>> = {
  user_vm: 100_000,
  cpu: 100_000,
  memory: 100_000_000,
  volume: 100_000,
  primary_storage: 1_000_000,
};
const accounts: Account[] = [];
for (let d = 0; d < 5; d++) {
  const domain = await cloud.domain(cloud.rootDomainId, 'ROOT', `bench-${d}`);
  // Unlimited domains are skipped by the quota saga: only the account ledgers are written.
  for (const type of Object.keys(limits))
    await cloud.domainLimit(domain, cloud.rootDomainId, type as ResourceType, -1);
  for (let a = 0; a < accountCount / 5; a++) {
    const account = await cloud.account(domain.tenantDomainId, domain.path);
    for (const [type, max] of Object.entries(limits))
      await cloud.accountLimit(account, type as ResourceType, max);
    accounts.push(account);
  }
}
await capacity.refresh();
const preloadMs = performance.now() - preloadStart;
log(
  `preloaded ${cloud.hosts.length} hosts, ${cloud.pools.length} pools, ${accounts.length} accounts in ${round(preloadMs / 1000)} s`,
);

// ---- instrumentation: time per step kind, around the deploy workflow ----
const stepTime = new Map<string, { count: number; ms: number }>();
const addTime = (kind: string, ms: number) => {
  const t = stepTime.get(kind) ?? { count: 0, ms: 0 };
  t.count++;
  t.ms += ms;
  stepTime.set(kind, t);
};
const timed = async <T>(kind: string, run: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  try {
    return await run();
  } finally {
    addTime(kind, performance.now() - start);
  }
};
const submittedAt = new Map<string, number>();
const instrument = (workflows: Workflows): Workflows => ({
  ...workflows,
  DeployVm: async (tools) => {
    const queued = submittedAt.get(tools.job.jobId);
    if (queued !== undefined) addTime('(queue: submitted → workflow start)', performance.now() - queued);
    return timed('(workflow total)', () =>
      workflows.DeployVm!({
        ...tools,
        step: (name, aggregate, id, command) =>
          timed(`step ${name.split(':')[0]}`, () => tools.step(name, aggregate, id, command)),
      }),
    );
  },
});
const originalRefresh = capacity.refresh.bind(capacity);
capacity.refresh = () => timed('capacity index refresh', originalRefresh);
const originalStart = driver.startVm.bind(driver);
driver.startVm = (spec) => timed('driver startVm', () => originalStart(spec));

const executor = new JobExecutor({
  bus,
  store,
  pool,
  driver,
  workflows: instrument(vmWorkflows({ bus, capacity })),
});
executor.start();

// ---- completion: JobSucceeded / JobFailed as a client sees them in $all ----
const failures = new Map<string, number>();
const waiting = new Map<string, (ok: boolean) => void>();
const outcomes = new Map<string, boolean>();
const completions = store
  .subscribeToAll({
    from: (await store.headPosition()) ?? 'start',
    filter: { eventTypes: ['JobSucceeded', 'JobFailed'] },
  })
  .subscribe((m) => {
    if (m.kind !== 'event') return;
    const { jobId } = m.event.data as { jobId: string };
    const ok = m.event.type === 'JobSucceeded';
    if (!ok) {
      const text = (m.event.data as { errorText: string }).errorText.replace(/[0-9a-f-]{36}/g, '<id>');
      failures.set(text, (failures.get(text) ?? 0) + 1);
    }
    const resolve = waiting.get(jobId);
    if (resolve) resolve(ok);
    else outcomes.set(jobId, ok);
  });
const completionOf = (jobId: string) =>
  new Promise<boolean>((resolve) => {
    const known = outcomes.get(jobId);
    if (known !== undefined) resolve(known);
    else waiting.set(jobId, resolve);
  });

// ---- the load ----
const latencies: number[] = [];
let failed = 0;
let issued = 0;
const runStart = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (issued < vmsWanted) {
      const account = accounts[issued++ % accounts.length]!;
      const start = performance.now();
      const { jobId } = await timed('sync deployVm (validate, VmCreated, JobSubmitted)', () =>
        deployVm(
          { bus, capacity },
          {
            caller: account.caller,
            ctx: {
              commandId: crypto.randomUUID(),
              correlationId: crypto.randomUUID(),
              actor: { userId: account.caller.userId, accountId: account.accountId },
            },
          },
          { zoneId: cloud.zoneId, serviceOfferingId: cloud.offeringId, templateId: cloud.templateId },
        ),
      );
      submittedAt.set(jobId, performance.now());
      const ok = await completionOf(jobId);
      const ms = performance.now() - start;
      if (ok) latencies.push(ms);
      else failed++;
    }
  }),
);
const wallMs = performance.now() - runStart;
completions.unsubscribe();
await executor.stop();

latencies.sort((a, b) => a - b);
const deployed = latencies.length;
const breakdown = Object.fromEntries(
  [...stepTime.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([kind, t]) => [kind, { count: t.count, totalMs: Math.round(t.ms), meanMs: round(t.ms / t.count) }]),
);
const summary = {
  benchmark: 'deploy → Running (simulator, zero latency, PostgreSQL event store)',
  hosts: cloud.hosts.length,
  pools: cloud.pools.length,
  accounts: accounts.length,
  concurrency,
  notify,
  pollIntervalMs,
  synchronousCommit: !asyncCommit,
  vmsRequested: vmsWanted,
  deployed,
  failed,
  failures: Object.fromEntries(failures),
  wallSeconds: round(wallMs / 1000),
  vmsPerSecond: round(deployed / (wallMs / 1000)),
  latencyMs: {
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
  },
  preloadSeconds: round(preloadMs / 1000),
  eventsWritten: Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n),
  /** Time summed over all deploys (they overlap: totals exceed the wall time). */
  whereTheTimeGoes: breakdown,
};
console.log(JSON.stringify(summary, null, 2));

await store.close();
await pool.end();
if (!keep) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
  await admin.end();
}
await driver.close();
process.exit(0);
