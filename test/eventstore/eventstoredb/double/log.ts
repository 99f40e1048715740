/**
 * The double's storage: one transaction log, as EventStoreDB keeps it. Every event is a record at a
 * log position (a byte offset: sparse, increasing), self-committed, so its $all position is
 * {commit: L, prepare: L}. Stream revisions are 0-based. The write check follows the server's
 * IndexWriter.CheckCommit rule for rule, including its idempotency by event id, which uses a bounded
 * in-memory cache of recently committed ids for `any` and `stream_exists` (a best effort, as the
 * server documents) and the stream itself for exact revisions and `no_stream`.
 */

/** The server's special expected versions (its long encoding). */
export const expectedVersion = { noStream: -1n, any: -2n, streamExists: -4n } as const;

/** A position in the transaction log: the server's TFPos. */
export type LogPosition = { readonly commit: bigint; readonly prepare: bigint };

export const comparePositions = (a: LogPosition, b: LogPosition): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

/** Before the first record: what a subscription from the start resumes after. */
export const headOfLog: LogPosition = { commit: -1n, prepare: -1n };

export type LogRecord = {
  readonly logPosition: bigint;
  /** Where the next record starts. */
  readonly postPosition: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly created: bigint;
};

export const positionOfRecord = (record: LogRecord): LogPosition => ({
  commit: record.logPosition,
  prepare: record.logPosition,
});

export type ProposedEvent = {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
};

export type WriteOutcome =
  | {
      readonly kind: 'written' | 'idempotent';
      readonly lastRevision: bigint;
      /** Log position of the last event of the write (the server answers commit = prepare = it). */
      readonly position: bigint;
    }
  /** current: the stream's last revision, -1 when it has none. */
  | { readonly kind: 'wrongExpectedVersion'; readonly current: bigint };

export type EventFilter = (record: LogRecord) => boolean;

/** The server's default filter for $all: everything but the epoch records and persistent
 * subscriptions' own bookkeeping on $all. Other system ($) streams stay visible. */
export const defaultAllFilter: EventFilter = ({ stream }) =>
  !stream.startsWith('$') ||
  (stream !== '$epoch-information' &&
    !(stream.startsWith('$persistentsubscription-$all::') && /-(checkpoint|parked)$/.test(stream)));

/** The server's SizeOnDisk, which MaxAppendSize is measured in. */
export const sizeOnDisk = (event: ProposedEvent): number =>
  event.data.length + event.metadata.length + event.type.length * 2;

/** A prepare record's framing around its payload, so that positions are sparse like the server's. */
const recordOverhead = 77n;

export type TransactionLogOptions = {
  /** Committed event ids remembered for `any`/`stream_exists` idempotency (the server's cache). */
  readonly idempotencyCacheSize?: number;
};

export type FilteredRead = {
  readonly records: readonly LogRecord[];
  readonly considered: number;
  /** Where the read started (the server's CurrentPos). */
  readonly currentPos: LogPosition;
  /** Where the next page starts. */
  readonly nextPos: LogPosition;
  readonly isEndOfStream: boolean;
};

