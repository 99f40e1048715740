import {
  convertToCommandError,
  ErrorType,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type EventStoreDBClient,
  jsonEvent,
  type MaxAppendSizeExceededError,
} from '@eventstore/db-client';
import {
  type AppendResult,
  AppendSizeExceededError,
  DuplicateEventIdError,
  type ExpectedRevision,
  type NewEvent,
  WrongExpectedVersionError,
} from '../port.ts';
import type { PreparedAppend } from '../shared/appendGuards.ts';
import { isType, type RetryOptions, retrying } from './errors.ts';
import { toPosition } from './position.ts';
import { readEvents } from './read.ts';

export type AppendOptions = RetryOptions & {
  /** Per-call deadline in ms (the client's default: 10 s). */
  readonly deadlineMs?: number;
};

/** The server measures an append as data, metadata and twice the type (its SizeOnDisk). */
const serverSize = (append: PreparedAppend) =>
  append.events.reduce(
    (sum, e) => sum + Buffer.byteLength(e.data) + Buffer.byteLength(e.metadata) + e.type.length * 2,
    0,
  );

/**
 * Appends one stream's events: one call, all or nothing, with the ids the caller chose (never the
 * client's random ones). A dropped connection or a timeout is retried with the same ids and expected
 * revision, which the server answers idempotently if the first attempt was written after all.
 */
export const appendToStream = async (
  client: EventStoreDBClient,
  append: PreparedAppend,
  events: readonly NewEvent[],
  options: AppendOptions,
): Promise<AppendResult> => {
  const proposed = append.events.map((prepared, i) =>
    jsonEvent({
      id: prepared.id,
      type: prepared.type,
      data: (events[i]!.data ?? null) as never,
      metadata: events[i]!.metadata ?? {},
    }),
  );
  try {
    const result = await retrying(options, () =>
      client.appendToStream(append.stream, proposed, {
        expectedRevision: append.expectedRevision,
        ...(options.deadlineMs ? { deadline: options.deadlineMs } : {}),
      }),
    );
    const position =
      result.position ??
      (await retrying(options, () => positionOf(client, append.stream, result.nextExpectedRevision)));
    return { nextExpectedRevision: result.nextExpectedRevision, position: toPosition(position) };
  } catch (error) {
    throw await retrying(options, () => appendError(client, append, error));
  }
};

/** Servers that answer an append without its position (older ones, for idempotent writes): read it. */
const positionOf = async (client: EventStoreDBClient, stream: string, revision: bigint) => {
  const [event] = await readEvents(client.readStream(stream, { fromRevision: revision, maxCount: 1 }));
  if (!event?.position) throw new Error(`event ${revision} of ${stream} has no $all position`);
  return event.position;
};

/** The first recorded id at `revision` onwards, to tell a reused event id from a concurrent writer. */
const idAt = async (
  client: EventStoreDBClient,
  stream: string,
  revision: bigint,
): Promise<string | undefined> =>
  (await readEvents(client.readStream(stream, { fromRevision: revision, maxCount: 1 })))[0]?.id;

/**
 * The port's error for a refused append. The server answers a retry that does not match what is
 * stored (part of its events written at those revisions, or, for `any`, recognised by id but not all
 * in place) with a wrong expected version: when the stream holds our first event exactly where the
 * append would have put it, it is a reused event id, not a concurrent writer.
 */
const appendError = async (client: EventStoreDBClient, append: PreparedAppend, error: unknown) => {
  if (isType(error, ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED))
    return new AppendSizeExceededError(
      serverSize(append),
      (error as MaxAppendSizeExceededError).maxAppendSize,
    );
  if (!(error instanceof EsdbWrongExpectedVersionError))
    return error instanceof Error ? convertToCommandError(error) : error;
  const { stream, expectedRevision: expected } = append;
  const actual = error.actualVersion === 'no_stream' ? 'no_stream' : BigInt(error.actualVersion as bigint);
  const firstId = append.events[0]!.id;
  if (actual !== 'no_stream' && (expected === 'any' || expected === 'stream_exists'))
    return new DuplicateEventIdError(firstId);
  const slot = expectedSlot(expected);
  if (
    actual !== 'no_stream' &&
    slot !== undefined &&
    slot <= actual &&
    (await idAt(client, stream, slot)) === firstId
  )
    return new DuplicateEventIdError(firstId);
  return new WrongExpectedVersionError(stream, expected, actual);
};

/** The revision the append's first event would have taken. */
const expectedSlot = (expected: ExpectedRevision): bigint | undefined =>
  expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : undefined;
