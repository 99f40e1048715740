import type pg from 'pg';
import type { EventStore } from '../adapters/eventstore/port.ts';
import { timedAppends } from '../adapters/eventstore/timed.ts';
import { credentials } from '../adapters/http/auth/credentials.ts';
import { cloudStackWorkflows } from '../adapters/http/cloudstack/index.ts';
import { createMetrics } from '../adapters/http/metrics.ts';
import { SimulatorDriver } from '../adapters/hypervisor/simulator/simulator.ts';
import { adminWorkflows } from '../commands/admin/index.ts';
import { HostMonitor } from '../commands/admin/maintenance/hostMonitor.ts';
import { CapacityIndex } from '../commands/capacity/capacityIndex.ts';
import { reservationSweeper } from '../commands/capacity/sweep.ts';
import { CommandBus } from '../commands/commandBus.ts';
import { JobExecutor } from '../commands/jobs/jobExecutor.ts';
import { createStorageWorkflows, type StorageDeps, sqlLookup } from '../commands/storage/index.ts';
import { TimerScheduler } from '../commands/timers/index.ts';
import {
  cleanupAccountResources,
  expungeVm,
  migrateVmNow,
  restartVmElsewhere,
  stopAccountVms,
  type VmHookDeps,
  vmWorkflows,
} from '../commands/vm/index.ts';
import type { RowProjection } from '../projections/projection.ts';
import { readModels } from '../projections/readModels/index.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { usageCredits, usageMeter, usageTariffs } from '../projections/usage/index.ts';

export type ApplicationOptions = {
  readonly pool: pg.Pool;
  /**
   * Connections for the projection runners: each active runner holds one for as long as it leads,
   * so they get a pool of their own, sized to allProjections.length + 2, or they would starve the rest.
   */
  readonly projectionPool: pg.Pool;
  readonly store: EventStore;
  /** Key for API secrets at rest (AES-256-GCM). */
  readonly encryptionKey: Buffer;
  readonly driver?: SimulatorDriver;
  readonly log?: (message: string) => void;
  /** Seconds of heartbeat silence before a host is declared down (CloudStack: 2.5 × 60 s). */
  readonly hostTimeoutSeconds?: number;
};

/** Every read model a node projects: the resource views, the audit log and usage. */
export const allProjections: readonly RowProjection[] = [
  ...readModels,
  credentials,
  usageMeter,
  usageTariffs,
  usageCredits,
];

/**
 * One Skyledger node: the command bus and the processes behind it (job executor, projection
 * runners, timers, host monitor). Processes that must run once per cluster elect a leader in
 * PostgreSQL, so any number of nodes can run this side by side.
 */
export const createApplication = (options: ApplicationOptions) => {
  const { pool, encryptionKey } = options;
  const log = options.log ?? (() => {});
  const metrics = createMetrics({ projections: () => runners.map((r) => r.status()) });
  const store = timedAppends(options.store, (seconds) => metrics.appendDuration.observe(seconds));
  const bus = new CommandBus(store);
  const driver = options.driver ?? new SimulatorDriver({ heartbeatIntervalMs: 10_000 });
  const capacity = new CapacityIndex({ store });
  const lookup = sqlLookup(pool);
  const vm: VmHookDeps = { bus, capacity, driver };
  const storage: StorageDeps = { bus, lookup };
  const sweep = reservationSweeper({ bus, capacity });

  const executor = new JobExecutor({
    bus,
    store,
    pool,
    driver,
    log,
    onJobEnded: ({ command, outcome, seconds }) => {
      metrics.jobsTotal.inc({ command, outcome });
      metrics.jobDuration.observe({ command }, seconds);
    },
    workflows: {
      ...vmWorkflows(vm),
      ...createStorageWorkflows({ lookup }),
      ...cloudStackWorkflows,
      ...adminWorkflows({
        migrateVm: (vmId, targetHostId) => migrateVmNow(vm, vmId, targetHostId),
        stopAccountVms: (accountId) => stopAccountVms(vm, accountId),
        cleanupAccountResources: (accountId) => cleanupAccountResources(vm, accountId),
      }),
    },
  });
  const runners = allProjections.map((p) => new ProjectionRunner(options.projectionPool, store, p, { log }));
  const timers = new TimerScheduler({
    bus,
    store,
    pool,
    lookup,
    log,
    expungeVm: (vmId) => expungeVm(vm, vmId),
    sweep: async () => {
      await sweep();
    },
  });
  const hostMonitor = new HostMonitor({
    bus,
    driver,
    log,
    timeoutMs: (options.hostTimeoutSeconds ?? 150) * 1000,
    restartVmElsewhere: (vmId) => restartVmElsewhere(vm, vmId),
  });

  // The simulator keeps no state across restarts: it learns the cloud's simulator hosts from the
  // index (also those added on other nodes) and sends their heartbeats.
  const registerSimulatorHosts = () => {
    for (const host of capacity.hosts())
      if (host.hypervisor === 'Simulator' && !host.removed) driver.addHost(host.hostId);
  };
  let hostSync: NodeJS.Timeout | undefined;

  return {
    pool,
    store,
    bus,
    driver,
    capacity,
    vm,
    storage,
    encryptionKey,
    runners,
    executor,
    metrics,
    async start() {
      capacity.start();
      await capacity.refresh();
      registerSimulatorHosts();
      hostSync = setInterval(registerSimulatorHosts, 5000).unref();
      for (const r of runners) r.start();
      executor.start();
      timers.start();
      hostMonitor.start();
    },
    async stop() {
      clearInterval(hostSync);
      await hostMonitor.stop();
      await timers.stop();
      await executor.stop();
      await Promise.all(runners.map((r) => r.stop()));
      capacity.stop();
      await driver.close();
      await store.close();
    },
  };
};

export type Application = ReturnType<typeof createApplication>;
