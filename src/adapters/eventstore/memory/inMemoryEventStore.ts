import { defer, Subject } from 'rxjs';
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
  type StreamAppend,
  WrongExpectedVersionError,
} from '../port.ts';
import { type PreparedAppend, prepareAppends } from '../shared/appendGuards.ts';
import { catchUpSubscription } from '../shared/catchUpSubscription.ts';
import {
  matchesFilter,
  type NormalizedReadAll,
  normalizeFilter,
  normalizeReadAll,
  normalizeReadStream,
  type Page,
  pageOf,
  searchWindowFor,
} from '../shared/readOptions.ts';
import { jsonEqual } from './jsonEqual.ts';

/** An event as kept: data and metadata as JSON text, so every read hands out fresh objects, as a
 * database would. */
type StoredEvent = Omit<RecordedEvent, 'data' | 'metadata'> & {
  readonly data: string;
  readonly metadata: string;
};

const materialize = (event: StoredEvent): RecordedEvent => ({
  ...event,
  data: JSON.parse(event.data),
  metadata: JSON.parse(event.metadata),
  createdAt: new Date(event.createdAt),
});

/** The n-th event of $all (1-based), zero-padded so that string order is log order. */
const positionOf = (sequence: number): Position => String(sequence).padStart(20, '0');

const sequenceOf = (position: Position | 'start'): number => {
  if (position === 'start') return 0;
  if (typeof position !== 'string' || !/^\d{20}$/.test(position))
    throw new TypeError(`${String(position)} is not a position of the in-memory event store`);
  return Number(position);
};

/** Whether a stream at `actual` satisfies `expected` (the same rule as the SQL append function). */
const expectationHolds = (expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
};

export type InMemoryEventStoreOptions = {
  /** A subscription reads again this often without a wake-up (default 1000 ms; appends wake it). */
  readonly pollIntervalMs?: number;
  /** Events per read while a subscription catches up (default 500). */
  readonly subscriptionBatchSize?: number;
};

/**
 * The event store in memory, with the PostgreSQL adapter's semantics (0-based revisions, idempotent
 * event ids, atomic multi-stream appends, exclusive resume, filters with checkpoints, the size
 * guard): for tests and for running without a database.
 */
export const createInMemoryEventStore = (options: InMemoryEventStoreOptions = {}): EventStore => {
  const { pollIntervalMs = 1000, subscriptionBatchSize = 500 } = options;
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const byId = new Map<string, StoredEvent>();
  const appended = new Subject<void>();
  const closing = new Subject<void>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new Error('the event store is closed');
  };

  const revisionOf = (stream: string): bigint | 'no_stream' => {
    const events = streams.get(stream);
    return events ? BigInt(events.length - 1) : 'no_stream';
  };

  const wrongExpectedVersion = ({ stream, expectedRevision }: PreparedAppend) =>
    new WrongExpectedVersionError(stream, expectedRevision, revisionOf(stream));

  /** A retried append gets what the first one got; see event_store_append_retry for the rule. */
  const retryResult = (appends: readonly PreparedAppend[]): AppendResult[] => {
    for (const { stream, events } of appends) {
      const stored = events.map(({ id }) => byId.get(id));
      const revisions = stored.flatMap((event) => (event ? [event.revision] : []));
      const first = revisions.sort((a, b) => (a < b ? -1 : 1))[0] ?? 0n;
      events.forEach((event, offset) => {
        const match = stored[offset];
        if (
          match?.stream !== stream ||
          match.type !== event.type ||
          !jsonEqual(JSON.parse(match.data), JSON.parse(event.data)) ||
          match.revision !== first + BigInt(offset)
        )
          throw new DuplicateEventIdError(event.id);
      });
    }
    return appends.map((append) => {
      const stored = append.events.map(({ id }) => byId.get(id)!);
      const before = stored[0]!.revision - 1n;
      if (!expectationHolds(append.expectedRevision, before < 0n ? 'no_stream' : before))
        throw wrongExpectedVersion(append);
      const last = stored.at(-1)!;
      return { nextExpectedRevision: last.revision, position: last.position };
    });
  };

  const write = (appends: readonly PreparedAppend[]): AppendResult[] => {
    for (const append of appends)
      if (!expectationHolds(append.expectedRevision, revisionOf(append.stream)))
        throw wrongExpectedVersion(append);
    const createdAt = new Date();
    return appends.map(({ stream, events }) => {
      const streamEvents = streams.get(stream) ?? [];
      streams.set(stream, streamEvents);
      for (const { id, type, data, metadata } of events) {
        const event: StoredEvent = {
          id,
          stream,
          revision: BigInt(streamEvents.length),
          position: positionOf(log.length + 1),
          type,
          data,
          metadata,
          createdAt,
        };
        streamEvents.push(event);
        log.push(event);
        byId.set(id, event);
      }
      const last = streamEvents.at(-1)!;
      return { nextExpectedRevision: last.revision, position: last.position };
    });
  };

  const appendAll = async (appends: readonly StreamAppend[]): Promise<AppendResult[]> => {
    assertOpen();
    const prepared = prepareAppends(appends);
    if (prepared.length === 0) return [];
    const retried = prepared.some(({ events }) => events.some(({ id }) => byId.has(id)));
    const results = retried ? retryResult(prepared) : write(prepared);
    appended.next();
    return results;
  };

  const readPage = (read: NormalizedReadAll): Page => {
    const start = sequenceOf(read.from);
    const boundIndex = start + read.searchWindow - 1;
    const reachedHead = boundIndex >= log.length;
    const endIndex = reachedHead ? log.length - 1 : boundIndex;
    const events: RecordedEvent[] = [];
    for (let i = start; i <= endIndex && events.length < read.maxCount; i += 1) {
      const event = log[i]!;
      if (matchesFilter(read.filter, event.stream, event.type)) events.push(materialize(event));
    }
    const scanEnd = endIndex >= 0 ? log[endIndex]!.position : null;
    return pageOf(read, events, scanEnd, reachedHead, false);
  };

  return {
    capabilities: { atomicMultiStream: true },

    async append(stream, events, expectedRevision) {
      const [result] = await appendAll([{ stream, events, expectedRevision }]);
      return result!;
    },

    appendMany: appendAll,

    async readStream(stream, options) {
      assertOpen();
      const { backwards, fromRevision, maxCount } = normalizeReadStream(options);
      const events = streams.get(stream) ?? [];
      const selected = backwards
        ? events.filter((e) => fromRevision === null || e.revision <= fromRevision).reverse()
        : events.filter((e) => fromRevision !== null && e.revision >= fromRevision);
      return selected.slice(0, maxCount ?? undefined).map(materialize);
    },

    async readAll(options) {
      assertOpen();
      const { events, checkpoint } = readPage(normalizeReadAll(options));
      return { events, checkpoint };
    },

    subscribeToAll(options = {}) {
      return defer(() => {
        assertOpen();
        const from = options.from ?? 'start';
        sequenceOf(from);
        const filter = normalizeFilter(options.filter);
        const searchWindow = searchWindowFor(subscriptionBatchSize, filter);
        return catchUpSubscription({
          from,
          readPage: async (after) =>
            readPage({ from: after, maxCount: subscriptionBatchSize, searchWindow, filter }),
          wakeups: appended,
          closing,
          pollIntervalMs,
          isTransient: () => false,
        });
      });
    },

    async headPosition() {
      assertOpen();
      return log.at(-1)?.position ?? null;
    },

    async close() {
      if (closed) return;
      closed = true;
      closing.next();
      closing.complete();
    },
  };
};
