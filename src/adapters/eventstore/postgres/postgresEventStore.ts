import type pg from 'pg';
import { defer, merge, Subject } from 'rxjs';
import { isTransientError } from '../../postgres/errors.ts';
import { createNotificationListener } from '../../postgres/listen.ts';
import type { EventStore, StreamAppend } from '../port.ts';
import { prepareAppends } from '../shared/appendGuards.ts';
import { catchUpSubscription } from '../shared/catchUpSubscription.ts';
import {
  normalizeFilter,
  normalizeReadAll,
  normalizeReadStream,
  searchWindowFor,
} from '../shared/readOptions.ts';
import { appendOnPool } from './append.ts';
import { parsePosition } from './position.ts';
import { headPosition, readPage, readStream } from './read.ts';
import { createAppendNotifier, localAppends, notifyChannel } from './wakeups.ts';

export type PostgresEventStoreOptions = {
  /** The pool to use; migration 0001 applied. close() leaves it open: it belongs to the caller. */
  readonly pool: pg.Pool;
  /** LISTEN for appends of other processes on a dedicated connection, opened by the first
   * subscription (default true). */
  readonly listen?: boolean;
  /** NOTIFY other processes after each append (default true). */
  readonly notify?: boolean;
  /** A subscription reads again this often without a wake-up (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** Events per read while a subscription catches up (default 500). */
  readonly subscriptionBatchSize?: number;
};

/** A live subscription reads at most this often: at 1,000 appends/s each read takes ~10 events
 * instead of one, for at most 10 ms more lag. */
const liveReadIntervalMs = 10;

/**
 * The PostgreSQL event store (schema and append function: migration 0001_event_store.sql). Appends
 * are one round trip; $all readers follow the transaction-id rule (see read.ts); subscriptions wake
 * on in-process appends and LISTEN/NOTIFY, and poll besides.
 */
export const createPostgresEventStore = (options: PostgresEventStoreOptions): EventStore => {
  const { pool, listen = true, notify = true, pollIntervalMs = 250, subscriptionBatchSize = 500 } = options;
  const local = localAppends(pool);
  const remote = new Subject<void>();
  const notifier = notify ? createAppendNotifier(pool) : undefined;
  const listener = listen ? createNotificationListener(pool, notifyChannel, () => remote.next()) : undefined;
  const closing = new Subject<void>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new Error('the event store is closed');
  };

  const appendAll = async (appends: readonly StreamAppend[]) => {
    assertOpen();
    const prepared = prepareAppends(appends);
    if (prepared.length === 0) return [];
    try {
      const results = await appendOnPool(pool, prepared);
      notifier?.notify();
      return results;
    } finally {
      // Also after a failure: its transaction no longer holds readers back.
      local.next();
    }
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
      return readStream(pool, stream, normalizeReadStream(options));
    },

    async readAll(options) {
      assertOpen();
      const { events, checkpoint } = await readPage(pool, normalizeReadAll(options));
      return { events, checkpoint };
    },

    subscribeToAll(options = {}) {
      return defer(() => {
        assertOpen();
        const from = options.from ?? 'start';
        parsePosition(from);
        const filter = normalizeFilter(options.filter);
        listener?.start();
        return catchUpSubscription({
          from,
          readPage: (after) =>
            readPage(pool, {
              from: after,
              maxCount: subscriptionBatchSize,
              searchWindow: searchWindowFor(subscriptionBatchSize, filter),
              filter,
            }),
          wakeups: merge(local, remote),
          closing,
          pollIntervalMs,
          isTransient: isTransientError,
          minLiveReadIntervalMs: liveReadIntervalMs,
        });
      });
    },

    async headPosition() {
      assertOpen();
      return headPosition(pool);
    },

    async close() {
      if (closed) return;
      closed = true;
      closing.next();
      closing.complete();
      await listener?.stop();
      await notifier?.drain();
    },
  };
};
