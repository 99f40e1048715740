import type { LatencySummary } from './workload.ts';

/** The systems under test: the Skyledger event store and its two baselines. */
export const systemNames = ['skyledger', 'raw', 'emmett'] as const;
export type SystemName = (typeof systemNames)[number];

/** Closed-loop appends: each writer appends to its own streams, one call after the other. */
export type AppendPhase = {
  readonly kind: 'append';
  readonly key: string;
  readonly writers: number;
  readonly callsPerWriter: number;
  readonly eventsPerCall: number;
  readonly streamsPerWriter: number;
  /** Calls per writer before the clock starts (prepares statements, fills the pool). */
  readonly warmupCallsPerWriter: number;
  /** Writers stop here even if unfinished; the result says so. */
  readonly capMs: number;
};

/** Pages through $all from the start. */
export type ReadPhase = {
  readonly kind: 'read';
  readonly key: string;
  readonly pageSize: number;
  readonly capMs: number;
};

/** Appends at a fixed rate (open loop) while live subscribers measure append → delivery. */
export type LagPhase = {
  readonly kind: 'lag';
  readonly key: string;
  readonly eventsPerSecond: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly streams: number;
  /** After the last append, how long subscribers may take to deliver the rest. */
  readonly drainMs: number;
};

export type Phase = AppendPhase | ReadPhase | LagPhase;

export type AppendResult = {
  readonly kind: 'append';
  readonly events: number;
  readonly calls: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly latency: LatencySummary;
  readonly capped: boolean;
};

export type ReadResult = {
  readonly kind: 'read';
  readonly events: number;
  readonly pages: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly capped: boolean;
};

export type SubscriberLag = {
  readonly subscriber: string;
  /** Append call → delivery, over every measured event (one not delivered counts as infinitely late). */
  readonly lag: LatencySummary;
  /** The part after the append call returned: visibility and the subscriber's reads. */
  readonly afterCommit: LatencySummary;
  /** Measured events never delivered within the drain time. */
  readonly missing: number;
  readonly duplicates: number;
};

export type LagResult = {
  readonly kind: 'lag';
  readonly sent: number;
  readonly measured: number;
  /** The rate the appends were called at (open loop: whatever the earlier ones were doing). */
  readonly achievedEventsPerSecond: number;
  /** When the last append returned, from the first call: above warm-up + seconds, the system fell behind. */
  readonly acknowledgedSeconds: number;
  readonly appendLatency: LatencySummary;
  readonly maxInFlight: number;
  readonly subscribers: readonly SubscriberLag[];
};

export type PhaseResult = AppendResult | ReadResult | LagResult;

/** What a worker says about itself once its database is ready. */
export type WorkerInfo = {
  readonly system: SystemName;
  readonly description: string;
  readonly synchronousCommit: string;
  readonly supports: readonly Phase['kind'][];
};

export type ToWorker = { readonly kind: 'run'; readonly phase: Phase } | { readonly kind: 'close' };

export type FromWorker =
  | { readonly kind: 'ready'; readonly info: WorkerInfo }
  | { readonly kind: 'result'; readonly result: PhaseResult }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'closed' };
