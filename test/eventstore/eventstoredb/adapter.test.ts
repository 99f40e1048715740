import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createdAtMetadataKey,
  createEventStoreDbEventStore,
  fromPosition,
  toPosition,
} from '../../../src/adapters/eventstore/eventstoredb/index.ts';
import {
  AppendSizeExceededError,
  DuplicateEventIdError,
  type EventStore,
  type RecordedEvent,
  UnsupportedOperationError,
  WrongExpectedVersionError,
} from '../../../src/adapters/eventstore/index.ts';
import {
  caughtUp,
  hasEvent,
  newCategory,
  newEvent,
  newEvents,
  newStream,
  record,
  rejection,
  seededRandom,
  startingPoint,
} from '../support.ts';
import { type EventStoreDbDouble, startEventStoreDbDouble } from './double/server.ts';

let double: EventStoreDbDouble;
const stores: EventStore[] = [];
const storeOn = (server: EventStoreDbDouble = double, options = {}) => {
  const store = createEventStoreDbEventStore({
    connectionString: server.connectionString,
    appendRetryDelayMs: 20,
    reconnectDelayMs: 20,
    maxReconnectDelayMs: 200,
    ...options,
  });
  stores.push(store);
  return store;
};
beforeAll(async () => {
  double = await startEventStoreDbDouble();
});
afterEach(async () => {
  double.acceptConnections();
  for (const store of stores.splice(0)) await store.close();
});
afterAll(() => double.close());

const ids = (events: readonly { readonly id: string }[]) => events.map((e) => e.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('positions', () => {
  it('order as the log does: by commit, then prepare', () => {
    const part = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    fc.assert(
      fc.property(part, part, part, part, (c1, p1, c2, p2) => {
        const [a, b] = [toPosition({ commit: c1, prepare: p1 }), toPosition({ commit: c2, prepare: p2 })];
        const expected = c1 !== c2 ? c1 < c2 : p1 < p2;
        expect(a < b).toBe(expected);
        expect(fromPosition(a)).toEqual({ commit: c1, prepare: p1 });
      }),
    );
  });

  it('refuses a token that is not one of its positions', () => {
    expect(() => fromPosition('00000000000000000001')).toThrow(TypeError);
  });
});

describe('appendMany', () => {
  it('is refused as unsupported, after the usual checks, and writes nothing', async () => {
    const store = storeOn();
    expect(store.capabilities.atomicMultiStream).toBe(false);
    const [a, b] = [newStream(), newStream()];
    const error = await rejection(
      store.appendMany([
        { stream: a, events: newEvents(1), expectedRevision: 'no_stream' },
        { stream: b, events: newEvents(1), expectedRevision: 'no_stream' },
      ]),
    );
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(await store.readStream(a)).toEqual([]);
    await expect(
      store.appendMany([{ stream: a, events: [], expectedRevision: 'any' }]),
    ).rejects.toBeInstanceOf(RangeError);
  });
});

describe('event ids, as EventStoreDB keeps them', () => {
  it('a retry with the same ids and other data answers the first result and keeps the first data', async () => {
    const store = storeOn();
    const stream = newStream();
    const event = newEvent('Started', { a: 1 });
    const first = await store.append(stream, [event], 'no_stream');
    expect(await store.append(stream, [{ ...event, data: { a: 2 } }], 'no_stream')).toEqual(first);
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ a: 1 }]);
  });

  it('an id used on one stream can be used on another', async () => {
    const store = storeOn();
    const event = newEvent();
    await store.append(newStream(), [event], 'no_stream');
    const other = newStream();
    await store.append(other, [event], 'no_stream');
    expect(ids(await store.readStream(other))).toEqual([event.id]);
  });

  it('a retry with any whose first id is stored but not the rest is a reused id', async () => {
    const store = storeOn();
    const stream = newStream();
    const event = newEvent();
    await store.append(stream, [event], 'any');
    const error = await rejection(store.append(stream, [event, newEvent()], 'any'));
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream(stream)).toHaveLength(1);
  });
});

