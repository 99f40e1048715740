import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, type EventStore } from '../../src/adapters/eventstore/index.ts';
import { runAppend } from '../../src/adapters/eventstore/postgres/append.ts';
import { notifyChannel } from '../../src/adapters/eventstore/postgres/wakeups.ts';
import { prepareAppends } from '../../src/adapters/eventstore/shared/appendGuards.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { describeEventStoreContract } from './contract.ts';
import {
  caughtUp,
  eventually,
  hasEvent,
  newCategory,
  newEvent,
  newEvents,
  newStream,
  record,
  startingPoint,
  visible,
} from './support.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** Another pool on the same database: stands for another process (no shared in-process wake-ups). */
const otherPool = (applicationName = 'skyledger-test-other') => {
  const pool = new pg.Pool({ connectionString: db.url, max: 3, application_name: applicationName });
  pool.on('error', () => {});
  return pool;
};

const listenerPids = async (): Promise<number[]> => {
  const { rows } = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
       AND application_name = 'skyledger-listen-${notifyChannel}' AND query = $1`,
    [`LISTEN ${notifyChannel}`],
  );
  return rows.map((r) => r.pid);
};

/** A TCP proxy to the database whose link the test can cut (dropping every connection and refusing
 * new ones) and restore: a real network outage. */
const startCuttableProxy = async (databaseUrl: string) => {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  let down = false;
  let refused = 0;
  const server = net.createServer((client) => {
    if (down) {
      refused += 1;
      return client.destroy();
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const drop = () => {
      for (const socket of [client, upstream]) {
        socket.destroy();
        sockets.delete(socket);
      }
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const closeAll = async (stores: readonly EventStore[], pools: readonly pg.Pool[]) => {
  for (const store of stores) await store.close();
  for (const pool of pools) await pool.end();
};

describeEventStoreContract('PostgreSQL', async () => {
  const store = createPostgresEventStore({ pool: db.pool });
  return {
    store,
    eventIdsUniqueAcrossStore: true,
    // The adapter's own append SQL inside a transaction that stays open: a slow writer.
    async heldOpenAppend(appends, { holdMs, commit }) {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const results = await runAppend(client, prepareAppends(appends));
        await client.query('SELECT pg_sleep($1)', [holdMs / 1000]);
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => store.close(),
  };
});

describe('PostgreSQL event store', () => {
  it('hides an event committed behind a still-open older writer, then delivers both in order', async () => {
    const store = createPostgresEventStore({ pool: db.pool });
    const category = newCategory();
    const filter = { streamPrefixes: [`${category}-`] };
    const from = await startingPoint(store);
    const [slow, fast] = [newEvent(), newEvent()];
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const [slowResult] = await runAppend(
        client,
        prepareAppends([{ stream: newStream(category), events: [slow], expectedRevision: 'no_stream' }]),
      );
      const fastResult = await store.append(newStream(category), [fast], 'no_stream');
      expect(slowResult!.position < fastResult.position).toBe(true);
      expect((await store.readAll({ from, filter })).events).toEqual([]);
      expect(((await store.headPosition()) ?? '') < fastResult.position).toBe(true);
      await client.query('COMMIT');
      await visible(store, fastResult.position);
      const { events } = await store.readAll({ from, filter });
      expect(events.map((e) => e.id)).toEqual([slow.id, fast.id]);
    } finally {
      client.release();
      await store.close();
    }
  });

  it('wakes a subscriber in another process through LISTEN/NOTIFY', async () => {
    const pool = otherPool();
    const writer = createPostgresEventStore({ pool, listen: false });
    const reader = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 60_000 });
    try {
      const recording = record(reader.subscribeToAll({ from: await startingPoint(reader) }));
      await recording.until(caughtUp);
      await eventually(async () => (await listenerPids()).length === 1);
      const event = newEvent();
      await writer.append(newStream(), [event], 'no_stream');
      await recording.until(hasEvent(event.id), 3000);
      recording.stop();
    } finally {
      await closeAll([reader, writer], [pool]);
    }
  });

  it('polls when it does not listen', async () => {
    const pool = otherPool();
    const writer = createPostgresEventStore({ pool, listen: false, notify: false });
    const reader = createPostgresEventStore({ pool: db.pool, listen: false, pollIntervalMs: 50 });
    try {
      const recording = record(reader.subscribeToAll({ from: await startingPoint(reader) }));
      await recording.until(caughtUp);
      const event = newEvent();
      await writer.append(newStream(), [event], 'no_stream');
      await recording.until(hasEvent(event.id), 3000);
      recording.stop();
      expect(await listenerPids()).toEqual([]);
    } finally {
      await closeAll([reader, writer], [pool]);
    }
  });

  it('listens again after its connection is killed', async () => {
    const pool = otherPool();
    const writer = createPostgresEventStore({ pool, listen: false });
    const reader = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 60_000 });
    try {
      const recording = record(reader.subscribeToAll({ from: await startingPoint(reader) }));
      await recording.until(caughtUp);
      await eventually(async () => (await listenerPids()).length === 1);
      const [killed] = await listenerPids();
      await db.pool.query('SELECT pg_terminate_backend($1)', [killed]);
      await eventually(async () => {
        const pids = await listenerPids();
        return pids.length === 1 && pids[0] !== killed;
      });
      const event = newEvent();
      await writer.append(newStream(), [event], 'no_stream');
      await recording.until(hasEvent(event.id), 3000);
      recording.stop();
    } finally {
      await closeAll([reader, writer], [pool]);
    }
  });

  it('a subscription rides out a network outage and misses nothing', async () => {
    const proxy = await startCuttableProxy(db.url);
    const pool = new pg.Pool({ connectionString: proxy.url, max: 3 });
    pool.on('error', () => {});
    const reader = createPostgresEventStore({ pool, pollIntervalMs: 20 });
    const writer = createPostgresEventStore({ pool: db.pool });
    try {
      const stream = newStream();
      const recording = record(reader.subscribeToAll({ from: await startingPoint(writer) }));
      await recording.until(caughtUp);
      const appended = newEvents(30);
      for (const [i, event] of appended.entries()) {
        if (i === 10) proxy.cut();
        if (i === 20) proxy.restore();
        await writer.append(stream, [event], 'any');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await recording.until(hasEvent(appended.at(-1)!.id), 15_000);
      recording.stop();
      expect(proxy.refused()).toBeGreaterThan(0);
      expect(recording.error).toBeUndefined();
      const mine = recording.events().filter((e) => e.stream === stream);
      expect(mine.map((e) => e.id)).toEqual(appended.map((e) => e.id));
    } finally {
      await closeAll([reader, writer], [pool]);
      await proxy.close();
    }
  });

  it('close ends its LISTEN connection and leaves the pool it was given open', async () => {
    const store = createPostgresEventStore({ pool: db.pool });
    const recording = record(store.subscribeToAll({ from: await startingPoint(store) }));
    await recording.until(caughtUp);
    await eventually(async () => (await listenerPids()).length === 1);
    await store.close();
    await eventually(async () => (await listenerPids()).length === 0);
    expect(recording.completed).toBe(true);
    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await expect(store.append(newStream(), newEvents(1), 'any')).rejects.toThrow(/closed/);
  });

  it('keeps each transaction id and revision in the tables the readers rely on', async () => {
    const store = createPostgresEventStore({ pool: db.pool });
    const stream = newStream();
    await store.appendMany([{ stream, events: newEvents(2), expectedRevision: 'no_stream' }]);
    await store.close();
    const { rows } = await db.pool.query(
      `SELECT s.category, s.revision::text, count(DISTINCT e.tx_id)::int AS transactions
       FROM streams s JOIN events e USING (stream_id) WHERE s.stream_id = $1 GROUP BY 1, 2`,
      [stream],
    );
    expect(rows).toEqual([{ category: stream.split('-')[0], revision: '1', transactions: 1 }]);
  });
});
