import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type EventStore } from '../../../src/adapters/eventstore/index.ts';
import type { Position } from '../../../src/adapters/eventstore/port.ts';
import type { HypervisorDriver } from '../../../src/adapters/hypervisor/port.ts';
import type { Invocation } from '../../../src/commands/admin/shared.ts';
import { CommandBus } from '../../../src/commands/commandBus.ts';
import { JobExecutor } from '../../../src/commands/jobs/jobExecutor.ts';
import type { Workflows } from '../../../src/commands/jobs/workflow.ts';
import type { DomainError } from '../../../src/domain/shared/index.ts';
import type { Caller, RoleType } from '../../../src/domain/tenancy/roles.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { ctx } from '../support.ts';

export type World = {
  readonly db: TestDatabase;
  readonly store: EventStore;
  readonly bus: CommandBus;
  readonly executors: JobExecutor[];
};

export const openWorld = async (): Promise<World> => {
  const db = await createTestDatabase();
  const store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 20 });
  return { db, store, bus: new CommandBus(store), executors: [] };
};

export const closeWorld = async (w: World): Promise<void> => {
  await Promise.all(w.executors.splice(0).map((e) => e.stop()));
  await w.store.close();
  await w.db.drop();
};

export const startExecutor = (w: World, driver: HypervisorDriver, workflows: Workflows): JobExecutor => {
  const e = new JobExecutor({
    bus: w.bus,
    store: w.store,
    pool: w.db.pool,
    driver,
    workflows,
    standbyRetryMs: 50,
  });
  w.executors.push(e);
  e.start();
  return e;
};

export const callerOf = (roleType: RoleType, over: Partial<Caller> = {}): Caller => ({
  userId: randomUUID(),
  accountId: randomUUID(),
  tenantDomainId: randomUUID(),
  tenantDomainPath: 'ROOT',
  roleType,
  ...over,
});

export const rootAdmin = callerOf('Admin');

/** An invocation by `caller`; `after` is the last position the caller saw (read-your-writes). */
export const as = (
  caller: Caller,
  { after, ...over }: Partial<Invocation['ctx']> & { after?: Position | null } = {},
): Invocation => ({
  caller,
  ctx: ctx({
    actor: { userId: caller.userId, accountId: caller.accountId, tenantDomainId: caller.tenantDomainId },
    ...over,
  }),
  after: after ?? null,
});

/** The DomainError a promise is refused with. */
export const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
  try {
    await p;
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

export const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Waits for a job to end and returns its state. */
export const jobEnd = async (w: World, jobId: string) => {
  await until(async () => (await w.bus.load('job', jobId)).state?.status !== 'pending', 15_000);
  return (await w.bus.load('job', jobId)).state!;
};

export const eventsOf = async (w: World, stream: string) =>
  (await w.store.readStream(stream)).map((e) => e.type);
