import { EventStoreDBClient } from '@eventstore/db-client';
import { defer, Subject } from 'rxjs';
import { type EventStore, type StreamAppend, UnsupportedOperationError } from '../port.ts';
import { prepareAppends } from '../shared/appendGuards.ts';
import { appendToStream } from './append.ts';
import { retrying } from './errors.ts';
import { headPosition, readAll, readStream } from './read.ts';
import { subscribeToAll } from './subscription.ts';

export type EventStoreDbEventStoreOptions = (
  | {
      /** e.g. `esdb://node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/etc/skyledger/ca.crt`. */
      readonly connectionString: string;
    }
  | {
      /** A client the caller owns (close() leaves it open). */
      readonly client: EventStoreDBClient;
    }
) & {
  /** Attempts of one append or read when the connection or the node fails (default 5). */
  readonly appendAttempts?: number;
  /** First pause before an append or read is retried, doubled each time (default 100 ms). */
  readonly appendRetryDelayMs?: number;
  /** Deadline of each append call in ms (default: the client's, 10 s). */
  readonly appendDeadlineMs?: number;
  /** Events the server looks at between two subscription checkpoints (default 256). */
  readonly checkpointEvery?: number;
  /** First pause before a dropped subscription resubscribes (default 100 ms, doubled up to 5 s). */
  readonly reconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
};

/**
 * The event store over EventStoreDB (or KurrentDB) with @eventstore/db-client v6: 0-based revisions,
 * the four expected revisions, event ids always the caller's, $all positions {commit, prepare} as the
 * port's opaque position, subscriptions with server-side filters and checkpoints that resubscribe
 * after a disconnect. EventStoreDB has no atomic multi-stream append: appendMany refuses.
 */
export const createEventStoreDbEventStore = (options: EventStoreDbEventStoreOptions): EventStore => {
  const owned = 'connectionString' in options;
  const client = owned ? EventStoreDBClient.connectionString(options.connectionString) : options.client;
  const appendOptions = {
    attempts: options.appendAttempts ?? 5,
    retryDelayMs: options.appendRetryDelayMs ?? 100,
    ...(options.appendDeadlineMs ? { deadlineMs: options.appendDeadlineMs } : {}),
  };
  const subscriptionOptions = {
    checkpointEvery: options.checkpointEvery ?? 256,
    gapSearchWindow: 4096,
    reconnectDelayMs: options.reconnectDelayMs ?? 100,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 5000,
  };
  const closing = new Subject<void>();
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the event store is closed');
  };

  return {
    capabilities: { atomicMultiStream: false },
    async append(stream, events, expectedRevision) {
      open();
      const [prepared] = prepareAppends([{ stream, events, expectedRevision }]);
      return appendToStream(client, prepared!, events, appendOptions);
    },
    async appendMany(appends: readonly StreamAppend[]) {
      open();
      // The same checks as every adapter first, so a bad call fails the same way everywhere.
      prepareAppends(appends);
      throw new UnsupportedOperationError('appendMany (atomic multi-stream append)');
    },
    async readStream(stream, readOptions) {
      open();
      return retrying(appendOptions, () => readStream(client, stream, readOptions));
    },
    async readAll(readOptions) {
      open();
      return retrying(appendOptions, () => readAll(client, readOptions));
    },
    subscribeToAll: (subscribeOptions = {}) =>
      defer(() => {
        open();
        return subscribeToAll(client, subscribeOptions, closing, subscriptionOptions);
      }),
    async headPosition() {
      open();
      return retrying(appendOptions, () => headPosition(client));
    },
    async close() {
      if (closed) return;
      closed = true;
      closing.next();
      closing.complete();
      if (owned) await client.dispose();
    },
  };
};
