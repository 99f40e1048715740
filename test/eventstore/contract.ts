import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AppendResult,
  AppendSizeExceededError,
  DuplicateEventIdError,
  type EventStore,
  maxAppendSizeBytes,
  type RecordedEvent,
  type StreamAppend,
  UnsupportedOperationError,
  WrongExpectedVersionError,
} from '../../src/adapters/eventstore/index.ts';
import {
  caughtUp,
  eventually,
  expectWrongExpectedVersion,
  hasEvent,
  newCategory,
  newEvent,
  newEvents,
  newStream,
  record,
  rejection,
  seededRandom,
  startingPoint,
  visible,
} from './support.ts';

export type EventStoreHarness = {
  readonly store: EventStore;
  /**
   * Whether an event id names one event in the whole store (memory, PostgreSQL: reusing it anywhere
   * else is refused) or only within its stream (EventStoreDB: the server dedups a stream's writes by
   * id, and the same id may be written to another stream).
   */
  readonly eventIdsUniqueAcrossStore: boolean;
  /**
   * Runs an append the adapter's own way inside a transaction held open for holdMs, then commits it
   * or rolls it back: how a slow writer looks. Only for adapters that have transactions.
   */
  readonly heldOpenAppend?: (
    appends: readonly StreamAppend[],
    options: { readonly holdMs: number; readonly commit: boolean },
  ) => Promise<readonly AppendResult[]>;
  close(): Promise<void>;
};

const ids = (events: readonly { readonly id: string }[]) => events.map((e) => e.id);

/** A store without atomic multi-stream appends refuses appendMany outright, having written nothing. */
const expectAppendManyRefused = async (store: EventStore, appends: readonly StreamAppend[]) => {
  const readAll = () => Promise.all(appends.map((a) => store.readStream(a.stream)));
  const before = await readAll();
  expect(await rejection(store.appendMany(appends))).toBeInstanceOf(UnsupportedOperationError);
  expect(await readAll()).toEqual(before);
};