describe('system events', () => {
  it('are never read from $all, and the checkpoint runs past them', async () => {
    const store = storeOn();
    const from = await startingPoint(store);
    const mine = newEvent();
    await store.append(newStream(), [mine], 'no_stream');
    const settings = double.appendSystemEvent('$settings', 'update-default-acl');
    const stats = double.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    const { events, checkpoint } = await store.readAll({ from });
    expect(ids(events)).toEqual([mine.id]);
    expect(checkpoint).toBe(toPosition({ commit: stats.logPosition, prepare: stats.logPosition }));
    expect(settings.logPosition < stats.logPosition).toBe(true);
  });

  it('are never delivered to a subscription, and checkpoints pass them', async () => {
    const store = storeOn();
    const recording = record(store.subscribeToAll({ from: await startingPoint(store) }));
    await recording.until(caughtUp);
    double.appendSystemEvent('$settings', 'update-default-acl');
    const mine = newEvent();
    await store.append(newStream(), [mine], 'no_stream');
    await recording.until(hasEvent(mine.id));
    recording.stop();
    expect(recording.events().every((e) => !e.stream.startsWith('$') && !e.type.startsWith('$'))).toBe(true);
  });
});

describe('subscriptions', () => {
  it('filter on types and prefixes together: the server applies one, the adapter the other', async () => {
    const store = storeOn();
    const category = newCategory();
    const wanted = newEvent('Wanted');
    await store.append(newStream(category), [newEvent('Other'), wanted], 'no_stream');
    await store.append(newStream(), [newEvent('Wanted')], 'no_stream');
    const recording = record(
      store.subscribeToAll({ filter: { streamPrefixes: [`${category}-`], eventTypes: ['Wanted'] } }),
    );
    await recording.until(caughtUp);
    recording.stop();
    expect(ids(recording.events())).toEqual([wanted.id]);
  });

  it('resubscribes after its connection is cut, and misses or repeats nothing', async () => {
    const store = storeOn();
    const writer = storeOn();
    const stream = newStream();
    const recording = record(store.subscribeToAll({ from: await startingPoint(store) }));
    await recording.until(caughtUp);
    const appended = newEvents(40);
    for (const [i, event] of appended.entries()) {
      if (i % 10 === 5) double.dropConnections();
      await writer.append(stream, [event], 'any');
      await sleep(5);
    }
    await recording.until(hasEvent(appended.at(-1)!.id), 15_000);
    recording.stop();
    expect(double.droppedConnections()).toBeGreaterThan(0);
    expect(recording.error).toBeUndefined();
    expect(ids(recording.events().filter((e) => e.stream === stream))).toEqual(ids(appended));
    expect(recording.messages.filter((m) => m.kind === 'caughtUp')).toHaveLength(1);
  });

  it('waits out a server that refuses connections, then goes on from its checkpoint', async () => {
    const store = storeOn();
    const writer = storeOn();
    const stream = newStream();
    const recording = record(store.subscribeToAll({ from: await startingPoint(store) }));
    await recording.until(caughtUp);
    double.refuseConnections();
    await sleep(300);
    double.acceptConnections();
    const event = newEvent();
    await writer.append(stream, [event], 'no_stream');
    await recording.until(hasEvent(event.id), 10_000);
    recording.stop();
    expect(recording.error).toBeUndefined();
  });
});

