import { createPostgresEventStore, type EventStore } from '../../../src/adapters/eventstore/index.ts';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import { CapacityIndex } from '../../../src/commands/capacity/index.ts';
import { CommandBus } from '../../../src/commands/commandBus.ts';
import { JobExecutor } from '../../../src/commands/jobs/jobExecutor.ts';
import type { Workflows } from '../../../src/commands/jobs/workflow.ts';
import { type VmDeps, type VmSettings, vmWorkflows } from '../../../src/commands/vm/index.ts';
import type { JobState } from '../../../src/domain/job/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { Cloud } from './cloud.ts';

/** One test's world: a fresh database, the bus, the capacity index, the simulator and a job executor. */
export type World = {
  readonly db: TestDatabase;
  readonly store: EventStore;
  readonly bus: CommandBus;
  readonly capacity: CapacityIndex;
  readonly driver: SimulatorDriver;
  readonly deps: VmDeps;
  readonly cloud: Cloud;
  executor: JobExecutor;
  /** Starts another executor (the previous one must be stopped), with fresh workflows over `capacity`. */
  restart(capacity?: CapacityIndex, wrap?: (w: Workflows) => Workflows): JobExecutor;
  close(): Promise<void>;
};

export const settings: Partial<VmSettings> = { enableDynamicScaleVm: true };

export const createWorld = async (
  driver = new SimulatorDriver(),
  wrap: (w: Workflows) => Workflows = (w) => w,
): Promise<World> => {
  const db = await createTestDatabase({ poolSize: 30 });
  const store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 20 });
  const bus = new CommandBus(store);
  const capacity = new CapacityIndex({ store });
  const deps: VmDeps = { bus, capacity, settings };
  const executors: JobExecutor[] = [];
  const start = (index: CapacityIndex, w: (w: Workflows) => Workflows) => {
    const e = new JobExecutor({
      bus,
      store,
      pool: db.pool,
      driver,
      workflows: w(vmWorkflows({ ...deps, capacity: index })),
      standbyRetryMs: 50,
    });
    executors.push(e);
    e.start();
    return e;
  };
  const world: World = {
    db,
    store,
    bus,
    capacity,
    driver,
    deps,
    cloud: new Cloud(bus, store),
    executor: start(capacity, wrap),
    restart(index = capacity, w = wrap) {
      world.executor = start(index, w);
      return world.executor;
    },
    async close() {
      capacity.stop();
      await Promise.all(executors.map((e) => e.stop()));
      await store.close();
      await db.drop();
    },
  };
  return world;
};

export const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Waits for the job to end and returns its final state. */
export const ended = async (
  bus: CommandBus,
  jobId: string,
  timeoutMs = 20_000,
): Promise<NonNullable<JobState>> => {
  let state: JobState = null;
  await until(async () => {
    state = (await bus.load('job', jobId)).state;
    return state !== null && state.status !== 'pending';
  }, timeoutMs);
  return state!;
};

/** Every reservation a VM (or its ROOT volume) holds, folded from the host and pool streams. */
export const holdingsOf = async (w: World, vmId: string, volumeIds: readonly string[] = []) => {
  const hosts = [];
  for (const hostId of w.cloud.hosts) {
    const host = (await w.bus.load('host', hostId)).state;
    for (const r of Object.values(host?.reservations ?? {}))
      if (r.holderId === vmId) hosts.push({ hostId, ...r });
  }
  const pools = [];
  for (const poolId of w.cloud.pools) {
    const pool = (await w.bus.load('storagePool', poolId)).state;
    for (const r of Object.values(pool?.reservations ?? {}))
      if (volumeIds.includes(r.holderId)) pools.push({ poolId, ...r });
  }
  return { hosts, pools };
};

export const ledgerOf = async (w: World, scope: 'account' | 'domain', ownerId: string) =>
  (await w.bus.load(scope === 'account' ? 'quotaAccount' : 'quotaDomain', ownerId)).state;

/** The kind of a step: its name up to the first ':' (`reserve-host:<hostId>` → `reserve-host`). */
export const stepKind = (name: string): string => name.split(':')[0]!;

/** Wraps every workflow so the first step of kind `kind` fails instead of running; names seen go to `seen`. */
export const failingAt =
  (kind: string, seen: string[] = []) =>
  (workflows: Workflows): Workflows => {
    let failed = false;
    return Object.fromEntries(
      Object.entries(workflows).map(([name, workflow]) => [
        name,
        (tools: Parameters<typeof workflow>[0]) =>
          workflow({
            ...tools,
            step: (stepName, aggregate, id, command) => {
              seen.push(stepName);
              if (!failed && stepKind(stepName) === kind) {
                failed = true;
                return Promise.reject(new Error(`injected failure at ${stepName}`));
              }
              return tools.step(stepName, aggregate, id, command);
            },
          }),
      ]),
    );
  };
