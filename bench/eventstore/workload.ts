import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** One event as every system under test receives it: the same ids, type, data and metadata. */
export type BenchEvent = {
  readonly id: string;
  readonly type: string;
  readonly data: BenchData;
  readonly metadata: Record<string, unknown>;
};

export type BenchData = {
  readonly vmId: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly zoneId: string;
  readonly hostId: string;
  readonly serviceOfferingId: string;
  readonly cpuNumber: number;
  readonly cpuSpeedMhz: number;
  readonly memoryMiB: number;
  /** Index of the event in its workload: the lag workload checks each arrives exactly once. */
  readonly seq: number;
  /** epochMs() when the append was called; the lag workload measures delivery against it. */
  readonly sentAt: number;
};

/** A stream a writer owns, and how many events it holds (the writer's expected version). */
export type OwnedStream = {
  readonly name: string;
  readonly context: Omit<BenchData, 'seq' | 'sentAt'>;
  length: number;
};

/** Milliseconds since the epoch with sub-millisecond precision, monotonic within a process. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** A stream named as the domain names them (`<category>-<uuid>`), with its owner's ids. */
export const ownStream = (category: string): OwnedStream => {
  const vmId = randomUUID();
  return {
    name: `${category}-${vmId}`,
    length: 0,
    context: {
      vmId,
      accountId: randomUUID(),
      tenantDomainId: randomUUID(),
      zoneId: randomUUID(),
      hostId: randomUUID(),
      serviceOfferingId: randomUUID(),
      cpuNumber: 2,
      cpuSpeedMhz: 2000,
      memoryMiB: 4096,
    },
  };
};

/** An event the size of a real one (~0.8 kB of JSON): a VM started, with the metadata a command carries. */
export const makeEvent = (stream: OwnedStream, seq: number, sentAt = epochMs()): BenchEvent => {
  const correlationId = randomUUID();
  const { accountId, tenantDomainId } = stream.context;
  return {
    id: randomUUID(),
    type: 'VmStarted',
    data: { ...stream.context, seq, sentAt },
    metadata: {
      correlationId,
      causationId: correlationId,
      requestId: correlationId,
      actor: { userId: accountId, accountId, tenantDomainId },
      schemaVersion: 1,
    },
  };
};

/** Bytes of JSON per event (data + metadata), printed so that runs can be compared. */
export const eventJsonBytes = (): number => {
  const event = makeEvent(ownStream('vm'), 0);
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
};

/** Percentiles in milliseconds; null where the rank falls on a sample never taken (an event not
 * delivered in time counts as infinitely late) or there are no samples. */
export type LatencySummary = {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
};

const finiteOrNull = (ms: number | undefined): number | null =>
  ms !== undefined && Number.isFinite(ms) ? ms : null;

/** Nearest-rank percentiles of latencies in milliseconds (Infinity: never happened). */
export const summarize = (samples: ArrayLike<number>): LatencySummary => {
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return {
    count: sorted.length,
    p50Ms: finiteOrNull(rank(50)),
    p99Ms: finiteOrNull(rank(99)),
    maxMs: finiteOrNull(sorted[sorted.length - 1]),
  };
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