export class TransactionLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly committed = new Map<string, LogRecord>();
  private readonly listeners = new Set<(record: LogRecord) => void>();
  // The first chunk starts with the epoch record; events come after it.
  private nextPosition = 0x80n;
  private readonly idempotencyCacheSize: number;

  constructor(options: TransactionLogOptions = {}) {
    this.idempotencyCacheSize = options.idempotencyCacheSize ?? 100_000;
  }

  /** Log position of the last record, -1 when the log is empty. */
  get lastPosition(): bigint {
    return this.records.at(-1)?.logPosition ?? -1n;
  }

  get size(): number {
    return this.records.length;
  }

  /** Calls `listener` with every record committed from now on, in log order. */
  onCommit(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write(stream: string, expected: bigint, events: readonly ProposedEvent[], now = new Date()): WriteOutcome {
    const existing = this.streams.get(stream) ?? [];
    const current = BigInt(existing.length) - 1n;
    const decision = this.checkCommit(stream, existing, current, expected, events);
    if (decision !== 'ok') return decision;
    const created = BigInt(now.getTime()) * 10_000n;
    const written = events.map((event, index): LogRecord => {
      const logPosition = this.nextPosition;
      const size =
        recordOverhead +
        BigInt(Buffer.byteLength(stream)) +
        BigInt(Buffer.byteLength(event.type)) +
        BigInt(event.data.length + event.metadata.length);
      this.nextPosition += size;
      return {
        ...event,
        stream,
        revision: current + 1n + BigInt(index),
        logPosition,
        postPosition: this.nextPosition,
        created,
      };
    });
    this.records.push(...written);
    this.streams.set(stream, [...existing, ...written]);
    for (const record of written) this.remember(record);
    for (const record of written) for (const listener of this.listeners) listener(record);
    const last = written.at(-1)!;
    return { kind: 'written', lastRevision: last.revision, position: last.logPosition };
  }

  private remember(record: LogRecord): void {
    this.committed.delete(record.id);
    this.committed.set(record.id, record);
    if (this.committed.size > this.idempotencyCacheSize)
      this.committed.delete(this.committed.keys().next().value!);
  }

  /** IndexWriter.CheckCommit: 'ok' to write, or the answer to give without writing. */
  private checkCommit(
    stream: string,
    existing: readonly LogRecord[],
    current: bigint,
    expected: bigint,
    events: readonly ProposedEvent[],
  ): 'ok' | WriteOutcome {
    const wrong = { kind: 'wrongExpectedVersion', current } as const;
    if (expected === expectedVersion.streamExists && current < 0n) return wrong;
    if (expected === expectedVersion.any || expected === expectedVersion.streamExists) {
      let last: LogRecord | undefined;
      for (const event of events) {
        const known = this.committed.get(event.id);
        // The first event unknown here: a new write. A later one: corrupted idempotency, answered
        // as a wrong expected version.
        if (!known || known.stream !== stream) return last === undefined ? 'ok' : wrong;
        last = known;
      }
      return last === undefined
        ? 'ok'
        : { kind: 'idempotent', lastRevision: last.revision, position: last.logPosition };
    }
    if (expected < current) {
      let revision = expected;
      for (const event of events) {
        revision += 1n;
        if (existing[Number(revision)]?.id === event.id) continue;
        return wrong;
      }
      const last = existing[Number(revision)]!;
      return { kind: 'idempotent', lastRevision: last.revision, position: last.logPosition };
    }
    if (expected > current) return wrong;
    return 'ok';
  }

  readStream(stream: string): readonly LogRecord[] | undefined {
    return this.streams.get(stream);
  }

  /** Index of the first record at or after `from` (reads of $all forwards are inclusive). */
  private firstIndexFrom(from: LogPosition): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePositions(positionOfRecord(this.records[middle]!), from) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * AllReader.ReadAllEventsForward(Filtered): from `from` (inclusive), up to maxCount events that
   * pass the filter while looking at no more than maxSearchWindow events.
   */
  readAllForward(
    from: LogPosition,
    maxCount: number,
    maxSearchWindow: number,
    filter: EventFilter,
  ): FilteredRead {
    const start = from.commit < 0n ? { commit: 0n, prepare: 0n } : from;
    const records: LogRecord[] = [];
    let considered = 0;
    let nextPos = start;
    let index = this.firstIndexFrom(start);
    while (records.length < maxCount && considered < maxSearchWindow) {
      const record = this.records[index];
      if (!record) return { records, considered, currentPos: start, nextPos, isEndOfStream: true };
      index += 1;
      considered += 1;
      if (filter(record)) records.push(record);
      nextPos = { commit: record.postPosition, prepare: 0n };
    }
    return { records, considered, currentPos: start, nextPos, isEndOfStream: false };
  }

  /** ReadAllEventsBackward: records strictly before `from` (or the end), newest first. */
  readAllBackward(from: LogPosition | 'end', maxCount: number, filter: EventFilter): LogRecord[] {
    let index = from === 'end' ? this.records.length : this.firstIndexFrom(from);
    const records: LogRecord[] = [];
    while (records.length < maxCount && index > 0) {
      index -= 1;
      const record = this.records[index]!;
      if (filter(record)) records.push(record);
    }
    return records;
  }
}
