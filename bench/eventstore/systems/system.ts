import type { Phase } from '../protocol.ts';
import type { BenchData, BenchEvent } from '../workload.ts';

/** A live subscriber of $all; stop() ends it. */
export type LiveSubscriber = { stop(): Promise<void> };

/**
 * What the benchmark drives, the same way for every system: appends with the exact expected version
 * a command handler would use (the stream held `before` events when the handler read it), a paged
 * read of $all, and live subscribers.
 */
export interface SystemUnderTest {
  readonly description: string;
  /** The workloads this system takes part in. */
  readonly supports: readonly Phase['kind'][];
  /** Names of the live subscribers it runs in the lag workload. */
  readonly subscribers: readonly string[];
  append(stream: string, events: readonly BenchEvent[], before: number): Promise<void>;
  /** Reads $all from the start in pages of `pageSize` until the end or until `stop()` says so;
   * returns the events and pages read. */
  readAll(pageSize: number, stop: () => boolean): Promise<{ events: number; pages: number }>;
  /** Starts subscriber `name` at the end of $all; resolves once it is live. */
  subscribe(name: string, onEvent: (data: BenchData) => void): Promise<LiveSubscriber>;
  /** SHOW synchronous_commit on the connections the appends use. */
  synchronousCommit(): Promise<string>;
  close(): Promise<void>;
}
