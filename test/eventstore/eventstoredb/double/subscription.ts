import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import {
  comparePositions,
  type EventFilter,
  headOfLog,
  type LogPosition,
  type LogRecord,
  positionOfRecord,
  type TransactionLog,
} from './log.ts';

/** The server's page size for catch-up reads and the default search window of a filter. */
export const readBatchSize = 32;
/** Live events a subscription buffers; past that it falls behind and catches up from the log. */
const liveBufferSize = 32;

export type SubscriptionRequest = {
  readonly start: 'start' | 'end' | LogPosition;
  readonly filter: EventFilter;
  /** Events considered between checkpoints (multiplier x search window); null: an unfiltered
   * subscription, which sends no checkpoints. */
  readonly checkpointInterval: number | null;
  readonly maxSearchWindow: number;
  /** Told each time the subscription falls behind and goes back to reading the log. */
  readonly onFellBehind?: () => void;
};

/** Where the subscription's messages go (the gRPC call); each write waits for back-pressure. */
export type SubscriptionSink = {
  confirmed(subscriptionId: string): Promise<void>;
  event(record: LogRecord): Promise<void>;
  checkpoint(position: LogPosition): Promise<void>;
  caughtUp(): Promise<void>;
  /** Resolves when the client cancels the call or the server shuts it down. */
  readonly ended: Promise<void>;
  readonly isEnded: () => boolean;
};

type LiveItem = { readonly sequence: number; readonly record?: LogRecord; readonly checkpoint?: LogPosition };

const later = (a: LogPosition, b: LogPosition) => (comparePositions(a, b) >= 0 ? a : b);

/**
 * A catch-up subscription to $all, as the server's Enumerator.AllSubscriptionFiltered runs it: it
 * listens live first, confirms, catches up page by page from its start (exclusive), sends a checkpoint
 * every `checkpointInterval` events it considered and one when a page reaches the end (at the start of
 * that page, as the server does), says caughtUp, then delivers live events; if it falls behind (its live
 * buffer overflowed) it catches up from the log again.
 */
export const runAllSubscription = async (
  log: TransactionLog,
  request: SubscriptionRequest,
  sink: SubscriptionSink,
): Promise<void> => {
  const live: LiveItem[] = [];
  let sequence = 0;
  let liveConsidered = 0;
  let wake: (() => void) | undefined;
  const enqueue = (item: Omit<LiveItem, 'sequence'>) => {
    sequence += 1;
    // A full buffer drops its oldest item (the server's DropOldest channel); the gap in sequence
    // numbers tells the reader it fell behind.
    if (live.length === liveBufferSize) live.shift();
    live.push({ sequence, ...item });
    wake?.();
  };
  const stopListening = log.onCommit((record) => {
    if (request.filter(record)) enqueue({ record });
    if (request.checkpointInterval === null) return;
    liveConsidered += 1;
    if (liveConsidered >= request.checkpointInterval) {
      liveConsidered = 0;
      enqueue({ checkpoint: positionOfRecord(record) });
    }
  });
  sink.ended.then(() => wake?.());

  let lastCheckpointSent: LogPosition | undefined;
  const sendCheckpoint = async (position: LogPosition) => {
    if (request.checkpointInterval === null || comparePositions(position, headOfLog) === 0) return;
    if (lastCheckpointSent && comparePositions(position, lastCheckpointSent) <= 0) return;
    lastCheckpointSent = position;
    await sink.checkpoint(position);
  };

  const catchUp = async (from: LogPosition): Promise<LogPosition> => {
    let checkpoint = from;
    let counter = 0;
    let page = from;
    while (!sink.isEnded()) {
      const read = log.readAllForward(page, readBatchSize, request.maxSearchWindow, request.filter);
      for (const record of read.records) {
        const position = positionOfRecord(record);
        if (comparePositions(position, checkpoint) <= 0) continue;
        await sink.event(record);
        checkpoint = position;
      }
      counter += read.considered;
      if (read.isEndOfStream) {
        checkpoint = later(checkpoint, read.currentPos);
        await sendCheckpoint(checkpoint);
        return checkpoint;
      }
      if (request.checkpointInterval !== null && counter >= request.checkpointInterval) {
        counter %= request.checkpointInterval;
        checkpoint = later(checkpoint, read.currentPos);
        await sendCheckpoint(checkpoint);
      }
      page = read.nextPos;
      await yieldToIo();
    }
    return checkpoint;
  };

  let lastSequence = 0;
  const goLive = async (from: LogPosition): Promise<LogPosition> => {
    let checkpoint = from;
    await sink.caughtUp();
    while (!sink.isEnded()) {
      const item = live.shift();
      if (!item) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const inSequence = item.sequence === lastSequence + 1;
      lastSequence = item.sequence;
      if (item.record && comparePositions(positionOfRecord(item.record), checkpoint) <= 0) continue;
      if (item.checkpoint && comparePositions(item.checkpoint, checkpoint) < 0) continue;
      if (!inSequence) {
        request.onFellBehind?.();
        await sendCheckpoint(checkpoint);
        return checkpoint;
      }
      if (item.record) {
        await sink.event(item.record);
        checkpoint = positionOfRecord(item.record);
      } else if (item.checkpoint) {
        await sendCheckpoint(item.checkpoint);
        checkpoint = item.checkpoint;
      }
    }
    return checkpoint;
  };

  try {
    const confirmedAt = { commit: log.lastPosition, prepare: log.lastPosition };
    await sink.confirmed(randomUUID());
    const start = request.start;
    let checkpoint = start === 'start' ? headOfLog : start === 'end' ? confirmedAt : start;
    if (comparePositions(checkpoint, confirmedAt) >= 0) checkpoint = await goLive(checkpoint);
    while (!sink.isEnded()) checkpoint = await goLive(await catchUp(checkpoint));
  } finally {
    stopListening();
  }
};
