import {
  AppendSizeExceededError,
  DuplicateEventIdError,
  type ExpectedRevision,
  maxAppendSizeBytes,
  type StreamAppend,
} from '../port.ts';

/** An event checked and serialised once, before any adapter touches its storage. */
export type PreparedEvent = {
  /** Lower-case uuid. */
  readonly id: string;
  readonly type: string;
  /** JSON text of the data. */
  readonly data: string;
  /** JSON text of the metadata object. */
  readonly metadata: string;
};

export type PreparedAppend = {
  readonly stream: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's jsonb refuses the NUL character; refuse it in every adapter alike. Matches an
// escape \u0000 that is not itself an escaped backslash followed by "u0000".
const escapedNul = /(^|[^\\])(\\\\)*\\u0000/;

const toJson = (value: unknown, what: string): string => {
  let json: string | undefined;
  try {
    json = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    throw new TypeError(`${what} is not JSON-serialisable: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (json === undefined) throw new TypeError(`${what} is not JSON-serialisable`);
  if (escapedNul.test(json))
    throw new TypeError(`${what} contains the NUL character, which cannot be stored`);
  return json;
};

const checkText = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0'))
    throw new TypeError(`${what} must be a non-empty string without NUL characters`);
  return value;
};

const checkExpectedRevision = (expected: ExpectedRevision, stream: string): void => {
  if (typeof expected === 'bigint') {
    if (expected < 0n)
      throw new RangeError(
        `expected revision ${expected} of ${stream} is negative; use 'no_stream' for a new stream`,
      );
    return;
  }
  if (expected !== 'no_stream' && expected !== 'stream_exists' && expected !== 'any')
    throw new TypeError(
      `expected revision ${String(expected)} of ${stream} is not a revision, 'no_stream', 'stream_exists' or 'any'`,
    );
};

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks appends the same way for every adapter, before storage is touched: each stream once, at
 * least one event per stream, uuid event ids used once, JSON-serialisable data and object metadata,
 * and the whole call within the 1 MiB append size (UTF-8 bytes of type, data and metadata JSON).
 */
export const prepareAppends = (appends: readonly StreamAppend[]): PreparedAppend[] => {
  const streams = new Set<string>();
  const ids = new Set<string>();
  let sizeBytes = 0;
  const prepared = appends.map(({ stream, events, expectedRevision }): PreparedAppend => {
    checkText(stream, 'a stream name');
    if (streams.has(stream)) throw new RangeError(`stream ${stream} appears more than once in one append`);
    streams.add(stream);
    checkExpectedRevision(expectedRevision, stream);
    if (events.length === 0) throw new RangeError(`an append to ${stream} needs at least one event`);
    return {
      stream,
      expectedRevision,
      events: events.map((event) => {
        if (typeof event.id !== 'string' || !uuidPattern.test(event.id))
          throw new TypeError(`event id ${String(event.id)} is not a uuid`);
        const id = event.id.toLowerCase();
        if (ids.has(id)) throw new DuplicateEventIdError(id);
        ids.add(id);
        const type = checkText(event.type, `the type of event ${id}`);
        if (event.metadata !== undefined && !isPlainObject(event.metadata))
          throw new TypeError(`the metadata of event ${id} must be an object`);
        const data = toJson(event.data, `the data of event ${id}`);
        const metadata = toJson(event.metadata ?? {}, `the metadata of event ${id}`);
        sizeBytes += Buffer.byteLength(type) + Buffer.byteLength(data) + Buffer.byteLength(metadata);
        return { id, type, data, metadata };
      }),
    };
  });
  if (sizeBytes > maxAppendSizeBytes) throw new AppendSizeExceededError(sizeBytes);
  return prepared;
};
