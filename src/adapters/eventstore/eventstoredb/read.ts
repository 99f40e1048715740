import {
  BACKWARDS,
  END,
  type Position as EsdbPosition,
  type RecordedEvent as EsdbRecordedEvent,
  type EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import type { Position, ReadAllOptions, ReadAllResult, ReadStreamOptions, RecordedEvent } from '../port.ts';
import {
  matchesFilter,
  type NormalizedFilter,
  normalizeReadAll,
  normalizeReadStream,
  type Page,
  pageOf,
} from '../shared/readOptions.ts';
import { parseStart, toPosition } from './position.ts';
import { isSystemEvent, toRecordedEvent } from './records.ts';

const comparePositions = (a: EsdbPosition, b: EsdbPosition) =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

/**
 * Every event of a read, to its end: leaving a client read early (a return inside for-await) waits
 * on a gRPC call that is never cancelled, so reads ask for what they need and drain it.
 */
export const readEvents = async <E extends { event?: unknown }>(
  read: AsyncIterable<E>,
): Promise<NonNullable<E['event']>[]> => {
  const events: NonNullable<E['event']>[] = [];
  for await (const { event } of read) if (event) events.push(event as NonNullable<E['event']>);
  return events;
};

/** A missing stream reads as empty (the client throws StreamNotFoundError while iterating it). */
export const readStream = async (
  client: EventStoreDBClient,
  stream: string,
  options?: ReadStreamOptions,
): Promise<RecordedEvent[]> => {
  const read = normalizeReadStream(options);
  if (!read.backwards && read.fromRevision === null) return [];
  const events: RecordedEvent[] = [];
  try {
    for await (const { event } of client.readStream(stream, {
      direction: read.backwards ? BACKWARDS : FORWARDS,
      fromRevision: read.fromRevision ?? END,
      ...(read.maxCount === null ? {} : { maxCount: read.maxCount }),
    }))
      if (event) events.push(toRecordedEvent(event));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
};

/**
 * Up to `count` events of $all strictly after `from`, system events included. The server reads $all
 * forwards from a position inclusively, so one more is asked for and the one at `from` dropped.
 */
export const scanAll = async (
  client: EventStoreDBClient,
  from: EsdbPosition | 'start',
  count: number,
): Promise<EsdbRecordedEvent[]> => {
  const events: EsdbRecordedEvent[] = [];
  for await (const { event } of client.readAll({
    fromPosition: from === 'start' ? START : from,
    direction: FORWARDS,
    maxCount: count + 1,
  })) {
    if (!event?.position || (from !== 'start' && comparePositions(event.position, from) <= 0)) continue;
    if (events.length < count) events.push(event as EsdbRecordedEvent);
  }
  return events;
};

/** Whether the application sees this event through this filter: never a system event. */
export const delivers = (
  filter: NormalizedFilter | null,
  event: { streamId: string; type: string },
): boolean => !isSystemEvent(event.streamId, event.type) && matchesFilter(filter, event.streamId, event.type);

/**
 * A page of $all read without a server-side filter (the v6 client has none for reads) and filtered
 * here: it looks at the whole search window, so its checkpoint passes filtered-out and system events.
 */
export const readAllPage = async (client: EventStoreDBClient, options?: ReadAllOptions): Promise<Page> => {
  const read = normalizeReadAll(options);
  const looked = await scanAll(client, parseStart(read.from), read.searchWindow);
  const events: RecordedEvent[] = [];
  let scanEnd: Position | null = null;
  for (const event of looked) {
    if (events.length === read.maxCount) break;
    scanEnd = toPosition(event.position!);
    if (delivers(read.filter, event)) events.push(toRecordedEvent(event));
  }
  return pageOf(read, events, scanEnd, looked.length < read.searchWindow, false);
};

export const readAll = async (
  client: EventStoreDBClient,
  options?: ReadAllOptions,
): Promise<ReadAllResult> => {
  const { events, checkpoint } = await readAllPage(client, options);
  return { events, checkpoint };
};

/** The newest event of $all (system events included: they are part of the log positions run through). */
export const headPosition = async (client: EventStoreDBClient): Promise<Position | null> => {
  const [event] = await readEvents(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
  return event?.position ? toPosition(event.position) : null;
};
