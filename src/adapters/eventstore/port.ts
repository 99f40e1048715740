import type { Observable } from 'rxjs';

/**
 * The event store port, with EventStoreDB's semantics: stream revisions are 0-based (the revision
 * of a stream's last event; `no_stream` when it has none), the $all start position of a read or a
 * subscription is exclusive, and event ids make appends idempotent.
 */

/** Opaque $all position minted by an adapter. Every adapter pads its parts so that plain string
 * comparison orders positions as the log does; only positions of the same adapter are comparable. */
export type Position = string;

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export type Actor = {
  readonly userId?: string;
  readonly accountId?: string;
  readonly tenantDomainId?: string;
};

export type EventMetadata = {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: Actor;
  readonly requestId?: string;
  /** Version of the payload schema the data was written with. */
  readonly schemaVersion?: number;
  readonly [key: string]: unknown;
};

export type NewEvent = {
  /** A uuid; the same id appended again is a no-op (idempotent retry). */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
};

export type RecordedEvent = {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly createdAt: Date;
};

export type AppendResult = {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: bigint;
  /** $all position of the last event appended. */
  readonly position: Position;
};

export type StreamAppend = {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
};

export type ReadStreamOptions = {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; 'start' (default forwards) or 'end' (default backwards). */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number;
};

export type AllFilter = {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
};

export type ReadAllOptions = {
  /** Exclusive: events strictly after this position. */
  readonly from?: Position | 'start';
  readonly maxCount?: number;
  readonly filter?: AllFilter;
};

export type ReadAllResult = {
  readonly events: readonly RecordedEvent[];
  /** How far the read looked, including events the filter passed over: resume from here. */
  readonly checkpoint: Position | null;
};

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Everything up to here has been delivered or filtered out: a consumer may store it as its checkpoint. */
  | { readonly kind: 'checkpoint'; readonly position: Position }
  /** The subscription has read everything that existed when it was sent; it stays live. */
  | { readonly kind: 'caughtUp'; readonly position: Position | null };

export type SubscribeOptions = {
  readonly from?: Position | 'start';
  readonly filter?: AllFilter;
};

export type EventStoreCapabilities = {
  /** Whether appendMany is all-or-nothing (PostgreSQL yes; EventStoreDB v6 no). */
  readonly atomicMultiStream: boolean;
};

/** 1 MiB, EventStoreDB's default MaxAppendSize: every adapter refuses larger appends alike. */
export const maxAppendSizeBytes = 1_048_576;

export interface EventStore {
  readonly capabilities: EventStoreCapabilities;
  append(
    stream: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Atomic multi-stream append; throws UnsupportedOperationError unless capabilities.atomicMultiStream. */
  appendMany(appends: readonly StreamAppend[]): Promise<readonly AppendResult[]>;
  /** A missing stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /** Catches up from `from` (exclusive), then goes live. Each stream arrives in revision order. */
  subscribeToAll(options?: SubscribeOptions): Observable<SubscriptionMessage>;
  /** Position of the newest event visible to readers, or null when the store is empty. */
  headPosition(): Promise<Position | null>;
  close(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`wrong expected version on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The same event id was appended before with a different stream or payload. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} was already used for a different event`);
    this.name = 'DuplicateEventIdError';
  }
}

export class AppendSizeExceededError extends Error {
  constructor(
    readonly sizeBytes: number,
    readonly maxBytes: number = maxAppendSizeBytes,
  ) {
    super(`append of ${sizeBytes} bytes exceeds the maximum append size of ${maxBytes} bytes`);
    this.name = 'AppendSizeExceededError';
  }
}

export class UnsupportedOperationError extends Error {
  constructor(readonly operation: string) {
    super(`${operation} is not supported by this event store`);
    this.name = 'UnsupportedOperationError';
  }
}
