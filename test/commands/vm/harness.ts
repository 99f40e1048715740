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

export const createWorld = async (wrap: (w: Workflows) => Workflows = (w) => w): Promise<World> => {
  const db = await createTestDatabase({ poolSize: 30 });
  const store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 20 });
  const bus = new CommandBus(store);
  const capacity = new CapacityIndex({ store });
  const driver = new SimulatorDriver();
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
