import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresEventStore, type EventStore } from '../../src/adapters/eventstore/index.ts';
import { StaleReadError, waitForPosition } from '../../src/projections/consistency.ts';
import { ProjectionRunner } from '../../src/projections/runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { count as appendCount, noise as appendNoise, type CounterRow, counters } from './counters.ts';

let db: TestDatabase;
let store: EventStore;
const runners: ProjectionRunner[] = [];

// Each test gets its own database: the event log is append-only, so tests must not share one.
beforeEach(async () => {
  written = [];
  db = await createTestDatabase();
  store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await store.close();
  await db.drop();
});

const runner = (projection = counters(), options = {}) => {
  const r = new ProjectionRunner(db.pool, store, projection, {
    maxWaitMs: 5,
    standbyRetryMs: 50,
    ...options,
  });
  runners.push(r);
  r.start();
  return r;
};

const rows = async () =>
  (await db.pool.query<CounterRow>('SELECT id, total::int AS total, events FROM test_counters ORDER BY id'))
    .rows;

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

// The position each append returned: waiting for the highest one is read-your-writes. (The store's
// head is no such bound: events behind a still-open transaction are not visible yet.)
let written: string[] = [];
const count = async (s: EventStore, key: string, n: number) => {
  const result = await appendCount(s, key, n);
  written.push(result.position);
  return result;
};
const noise = async (s: EventStore) => written.push((await appendNoise(s)).position);
const headOf = async () => [...written].sort().at(-1)!;

describe('projection runner', () => {
  it('catches up on past events, then follows live ones', async () => {
    await count(store, 'a', 1);
    await count(store, 'b', 2);
    runner();
    await count(store, 'a', 10);
    await waitForPosition(db.pool, ['test_counters'], await headOf(), { timeoutMs: 5000 });
    expect(await rows()).toEqual([
      { id: 'a', total: 11, events: 2 },
      { id: 'b', total: 2, events: 1 },
    ]);
  });

  it('moves its checkpoint through events it does not handle', async () => {
    runner();
    await count(store, 'a', 1);
    for (let i = 0; i < 5; i++) await noise(store);
    await waitForPosition(db.pool, ['test_counters'], await headOf(), { timeoutMs: 5000 });
  });

  it('never double-applies when its connection dies mid-stream (crash between write and checkpoint)', async () => {
    const r = runner(counters(), { batchSize: 7 });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      writes.push(count(store, `k${i % 5}`, 1));
      if (i % 50 === 25)
        await db.pool.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE '%test_counters%' AND pid <> pg_backend_pid()",
        );
    }
    await Promise.all(writes);
    await waitForPosition(db.pool, ['test_counters'], await headOf(), { timeoutMs: 15_000 });
    expect((await rows()).map((row) => row.total)).toEqual([60, 60, 60, 60, 60]);
    expect(r.status().state).toBe('running');
  });

  it('runs one active runner per projection; a standby takes over when the active one stops', async () => {
    const first = runner();
    await until(() => first.status().state === 'running');
    const second = runner();
    await until(() => second.status().state === 'standby');
    await count(store, 'a', 1);
    await first.stop();
    await until(() => second.status().state === 'running');
    await count(store, 'a', 1);
    await waitForPosition(db.pool, ['test_counters'], await headOf(), { timeoutMs: 5000 });
    expect(await rows()).toEqual([{ id: 'a', total: 2, events: 2 }]);
  });

  it('stops loudly on an event it cannot apply, after applying everything before it, and records it', async () => {
    const poison = counters({
      evolve: (row, e, id) => {
        const { n } = e.data as { n: number };
        if (n < 0) throw new Error('negative counts are not allowed');
        return { id, total: (row?.total ?? 0) + n, events: (row?.events ?? 0) + 1 };
      },
    });
    await count(store, 'a', 1);
    await count(store, 'a', 2);
    const bad = await count(store, 'a', -1);
    await count(store, 'a', 4);
    const r = runner(poison, { maxAttempts: 2 });
    await until(() => r.status().state === 'failed', 20_000);
    expect(await rows()).toEqual([{ id: 'a', total: 3, events: 2 }]);
    const { rows: errors } = await db.pool.query('SELECT position, error FROM projection_errors');
    expect(errors).toEqual([{ position: bad.position, error: 'negative counts are not allowed' }]);
    expect(r.status().error).toMatch(/negative/);
  });

  it('answers read-your-writes waits with a clear error when the projection does not get there in time', async () => {
    await count(store, 'a', 1);
    await expect(
      waitForPosition(db.pool, ['test_counters'], await headOf(), { timeoutMs: 100 }),
    ).rejects.toBeInstanceOf(StaleReadError);
  });

  it('rebuilds when its version changes, keeping the old generation readable until the switch', async () => {
    await count(store, 'a', 5);
    const v1 = runner();
    await waitForPosition(db.pool, ['test_counters'], await headOf(), { timeoutMs: 5000 });
    await v1.stop();
    const doubled = counters({
      version: 2,
      evolve: (row, e, id) => ({
        id,
        total: (row?.total ?? 0) + 2 * (e.data as { n: number }).n,
        events: (row?.events ?? 0) + 1,
      }),
    });
    runner(doubled);
    await until(async () => (await rows())[0]?.total === 10);
    await count(store, 'a', 1);
    await until(async () => (await rows())[0]?.total === 12);
    const { rows: tables } = await db.pool.query(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'rm_test_counters%' ORDER BY 1",
    );
    expect(tables.map((t) => t.tablename)).toEqual(['rm_test_counters__g2']);
  });
});

describe('read-your-writes', () => {
  it('waits until the projection has passed the position', async () => {
    runner();
    const { position } = await count(store, 'z', 3);
    await waitForPosition(db.pool, ['test_counters'], position, { timeoutMs: 5000 });
    expect(await rows()).toEqual([{ id: 'z', total: 3, events: 1 }]);
  });
});