/** The behaviour every EventStore adapter shares; run by each adapter's test file. */
export const describeEventStoreContract = (name: string, factory: () => Promise<EventStoreHarness>): void => {
  describe(`EventStore contract: ${name}`, () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(() => harness.close());

    describe('expected revision', () => {
      it('no_stream on a new stream appends at revision 0', async () => {
        const stream = newStream();
        const result = await store.append(stream, newEvents(2), 'no_stream');
        expect(result.nextExpectedRevision).toBe(1n);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n]);
      });

      it('no_stream on an existing stream fails with its actual revision and writes nothing', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(2), 'no_stream');
        const error = await rejection(store.append(stream, newEvents(1), 'no_stream'));
        expectWrongExpectedVersion(error, stream, 'no_stream', 1n);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('stream_exists on a new stream fails with actual no_stream and writes nothing', async () => {
        const stream = newStream();
        const error = await rejection(store.append(stream, newEvents(1), 'stream_exists'));
        expectWrongExpectedVersion(error, stream, 'stream_exists', 'no_stream');
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('stream_exists on an existing stream appends after its last event', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(1), 'no_stream');
        const result = await store.append(stream, newEvents(2), 'stream_exists');
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('an exact revision on a new stream fails with actual no_stream', async () => {
        const stream = newStream();
        const error = await rejection(store.append(stream, newEvents(1), 0n));
        expectWrongExpectedVersion(error, stream, 0n, 'no_stream');
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('the exact current revision appends after it', async () => {
        const stream = newStream();
        const first = await store.append(stream, newEvents(3), 'no_stream');
        const result = await store.append(stream, newEvents(1), first.nextExpectedRevision);
        expect(result.nextExpectedRevision).toBe(3n);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('a stale exact revision fails with the actual revision and writes nothing', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(3), 'no_stream');
        const error = await rejection(store.append(stream, newEvents(1), 1n));
        expectWrongExpectedVersion(error, stream, 1n, 2n);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('any on a new stream starts it at revision 0', async () => {
        const stream = newStream();
        const result = await store.append(stream, newEvents(1), 'any');
        expect(result.nextExpectedRevision).toBe(0n);
      });

      it('any on an existing stream appends after its last event', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(2), 'no_stream');
        const result = await store.append(stream, newEvents(2), 'any');
        expect(result.nextExpectedRevision).toBe(3n);
      });
    });

    describe('idempotent appends', () => {
      it('a retry with the same event ids returns the first result and writes nothing', async () => {
        const stream = newStream();
        const events = newEvents(2);
        const first = await store.append(stream, events, 'no_stream');
        const retry = await store.append(stream, events, 'no_stream');
        expect(retry).toEqual(first);
        expect(ids(await store.readStream(stream))).toEqual(ids(events));
      });

      it('a retry returns the first result after the stream has moved on', async () => {
        const stream = newStream();
        const events = newEvents(2);
        const first = await store.append(stream, events, 'no_stream');
        await store.append(stream, newEvents(1), 1n);
        expect(await store.append(stream, events, 'no_stream')).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('a retry with expected revision any returns the first result', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(1), 'no_stream');
        const events = newEvents(2);
        const first = await store.append(stream, events, 'any');
        expect(await store.append(stream, events, 'any')).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('a retried multi-stream append returns the first results (without atomic multi-stream appends: refused each time)', async () => {
        const appends = [
          { stream: newStream(), events: newEvents(2), expectedRevision: 'no_stream' as const },
          { stream: newStream(), events: newEvents(1), expectedRevision: 'any' as const },
        ];
        if (!store.capabilities.atomicMultiStream) {
          await expectAppendManyRefused(store, appends);
          return expectAppendManyRefused(store, appends);
        }
        const first = await store.appendMany(appends);
        expect(await store.appendMany(appends)).toEqual(first);
        expect(await store.readStream(appends[0]!.stream)).toHaveLength(2);
      });

      it('concurrent identical appends all return the one result, written once', async () => {
        const stream = newStream();
        const events = newEvents(3);
        const results = await Promise.all(
          Array.from({ length: 6 }, () => store.append(stream, events, 'any')),
        );
        expect(new Set(results.map((r) => r.position)).size).toBe(1);
        expect(ids(await store.readStream(stream))).toEqual(ids(events));
      });

      it('an event id reused with other data is refused where ids are store-wide; per stream it is a retry answering the first result', async () => {
        const stream = newStream();
        const event = newEvent('Started', { a: 1 });
        const first = await store.append(stream, [event], 'no_stream');
        const reused = store.append(stream, [{ ...event, data: { a: 2 } }], 'no_stream');
        if (harness.eventIdsUniqueAcrossStore) {
          const error = await rejection(reused);
          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect(error).toMatchObject({ eventId: event.id });
        } else {
          // The same id on the same stream at the same expected revision: idempotent, ids not payloads compared.
          expect(await reused).toEqual(first);
        }
        expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ a: 1 }]);
      });

      it('an event id reused on another stream is refused where ids are store-wide; per stream it is written there too', async () => {
        const event = newEvent();
        const stream = newStream();
        await store.append(stream, [event], 'no_stream');
        const other = newStream();
        const reused = store.append(other, [event], 'no_stream');
        if (harness.eventIdsUniqueAcrossStore) {
          const error = await rejection(reused);
          expect(error).toMatchObject({ name: 'DuplicateEventIdError', eventId: event.id });
          expect(await store.readStream(other)).toEqual([]);
        } else {
          expect((await reused).nextExpectedRevision).toBe(0n);
          expect(ids(await store.readStream(other))).toEqual([event.id]);
        }
        expect(ids(await store.readStream(stream))).toEqual([event.id]);
      });

      it('a retry with some new events besides the stored ones is refused', async () => {
        const stream = newStream();
        const event = newEvent();
        await store.append(stream, [event], 'no_stream');
        const error = await rejection(store.append(stream, [event, newEvent()], 'no_stream'));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('a retry whose expected revision does not fit where its events are is refused', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(1), 'no_stream');
        const events = newEvents(1);
        await store.append(stream, events, 0n);
        const error = await rejection(store.append(stream, events, 'no_stream'));
        expectWrongExpectedVersion(error, stream, 'no_stream', 1n);
      });

      it('concurrent appends of one event id to two streams: where ids are store-wide one wins and the other is refused; per stream both are written', async () => {
        const event = newEvent();
        const [a, b] = [newStream(), newStream()];
        const outcomes = await Promise.allSettled([
          store.append(a, [event], 'any'),
          store.append(b, [event], 'any'),
        ]);
        const written = [...(await store.readStream(a)), ...(await store.readStream(b))];
        if (harness.eventIdsUniqueAcrossStore) {
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
          const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
          expect(refused.reason).toBeInstanceOf(DuplicateEventIdError);
          expect(ids(written)).toEqual([event.id]);
        } else {
          expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
          expect(written.map((e) => [e.stream, e.id])).toEqual([
            [a, event.id],
            [b, event.id],
          ]);
          // Each stream still dedups its own retry of that id.
          const [first] = outcomes as PromiseFulfilledResult<AppendResult>[];
          expect(await store.append(a, [event], 'any')).toEqual(first!.value);
          expect(await store.readStream(a)).toHaveLength(1);
        }
      });
    });

    describe('reading a stream', () => {
      it('reads forwards with everything that was recorded', async () => {
        const stream = newStream();
        const events = [newEvent('Created', { name: 'web-1', size: 2 }), newEvent('Started', { at: 'now' })];
        const result = await store.append(stream, events, 'no_stream');
        const read = await store.readStream(stream);
        expect(
          read.map(({ id, stream, revision, type, data, metadata }) => ({
            id,
            stream,
            revision,
            type,
            data,
            metadata,
          })),
        ).toEqual(
          events.map((e, i) => ({
            id: e.id,
            stream,
            revision: BigInt(i),
            type: e.type,
            data: e.data,
            metadata: e.metadata,
          })),
        );
        expect(read[0]!.createdAt).toBeInstanceOf(Date);
        expect(read[1]!.position).toBe(result.position);
        expect(read[0]!.position < read[1]!.position).toBe(true);
      });

      it('reads backwards from the end', async () => {
        const stream = newStream();
        const events = newEvents(3);
        await store.append(stream, events, 'no_stream');
        const read = await store.readStream(stream, { direction: 'backwards' });
        expect(ids(read)).toEqual(ids(events).reverse());
      });

      it('reads forwards from a revision, inclusive', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(5), 'no_stream');
        const read = await store.readStream(stream, { fromRevision: 3n });
        expect(read.map((e) => e.revision)).toEqual([3n, 4n]);
      });

      it('reads backwards from a revision, inclusive', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(5), 'no_stream');
        const read = await store.readStream(stream, { direction: 'backwards', fromRevision: 1n });
        expect(read.map((e) => e.revision)).toEqual([1n, 0n]);
      });

      it('reads at most maxCount events, in either direction', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(5), 'no_stream');
        const forwards = await store.readStream(stream, { maxCount: 2 });
        const backwards = await store.readStream(stream, { direction: 'backwards', maxCount: 2 });
        expect(forwards.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(backwards.map((e) => e.revision)).toEqual([4n, 3n]);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
        expect(await store.readStream(newStream(), { direction: 'backwards' })).toEqual([]);
      });

      it('reads nothing forwards from the end', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(2), 'no_stream');
        expect(await store.readStream(stream, { fromRevision: 'end' })).toEqual([]);
      });
    });

    describe('reading $all', () => {
      it('returns events in append order with increasing positions, each once', async () => {
        const from = await startingPoint(store);
        const [a, b] = [newStream(), newStream()];
        const appended = [newEvent(), newEvent(), newEvent(), newEvent()];
        await store.append(a, [appended[0]!], 'no_stream');
        await store.append(b, [appended[1]!, appended[2]!], 'no_stream');
        const last = await store.append(a, [appended[3]!], 0n);
        await visible(store, last.position);
        const { events, checkpoint } = await store.readAll({ from });
        expect(ids(events)).toEqual(ids(appended));
        const positions = events.map((e) => e.position);
        expect([...positions].sort()).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);
        expect(checkpoint).toBe(last.position);
      });

      it('resumes after a position, exclusively', async () => {
        const from = await startingPoint(store);
        const appended = newEvents(4);
        const last = await store.append(newStream(), appended, 'no_stream');
        await visible(store, last.position);
        const { events } = await store.readAll({ from });
        const rest = await store.readAll({ from: events[1]!.position });
        expect(ids(rest.events)).toEqual(ids(appended.slice(2)));
      });

      it('pages with maxCount; each checkpoint resumes where the page ended', async () => {
        const from = await startingPoint(store);
        const appended = newEvents(5);
        const last = await store.append(newStream(), appended, 'no_stream');
        await visible(store, last.position);
        const first = await store.readAll({ from, maxCount: 3 });
        const second = await store.readAll({ from: first.checkpoint!, maxCount: 3 });
        expect(ids(first.events)).toEqual(ids(appended.slice(0, 3)));
        expect(first.checkpoint).toBe(first.events[2]!.position);
        expect(ids(second.events)).toEqual(ids(appended.slice(3)));
      });

      it('reads nothing after the newest event, keeping the checkpoint', async () => {
        const last = await store.append(newStream(), newEvents(1), 'no_stream');
        await visible(store, last.position);
        const head = (await store.headPosition())!;
        expect(await store.readAll({ from: head })).toEqual({ events: [], checkpoint: head });
      });

      it('reports the newest visible event as the head position', async () => {
        const last = await store.append(newStream(), newEvents(2), 'no_stream');
        await visible(store, last.position);
        expect(await store.headPosition()).toBe(last.position);
      });

      it('filters by event type', async () => {
        const from = await startingPoint(store);
        const [wanted, other] = [`Wanted${randomUUID()}`, `Other${randomUUID()}`];
        const stream = newStream();
        const appended = [newEvent(wanted), newEvent(other), newEvent(wanted), newEvent(other)];
        const last = await store.append(stream, appended, 'no_stream');
        await visible(store, last.position);
        const { events, checkpoint } = await store.readAll({ from, filter: { eventTypes: [wanted] } });
        expect(ids(events)).toEqual([appended[0]!.id, appended[2]!.id]);
        expect(checkpoint! >= last.position).toBe(true);
      });

      it('filters by stream-name prefix', async () => {
        const from = await startingPoint(store);
        const [vm, host] = [newCategory(), newCategory()];
        const wanted = [newEvent(), newEvent()];
        await store.append(newStream(vm), [wanted[0]!], 'no_stream');
        await store.append(newStream(host), newEvents(2), 'no_stream');
        const last = await store.append(newStream(vm), [wanted[1]!], 'no_stream');
        await visible(store, last.position);
        const { events } = await store.readAll({ from, filter: { streamPrefixes: [`${vm}-`] } });
        expect(ids(events)).toEqual(ids(wanted));
      });

      it('treats prefix characters literally', async () => {
        const from = await startingPoint(store);
        const category = newCategory();
        const literal = newEvent();
        await store.append(`${category}_x%-1`, [literal], 'no_stream');
        const last = await store.append(`${category}ax1-1`, newEvents(1), 'no_stream');
        await visible(store, last.position);
        const { events } = await store.readAll({ from, filter: { streamPrefixes: [`${category}_x%`] } });
        expect(ids(events)).toEqual([literal.id]);
      });

      it('a filter that matches nothing still moves the checkpoint past what it looked at', async () => {
        const from = await startingPoint(store);
        const last = await store.append(newStream(), newEvents(3), 'no_stream');
        await visible(store, last.position);
        const { events, checkpoint } = await store.readAll({
          from,
          filter: { eventTypes: [`Never${randomUUID()}`] },
        });
        expect(events).toEqual([]);
        expect(checkpoint).toBe(last.position);
      });

      it('a filtered read returns within its search window and resumes from its checkpoint', async () => {
        const from = await startingPoint(store);
        const wanted = `Rare${randomUUID()}`;
        const stream = newStream();
        for (let i = 0; i < 50; i += 1) await store.append(stream, newEvents(100), 'any');
        const rare = newEvent(wanted);
        const last = await store.append(stream, [rare], 'any');
        await visible(store, last.position);
        const first = await store.readAll({ from, maxCount: 10, filter: { eventTypes: [wanted] } });
        expect(first.events).toEqual([]);
        expect(first.checkpoint! < last.position).toBe(true);
        expect(first.checkpoint! > (from === 'start' ? '' : from)).toBe(true);
        const second = await store.readAll({
          from: first.checkpoint!,
          maxCount: 10,
          filter: { eventTypes: [wanted] },
        });
        expect(ids(second.events)).toEqual([rare.id]);
      });
    });

    describe('subscribing to $all', () => {
      it('catches up across pages while appends go on, says caughtUp once, then goes live', async () => {
        const from = await startingPoint(store);
        const stream = newStream();
        const before = newEvents(1200);
        for (let i = 0; i < before.length; i += 100)
          await store.append(stream, before.slice(i, i + 100), 'any');
        const recording = record(store.subscribeToAll({ from }));
        const during = newEvents(30);
        for (const event of during) await store.append(stream, [event], 'any');
        await recording.until(caughtUp);
        const live = newEvents(5);
        await store.append(stream, live, 'any');
        await recording.until(hasEvent(live[4]!.id));
        recording.stop();
        const mine = recording.events().filter((e) => e.stream === stream);
        expect(ids(mine)).toEqual(ids([...before, ...during, ...live]));
        expect(recording.messages.filter((m) => m.kind === 'caughtUp')).toHaveLength(1);
      });

      it('from the head, says caughtUp at once with that position', async () => {
        const last = await store.append(newStream(), newEvents(1), 'no_stream');
        await visible(store, last.position);
        const head = (await store.headPosition())!;
        const recording = record(store.subscribeToAll({ from: head }));
        await recording.until(caughtUp);
        recording.stop();
        expect(recording.messages).toEqual([{ kind: 'caughtUp', position: head }]);
      });

      it('resumes after a delivered event without repeating it', async () => {
        const from = await startingPoint(store);
        const stream = newStream();
        const appended = newEvents(6);
        await store.append(stream, appended, 'no_stream');
        const first = record(store.subscribeToAll({ from }));
        await first.until(hasEvent(appended[2]!.id));
        first.stop();
        const resumeAt = first.events().find((e) => e.id === appended[2]!.id)!.position;
        const second = record(store.subscribeToAll({ from: resumeAt }));
        await second.until(hasEvent(appended[5]!.id));
        second.stop();
        expect(ids(second.events().filter((e) => e.stream === stream))).toEqual(ids(appended.slice(3)));
      });

      it('a filtered subscription delivers matching events and checkpoints past the others', async () => {
        const from = await startingPoint(store);
        const category = newCategory();
        const wanted = newEvent();
        await store.append(newStream(), newEvents(3), 'any');
        await store.append(newStream(category), [wanted], 'no_stream');
        const last = await store.append(newStream(), newEvents(3), 'any');
        const recording = record(
          store.subscribeToAll({ from, filter: { streamPrefixes: [`${category}-`] } }),
        );
        await recording.until((r) =>
          r.messages.some((m) => m.kind === 'checkpoint' && m.position >= last.position),
        );
        recording.stop();
        expect(ids(recording.events())).toEqual([wanted.id]);
        const checkpoint = recording.messages.find((m) => m.kind === 'checkpoint')!;
        const resumed = record(
          store.subscribeToAll({
            from: checkpoint.kind === 'checkpoint' ? checkpoint.position : 'start',
            filter: { streamPrefixes: [`${category}-`] },
          }),
        );
        await resumed.until(caughtUp);
        resumed.stop();
        expect(resumed.events()).toEqual([]);
      });

      it('stops delivering once unsubscribed', async () => {
        const from = await startingPoint(store);
        const stream = newStream();
        const recording = record(store.subscribeToAll({ from }));
        await recording.until(caughtUp);
        const first = newEvent();
        await store.append(stream, [first], 'no_stream');
        await recording.until(hasEvent(first.id));
        recording.stop();
        const count = recording.messages.length;
        await store.append(stream, newEvents(3), 'any');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(recording.messages).toHaveLength(count);
      });

      it('completes live subscriptions when the store closes', async () => {
        const recording = record(store.subscribeToAll({ from: await startingPoint(store) }));
        await recording.until(caughtUp);
        await store.close();
        await recording.until((r) => r.completed);
        expect(recording.error).toBeUndefined();
      });

      it('fails at once from a position that is not one of the store', async () => {
        const recording = record(store.subscribeToAll({ from: 'not-a-position' }));
        await eventually(() => recording.error !== undefined);
        expect(recording.error).toBeInstanceOf(TypeError);
      });
    });

    describe('concurrency and atomicity', () => {
      it('of concurrent appends with the same expected revision exactly one wins', async () => {
        const stream = newStream();
        await store.append(stream, newEvents(1), 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.append(stream, newEvents(1), 0n)),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const lost of outcomes.filter((o) => o.status === 'rejected'))
          expectWrongExpectedVersion((lost as PromiseRejectedResult).reason, stream, 0n, 1n);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('of concurrent creations of one stream exactly one wins', async () => {
        const stream = newStream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(stream, newEvents(2), 'no_stream')),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('a multi-stream append writes every stream, each result in order (without atomic multi-stream appends: refused, writing nothing)', async () => {
        const [a, b] = [newStream(), newStream()];
        await store.append(b, newEvents(2), 'no_stream');
        const appends: StreamAppend[] = [
          { stream: a, events: newEvents(2), expectedRevision: 'no_stream' },
          { stream: b, events: newEvents(1), expectedRevision: 1n },
        ];
        if (!store.capabilities.atomicMultiStream) return expectAppendManyRefused(store, appends);
        const results = await store.appendMany(appends);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1n, 2n]);
        expect(results[0]!.position < results[1]!.position).toBe(true);
        expect(await store.readStream(b)).toHaveLength(3);
      });

      it('a multi-stream append with one failing expectation writes nothing at all', async () => {
        const [a, b, c] = [newStream(), newStream(), newStream()];
        await store.append(a, newEvents(1), 'no_stream');
        await store.append(c, newEvents(2), 'no_stream');
        const error = await rejection(
          store.appendMany([
            { stream: a, events: newEvents(1), expectedRevision: 0n },
            { stream: b, events: newEvents(1), expectedRevision: 'no_stream' },
            { stream: c, events: newEvents(1), expectedRevision: 0n },
          ]),
        );
        if (store.capabilities.atomicMultiStream) expectWrongExpectedVersion(error, c, 0n, 1n);
        else expect(error).toBeInstanceOf(UnsupportedOperationError);
        expect(await store.readStream(a)).toHaveLength(1);
        expect(await store.readStream(b)).toEqual([]);
        expect(await store.readStream(c)).toHaveLength(2);
      });

      it('concurrent writers, late commits and rollbacks: a live subscriber sees every committed event once, each stream in order', async () => {
        const category = newCategory();
        const streams = Array.from({ length: 40 }, () => newStream(category));
        const committed = new Set<string>();
        const rolledBack = new Set<string>();
        const known = new Map<string, bigint>();
        const recording = record(store.subscribeToAll({ from: await startingPoint(store) }));
        await recording.until(caughtUp);

        const writer = async (seed: number) => {
          const random = seededRandom(seed);
          const pick = () => streams[Math.floor(random() * streams.length)]!;
          const batch = () => newEvents(1 + Math.floor(random() * 3), 'Ticked');
          const succeeded = (events: readonly { id: string }[]) => {
            for (const { id } of events) committed.add(id);
          };
          for (let i = 0; i < 500; i += 1) {
            const roll = random();
            const stream = pick();
            const events = batch();
            if (harness.heldOpenAppend && roll < 0.05) {
              const commit = roll < 0.03;
              const holdMs = Math.floor(random() * 40);
              await harness.heldOpenAppend([{ stream, events, expectedRevision: 'any' }], { holdMs, commit });
              if (commit) succeeded(events);
              else for (const { id } of events) rolledBack.add(id);
            } else if (roll < 0.12) {
              const second = streams.find((s) => s > stream) ?? streams.find((s) => s !== stream)!;
              const more = batch();
              const appends: StreamAppend[] = [
                { stream, events, expectedRevision: 'any' },
                { stream: second, events: more, expectedRevision: 'any' },
              ];
              // Without atomic multi-stream appends, the same writes one stream at a time.
              if (store.capabilities.atomicMultiStream) await store.appendMany(appends);
              else for (const a of appends) await store.append(a.stream, a.events, a.expectedRevision);
              succeeded([...events, ...more]);
            } else if (roll < 0.25) {
              const result = await store
                .append(stream, events, known.get(stream) ?? 'no_stream')
                .catch((e) => {
                  if (!(e instanceof WrongExpectedVersionError)) throw e;
                  return null;
                });
              if (result) succeeded(events);
              if (result) known.set(stream, result.nextExpectedRevision);
            } else {
              const result = await store.append(stream, events, 'any');
              known.set(stream, result.nextExpectedRevision);
              succeeded(events);
            }
          }
        };
        await Promise.all(Array.from({ length: 8 }, (_, w) => writer(7919 * (w + 1))));

        const mine = () => recording.events().filter((e) => e.stream.startsWith(`${category}-`));
        const head = (await store.headPosition())!;
        // A reader that skipped an event never delivers it: stop waiting and report what is missing.
        await recording
          .until((r) => r.messages.some((m) => m.kind === 'event' && m.event.position >= head), 15_000)
          .catch(() => {});
        // Anything wrongly delivered (a rolled-back event, a repeat) would arrive by now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        recording.stop();

        const delivered = mine();
        const deliveredIds = new Set(ids(delivered));
        expect(
          [...committed].filter((id) => !deliveredIds.has(id)),
          'committed events never delivered',
        ).toEqual([]);
        expect(
          delivered.filter((e) => rolledBack.has(e.id)),
          'rolled-back events delivered',
        ).toEqual([]);
        expect(new Set(ids(delivered)).size).toBe(delivered.length);
        expect(new Set(ids(delivered))).toEqual(committed);
        const positions = recording.events().map((e) => e.position);
        expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
        const byStream = new Map<string, RecordedEvent[]>();
        for (const event of delivered)
          byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
        for (const [stream, events] of byStream) {
          expect(
            events.map((e) => e.revision),
            stream,
          ).toEqual(events.map((_, i) => BigInt(i)));
          expect(events.length, stream).toBe((await store.readStream(stream)).length);
        }
      }, 60_000);
    });

    describe('input checks', () => {
      it('refuses an append over the maximum size before writing anything', async () => {
        const stream = newStream();
        const big = newEvent('Big', { blob: 'x'.repeat(maxAppendSizeBytes) });
        const error = await rejection(store.append(stream, [big], 'any'));
        expect(error).toBeInstanceOf(AppendSizeExceededError);
        expect((error as AppendSizeExceededError).sizeBytes).toBeGreaterThan(maxAppendSizeBytes);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('counts a multi-stream append whole against the maximum size', async () => {
        const half = () => [newEvent('Half', { blob: 'x'.repeat(maxAppendSizeBytes / 2) })];
        const [a, b] = [newStream(), newStream()];
        const error = await rejection(
          store.appendMany([
            { stream: a, events: half(), expectedRevision: 'any' },
            { stream: b, events: half(), expectedRevision: 'any' },
          ]),
        );
        expect(error).toBeInstanceOf(AppendSizeExceededError);
        expect(await store.readStream(a)).toEqual([]);
      });

      it('accepts an append just under the maximum size', async () => {
        const stream = newStream();
        const event = newEvent('Large', { blob: 'x'.repeat(maxAppendSizeBytes - 400) });
        const result = await store.append(stream, [event], 'no_stream');
        expect(result.nextExpectedRevision).toBe(0n);
      });

      it('refuses an append without events', async () => {
        await expect(store.append(newStream(), [], 'any')).rejects.toBeInstanceOf(RangeError);
      });

      it('refuses the same event id twice in one append', async () => {
        const event = newEvent();
        const error = await rejection(store.append(newStream(), [event, event], 'any'));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
      });

      it('refuses an event id that is not a uuid', async () => {
        await expect(
          store.append(newStream(), [{ ...newEvent(), id: 'evt-1' }], 'any'),
        ).rejects.toBeInstanceOf(TypeError);
      });

      it('refuses a multi-stream append naming a stream twice', async () => {
        const stream = newStream();
        await expect(
          store.appendMany([
            { stream, events: newEvents(1), expectedRevision: 'any' },
            { stream, events: newEvents(1), expectedRevision: 'any' },
          ]),
        ).rejects.toBeInstanceOf(RangeError);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });
  });
};