describe('appends over a failing connection', () => {
  it('retry with the same ids until the server answers', async () => {
    const store = storeOn();
    const stream = newStream();
    double.refuseConnections();
    const appending = store.append(stream, newEvents(2), 'no_stream');
    await sleep(150);
    double.acceptConnections();
    expect((await appending).nextExpectedRevision).toBe(1n);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('give up after their attempts with the connection error', async () => {
    const store = storeOn(double, { appendAttempts: 2 });
    double.refuseConnections();
    const error = await rejection(store.append(newStream(), newEvents(1), 'any'));
    expect(error).toMatchObject({ type: 'unavailable' });
  });
});

describe('the server refusing an append', () => {
  it('over its own MaxAppendSize is the port size error', async () => {
    const small = await startEventStoreDbDouble({ maxAppendSize: 1000 });
    try {
      const store = storeOn(small);
      const stream = newStream();
      const error = await rejection(
        store.append(stream, [newEvent('Big', { blob: 'x'.repeat(2000) })], 'any'),
      );
      expect(error).toBeInstanceOf(AppendSizeExceededError);
      expect(error).toMatchObject({ maxBytes: 1000 });
      expect(await store.readStream(stream)).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('the same way through the Append call of servers before BatchAppend', async () => {
    const legacy = await startEventStoreDbDouble({ legacy: true, maxAppendSize: 1000 });
    try {
      const store = storeOn(legacy);
      const stream = newStream();
      await store.append(stream, newEvents(2), 'no_stream');
      const conflict = await rejection(store.append(stream, newEvents(1), 0n));
      expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
      expect(conflict).toMatchObject({ stream, expected: 0n, actual: 1n });
      const big = await rejection(store.append(stream, [newEvent('Big', { blob: 'x'.repeat(2000) })], 'any'));
      expect(big).toBeInstanceOf(AppendSizeExceededError);
    } finally {
      await legacy.close();
    }
  });
});

it('a migrated event keeps its original creation time', async () => {
  const store = storeOn();
  const stream = newStream();
  const event = newEvent();
  await store.append(
    stream,
    [{ ...event, metadata: { ...event.metadata, [createdAtMetadataKey]: '2024-03-01T12:00:00.000Z' } }],
    'no_stream',
  );
  const [read] = await store.readStream(stream);
  expect(read!.createdAt.toISOString()).toBe('2024-03-01T12:00:00.000Z');
  expect(read!.metadata).toEqual(event.metadata);
});

it('concurrent writers while connections drop: a live subscriber sees every event once, each stream in order', async () => {
  const reader = storeOn();
  const category = newCategory();
  const streams = Array.from({ length: 30 }, () => newStream(category));
  const recording = record(
    reader.subscribeToAll({
      from: await startingPoint(reader),
      filter: { streamPrefixes: [`${category}-`] },
    }),
  );
  await recording.until(caughtUp);
  const committed = new Set<string>();
  const writer = async (seed: number) => {
    const store = storeOn();
    const random = seededRandom(seed);
    const known = new Map<string, bigint>();
    for (let i = 0; i < 100; i += 1) {
      const stream = streams[Math.floor(random() * streams.length)]!;
      const events = newEvents(1 + Math.floor(random() * 3), 'Ticked');
      const exact = random() < 0.3;
      const result = await store
        .append(stream, events, exact ? (known.get(stream) ?? 'no_stream') : 'any')
        .catch((e: unknown) => {
          if (!(e instanceof WrongExpectedVersionError)) throw e;
          return null;
        });
      if (!result) continue;
      known.set(stream, result.nextExpectedRevision);
      for (const { id } of events) committed.add(id);
    }
  };
  const dropping = setInterval(() => double.dropConnections(), 400);
  try {
    await Promise.all(Array.from({ length: 6 }, (_, w) => writer(104_729 * (w + 1))));
  } finally {
    clearInterval(dropping);
  }
  await recording.until((r) => r.events().length >= committed.size, 20_000).catch(() => {});
  await sleep(200);
  recording.stop();
  const delivered = recording.events();
  expect(double.droppedConnections()).toBeGreaterThan(0);
  expect(new Set(ids(delivered))).toEqual(committed);
  expect(delivered).toHaveLength(committed.size);
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of delivered) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
  for (const [stream, events] of byStream)
    expect(
      events.map((e) => e.revision),
      stream,
    ).toEqual(events.map((_, i) => BigInt(i)));
}, 60_000);
