import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import type { Position, SubscribeOptions, SubscriptionMessage } from '../port.ts';
import { type NormalizedFilter, normalizeFilter } from '../shared/readOptions.ts';
import { isTransientSubscriptionError } from './errors.ts';
import { fromPosition, parseStart, toPosition } from './position.ts';
import { delivers, scanAll } from './read.ts';
import { toRecordedEvent } from './records.ts';

export type SubscriptionOptions = {
  /** Events the server looks at between two checkpoints (its filter's search window). */
  readonly checkpointEvery: number;
  /** How far past the last checkpoint a catch-up looks for where a filter's skipped events end. */
  readonly gapSearchWindow: number;
  readonly reconnectDelayMs: number;
  readonly maxReconnectDelayMs: number;
};

/** .NET and JavaScript agree on escaping any non-word character with a backslash. */
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|#\s/-]/g, '\\$&');

/**
 * The filter the server applies: stream prefixes when given (they cut the most), else the event types
 * as one anchored regex, else everything but system event types. What the server cannot combine (types
 * and prefixes together) and system streams are checked again here, on each event.
 */
const serverFilter = (filter: NormalizedFilter | null, options: SubscriptionOptions): Filter => {
  const window = { maxSearchWindow: options.checkpointEvery, checkpointInterval: 1 };
  if (filter?.streamPrefixes) return streamNameFilter({ prefixes: [...filter.streamPrefixes], ...window });
  if (filter?.eventTypes)
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$`, ...window });
  return excludeSystemEvents(window);
};

/** Resolves once the client's subscription stream has handed on every event it buffered. */
const drained = async (subscription: AllStreamSubscription) => {
  while (subscription.readableLength > 0) await nextTurn();
};

/**
 * subscribeToAll over the server's catch-up subscription: server-side filter, start exclusive, the
 * server's checkpoints passed on as `checkpoint` messages, system events skipped, `caughtUp` once,
 * and on a dropped connection a new subscription from the last event or checkpoint delivered, with
 * growing pauses, until the caller unsubscribes or the store closes.
 */
export const subscribeToAll = (
  client: EventStoreDBClient,
  request: SubscribeOptions,
  closing: Observable<unknown>,
  options: SubscriptionOptions,
): Observable<SubscriptionMessage> =>
  new Observable<SubscriptionMessage>((subscriber) => {
    let cursor: Position | 'start';
    let filter: NormalizedFilter | null;
    try {
      cursor = request.from === undefined || request.from === 'start' ? 'start' : request.from;
      parseStart(cursor);
      filter = normalizeFilter(request.filter);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    let current: AllStreamSubscription | undefined;
    let caughtUp = false;
    let failures = 0;
    let retry: NodeJS.Timeout | undefined;

    const after = (position: Position) => cursor === 'start' || position > cursor;
    const checkpoint = (position: Position) => {
      if (subscriber.closed || !after(position)) return;
      cursor = position;
      subscriber.next({ kind: 'checkpoint', position });
    };

    // The server's last catch-up checkpoint is where its last page began, so it can stop short of
    // filtered-out events at the end of $all; read on from the cursor to the first event this
    // subscription delivers (or the end of the window) and checkpoint just before it. An event
    // delivered meanwhile is past that point, so the checkpoint is then simply not sent.
    const checkpointPastSkipped = async () => {
      const from = cursor;
      const looked = await scanAll(
        client,
        from === 'start' ? 'start' : fromPosition(from),
        options.gapSearchWindow,
      );
      let skippedTo: Position | undefined;
      for (const event of looked) {
        if (delivers(filter, event)) break;
        skippedTo = toPosition(event.position!);
      }
      if (skippedTo !== undefined && cursor === from) checkpoint(skippedTo);
    };

    const onCaughtUp = async (subscription: AllStreamSubscription) => {
      await drained(subscription);
      if (caughtUp || subscription !== current || subscriber.closed) return;
      await checkpointPastSkipped().catch(() => {});
      if (caughtUp || subscriber.closed) return;
      caughtUp = true;
      subscriber.next({ kind: 'caughtUp', position: cursor === 'start' ? null : cursor });
    };

    const connect = () => {
      retry = undefined;
      if (subscriber.closed) return;
      const subscription = client.subscribeToAll({
        fromPosition: cursor === 'start' ? START : fromPosition(cursor),
        filter: {
          ...serverFilter(filter, options),
          checkpointReached: async (source, position) => {
            await drained(source as AllStreamSubscription);
            if (source === current) checkpoint(toPosition(position));
          },
        },
      });
      current = subscription;
      subscription.on('data', ({ event }) => {
        failures = 0;
        if (!event?.position || subscription !== current || subscriber.closed) return;
        const position = toPosition(event.position);
        if (!after(position) || !delivers(filter, event)) return;
        cursor = position;
        subscriber.next({ kind: 'event', event: toRecordedEvent(event) });
      });
      subscription.on('caughtUp', () => {
        if (!caughtUp) void onCaughtUp(subscription);
      });
      const dropped = (error?: unknown) => {
        if (subscription !== current || subscriber.closed) return;
        current = undefined;
        if (error !== undefined && !isTransientSubscriptionError(error)) return subscriber.error(error);
        failures += 1;
        const delay = Math.min(options.reconnectDelayMs * 2 ** (failures - 1), options.maxReconnectDelayMs);
        retry = setTimeout(connect, delay);
      };
      subscription.on('error', dropped);
      // A server that ends the call without an error (shutting down) is a drop as well.
      subscription.on('end', () => dropped());
    };

    const closed = closing.subscribe(() => subscriber.complete());
    connect();
    return () => {
      closed.unsubscribe();
      if (retry) clearTimeout(retry);
      const last = current;
      current = undefined;
      void last?.unsubscribe();
    };
  });
