import type { AllFilter, Position, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../port.ts';

/** readAll's page size when the caller names none. */
export const defaultReadAllMaxCount = 1000;
/** How many events of $all a filtered read looks at (at least) before it returns with a checkpoint,
 * as EventStoreDB's maxSearchWindow: a rarely matching filter costs a bounded read per call. */
export const filterSearchWindow = 4096;

export type NormalizedFilter = {
  readonly eventTypes: readonly string[] | null;
  readonly streamPrefixes: readonly string[] | null;
};

export type NormalizedReadAll = {
  readonly from: Position | 'start';
  readonly maxCount: number;
  /** Events of $all looked at, at most: maxCount, or more for a filtered read. */
  readonly searchWindow: number;
  readonly filter: NormalizedFilter | null;
};

/** One page of $all, as both adapters read it. */
export type Page = {
  readonly events: readonly RecordedEvent[];
  /** How far the read looked, filtered-out events included; null when $all is empty. */
  readonly checkpoint: Position | null;
  /** The read looked up to the newest event visible to readers. */
  readonly exhausted: boolean;
  /** Events exist that readers cannot see yet because an older writer is still running. */
  readonly pending: boolean;
};

const checkCount = (value: number, what: string): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer`);
  return value;
};

const checkList = (list: readonly string[] | undefined, what: string): readonly string[] | null => {
  if (list === undefined) return null;
  if (list.length === 0) throw new RangeError(`${what} must list at least one value; omit it to accept all`);
  for (const item of list)
    if (typeof item !== 'string' || item.length === 0)
      throw new TypeError(`${what} must hold non-empty strings`);
  return list;
};

export const normalizeFilter = (filter: AllFilter | undefined): NormalizedFilter | null => {
  if (filter === undefined) return null;
  const eventTypes = checkList(filter.eventTypes, 'filter.eventTypes');
  const streamPrefixes = checkList(filter.streamPrefixes, 'filter.streamPrefixes');
  return eventTypes === null && streamPrefixes === null ? null : { eventTypes, streamPrefixes };
};

export const searchWindowFor = (maxCount: number, filter: NormalizedFilter | null): number =>
  filter === null ? maxCount : Math.max(maxCount, filterSearchWindow);

export const normalizeReadAll = (options: ReadAllOptions = {}): NormalizedReadAll => {
  const maxCount = checkCount(options.maxCount ?? defaultReadAllMaxCount, 'maxCount');
  const filter = normalizeFilter(options.filter);
  return { from: options.from ?? 'start', maxCount, searchWindow: searchWindowFor(maxCount, filter), filter };
};

/** An event passes when it matches every list given: one of the types and one of the prefixes. */
export const matchesFilter = (filter: NormalizedFilter | null, stream: string, type: string): boolean =>
  filter === null ||
  ((filter.eventTypes === null || filter.eventTypes.includes(type)) &&
    (filter.streamPrefixes === null || filter.streamPrefixes.some((prefix) => stream.startsWith(prefix))));

export type NormalizedReadStream = {
  readonly backwards: boolean;
  /** Inclusive bound in the reading direction; null: from the end (backwards) or past it (forwards). */
  readonly fromRevision: bigint | null;
  readonly maxCount: number | null;
};

export const normalizeReadStream = (options: ReadStreamOptions = {}): NormalizedReadStream => {
  const backwards = options.direction === 'backwards';
  if (options.direction !== undefined && !backwards && options.direction !== 'forwards')
    throw new TypeError(`direction must be 'forwards' or 'backwards'`);
  const from = options.fromRevision ?? (backwards ? 'end' : 'start');
  if (typeof from === 'bigint' && from < 0n) throw new RangeError('fromRevision must not be negative');
  if (typeof from !== 'bigint' && from !== 'start' && from !== 'end')
    throw new TypeError(`fromRevision must be a revision, 'start' or 'end'`);
  return {
    backwards,
    fromRevision: from === 'start' ? 0n : from === 'end' ? null : from,
    maxCount: options.maxCount === undefined ? null : checkCount(options.maxCount, 'maxCount'),
  };
};

/** The later of two positions of the same adapter (plain string order is the log order). */
export const laterPosition = (a: Position | 'start', b: Position | null): Position | null => {
  if (a === 'start') return b;
  return b !== null && b > a ? b : a;
};

/**
 * The page a read returns. A full page (maxCount events) ends at its last event; a shorter one looked
 * up to `scanEnd` (the end of its search window, or the head), filtered-out events included.
 */
export const pageOf = (
  read: NormalizedReadAll,
  events: readonly RecordedEvent[],
  scanEnd: Position | null,
  reachedHead: boolean,
  pending: boolean,
): Page => {
  const last = events.at(-1)?.position ?? null;
  const full = events.length === read.maxCount;
  return {
    events,
    checkpoint: full ? last : laterPosition(read.from, laterPosition(last ?? 'start', scanEnd)),
    exhausted: !full && reachedHead,
    pending,
  };
};
