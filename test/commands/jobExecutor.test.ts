import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresEventStore, type EventStore } from '../../src/adapters/eventstore/index.ts';
import { SimulatorDriver } from '../../src/adapters/hypervisor/simulator/simulator.ts';
import { CommandBus } from '../../src/commands/commandBus.ts';
import { JobExecutor } from '../../src/commands/jobs/jobExecutor.ts';
import { submitJob } from '../../src/commands/jobs/submitJob.ts';
import type { Workflows } from '../../src/commands/jobs/workflow.ts';
import { insufficientCapacity } from '../../src/domain/shared/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createZone, ctx } from './support.ts';

let db: TestDatabase;
let store: EventStore;
let bus: CommandBus;
const executors: JobExecutor[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  bus = new CommandBus(store);
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.stop()));
  await store.close();
  await db.drop();
});

const executor = (workflows: Workflows) => {
  const e = new JobExecutor({
    bus,
    store,
    pool: db.pool,
    driver: new SimulatorDriver(),
    workflows,
    standbyRetryMs: 50,
  });
  executors.push(e);
  e.start();
  return e;
};

const submit = (command: string, resourceId: string, params: Record<string, unknown> = {}) =>
  submitJob(bus, { command, resourceType: 'Zone', resourceId, params }, ctx());

const jobState = async (jobId: string) => (await bus.load('job', jobId)).state;

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const ended = (jobId: string) => async () => (await jobState(jobId))?.status !== 'pending';

const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
};

describe('job executor', () => {
  it('runs a job to success with its result, and a refused one to failure with a CloudStack error code', async () => {
    executor({
      CreateZone: async ({ job, step }) => {
        await step('create', 'zone', job.resourceId, createZone(job.resourceId));
        return { zoneId: job.resourceId };
      },
      Full: async () => {
        throw insufficientCapacity('NO_ROOM', 'no host has room');
      },
    });
    const ok = await submit('CreateZone', randomUUID());
    const full = await submit('Full', randomUUID());
    await until(ended(ok.jobId));
    await until(ended(full.jobId));
    expect(await jobState(ok.jobId)).toMatchObject({
      status: 'succeeded',
      result: { zoneId: expect.any(String) },
    });
    expect(await jobState(full.jobId)).toMatchObject({
      status: 'failed',
      errorCode: 533,
      errorText: 'no host has room',
    });
  });

  it('runs jobs on one resource one at a time in order, and jobs on different resources in parallel', async () => {
    const log: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    executor({
      Work: async ({ job }) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        log.push(`start ${job.resourceId}:${job.params.n}`);
        await new Promise((r) => setTimeout(r, 30));
        log.push(`end ${job.resourceId}:${job.params.n}`);
        concurrent--;
        return {};
      },
    });
    const jobs = [];
    for (let n = 0; n < 4; n++) jobs.push(await submit('Work', 'r1', { n }));
    for (let n = 0; n < 4; n++) jobs.push(await submit('Work', `other-${n}`, { n }));
    for (const j of jobs) await until(ended(j.jobId));
    const r1 = log.filter((l) => l.includes('r1:'));
    expect(r1).toEqual([
      'start r1:0',
      'end r1:0',
      'start r1:1',
      'end r1:1',
      'start r1:2',
      'end r1:2',
      'start r1:3',
      'end r1:3',
    ]);
    expect(maxConcurrent).toBeGreaterThan(1);
  });

  it('resumes an interrupted job after a restart and completes it exactly once, no step recorded twice', async () => {
    const inSecondStep = gate();
    const release = gate();
    let runs = 0;
    const workflows: Workflows = {
      TwoSteps: async ({ job, step }) => {
        runs++;
        const zoneId = job.resourceId;
        await step('create', 'zone', zoneId, createZone(zoneId));
        if (runs === 1) {
          inSecondStep.open();
          await release.opened;
        }
        await step('enable', 'zone', zoneId, { type: 'EnableZone', data: { zoneId } });
        return {};
      },
    };
    const first = executor(workflows);
    const zoneId = randomUUID();
    const { jobId } = await submit('TwoSteps', zoneId);
    await inSecondStep.opened;
    const stopped = first.stop();
    release.open();
    await stopped;
    expect((await jobState(jobId))?.status).toBe('pending');

    executor(workflows);
    await until(ended(jobId));
    expect((await jobState(jobId))?.status).toBe('succeeded');
    expect((await store.readStream(`zone-${zoneId}`)).map((e) => e.type)).toEqual([
      'ZoneCreated',
      'ZoneEnabled',
    ]);
    expect((await store.readStream(`job-${jobId}`)).map((e) => e.type)).toEqual([
      'JobSubmitted',
      'JobSucceeded',
    ]);
    expect(runs).toBe(2);
  });

  it('does not run a job again after a restart once it has ended', async () => {
    let runs = 0;
    const workflows: Workflows = {
      Once: async () => {
        runs++;
        return {};
      },
    };
    const first = executor(workflows);
    const { jobId } = await submit('Once', randomUUID());
    await until(ended(jobId));
    await first.stop();
    executor(workflows);
    const { jobId: later } = await submit('Once', randomUUID());
    await until(ended(later));
    expect(runs).toBe(2);
  });

  it('fails a job nobody knows how to run, with an internal error', async () => {
    executor({});
    const { jobId } = await submit('Mystery', randomUUID());
    await until(ended(jobId));
    expect(await jobState(jobId)).toMatchObject({ status: 'failed', errorCode: 530 });
  });

  it('returns the same job for a retried submission with the same idempotency key', async () => {
    const a = await submitJob(
      bus,
      { command: 'X', resourceType: 'Zone', resourceId: 'z', params: {} },
      ctx({ idempotencyKey: 'k1' }),
    );
    const b = await submitJob(
      bus,
      { command: 'X', resourceType: 'Zone', resourceId: 'z', params: {} },
      ctx({ idempotencyKey: 'k1' }),
    );
    expect(b.jobId).toBe(a.jobId);
    expect(await store.readStream(`job-${a.jobId}`)).toHaveLength(1);
  });
});
