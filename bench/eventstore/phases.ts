import { performance } from 'node:perf_hooks';
import type {
  AppendPhase,
  AppendResult,
  LagPhase,
  LagResult,
  ReadPhase,
  ReadResult,
  SubscriberLag,
} from './protocol.ts';
import type { LiveSubscriber, SystemUnderTest } from './systems/system.ts';
import {
  type BenchData,
  epochMs,
  makeEvent,
  type OwnedStream,
  ownStream,
  sleep,
  summarize,
} from './workload.ts';

/** One call of a writer: `eventsPerCall` events to its next stream, at the stream's exact version. */
const appendNext = async (
  sut: SystemUnderTest,
  streams: OwnedStream[],
  call: number,
  eventsPerCall: number,
) => {
  const stream = streams[call % streams.length]!;
  const events = Array.from({ length: eventsPerCall }, (_, i) => makeEvent(stream, stream.length + i));
  await sut.append(stream.name, events, stream.length);
  stream.length += eventsPerCall;
};

/**
 * Closed loop: `writers` concurrent writers, each on streams of its own, each call awaited before
 * the next. The clock starts when every writer has finished its warm-up, and stops when the last
 * writer is done (or at the cap).
 */
export const runAppendPhase = async (sut: SystemUnderTest, phase: AppendPhase): Promise<AppendResult> => {
  const owned = Array.from({ length: phase.writers }, () =>
    Array.from({ length: phase.streamsPerWriter }, () => ownStream('vm')),
  );
  await Promise.all(
    owned.map(async (streams) => {
      for (let call = 0; call < phase.warmupCallsPerWriter; call += 1)
        await appendNext(sut, streams, call, phase.eventsPerCall);
    }),
  );
  const latencies = new Float64Array(phase.writers * phase.callsPerWriter);
  let calls = 0;
  let capped = false;
  const started = performance.now();
  const deadline = started + phase.capMs;
  await Promise.all(
    owned.map(async (streams) => {
      for (
        let call = phase.warmupCallsPerWriter;
        call < phase.warmupCallsPerWriter + phase.callsPerWriter;
        call += 1
      ) {
        if (performance.now() > deadline) {
          capped = true;
          return;
        }
        const before = performance.now();
        await appendNext(sut, streams, call, phase.eventsPerCall);
        latencies[calls] = performance.now() - before;
        calls += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const events = calls * phase.eventsPerCall;
  return {
    kind: 'append',
    events,
    calls,
    seconds,
    eventsPerSecond: events / seconds,
    latency: summarize(latencies.subarray(0, calls)),
    capped,
  };
};

/** Pages through all of $all once, from the start. */
export const runReadPhase = async (sut: SystemUnderTest, phase: ReadPhase): Promise<ReadResult> => {
  const started = performance.now();
  let capped = false;
  const { events, pages } = await sut.readAll(phase.pageSize, () => {
    capped = performance.now() - started > phase.capMs;
    return capped;
  });
  const seconds = (performance.now() - started) / 1000;
  return { kind: 'read', events, pages, seconds, eventsPerSecond: events / seconds, capped };
};

/** What one subscriber saw: lag per measured event, indexed by seq. */
type Delivery = {
  readonly name: string;
  readonly lagMs: Float64Array;
  readonly seen: Uint8Array;
  duplicates: number;
};

/**
 * Open loop at a steady rate: a timer sends every event due (catching up after a late tick), each a
 * one-event append with its send time in the payload, whatever the earlier appends are doing. Each
 * stream's appends are chained, so its expected version is always exact. Events of the first
 * `warmupSeconds` are not measured.
 */
export const runLagPhase = async (sut: SystemUnderTest, phase: LagPhase): Promise<LagResult> => {
  const total = Math.round(phase.eventsPerSecond * (phase.warmupSeconds + phase.seconds));
  const firstMeasured = Math.round(phase.eventsPerSecond * phase.warmupSeconds);
  const measured = total - firstMeasured;
  const deliveries: Delivery[] = sut.subscribers.map((name) => ({
    name,
    lagMs: new Float64Array(measured).fill(Number.NaN),
    seen: new Uint8Array(measured),
    duplicates: 0,
  }));
  const received = (delivery: Delivery) => (data: BenchData) => {
    const index = data.seq - firstMeasured;
    if (typeof data.seq !== 'number' || index < 0 || index >= measured) return;
    if (delivery.seen[index]) delivery.duplicates += 1;
    else delivery.lagMs[index] = epochMs() - data.sentAt;
    delivery.seen[index] = 1;
  };
  const live: LiveSubscriber[] = [];
  for (const delivery of deliveries) live.push(await sut.subscribe(delivery.name, received(delivery)));

  const streams = Array.from({ length: phase.streams }, () => ({
    stream: ownStream('lag'),
    tail: Promise.resolve(),
  }));
  const appendLatency = new Float64Array(total);
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let failure: unknown;
  const send = (seq: number) => {
    const owner = streams[seq % streams.length]!;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    owner.tail = owner.tail.then(async () => {
      const sentAt = epochMs();
      try {
        await sut.append(owner.stream.name, [makeEvent(owner.stream, seq, sentAt)], owner.stream.length);
        owner.stream.length += 1;
      } catch (error) {
        failure ??= error;
      }
      appendLatency[seq] = epochMs() - sentAt;
      inFlight -= 1;
    });
  };
  const started = performance.now();
  let sendSeconds = 0;
  while (sent < total && failure === undefined) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * phase.eventsPerSecond) / 1000));
    while (sent < due) send(sent++);
    sendSeconds = (performance.now() - started) / 1000;
    await sleep(1);
  }
  await Promise.all(streams.map((s) => s.tail));
  const acknowledgedSeconds = (performance.now() - started) / 1000;
  if (failure !== undefined) throw failure;

  const drainUntil = performance.now() + phase.drainMs;
  const complete = () => deliveries.every((d) => d.seen.every((seen) => seen === 1));
  while (!complete() && performance.now() < drainUntil) await sleep(20);
  for (const subscriber of live) await subscriber.stop();

  const subscribers = deliveries.map(
    (d): SubscriberLag => ({
      subscriber: d.name,
      lag: summarize(d.lagMs.map((ms) => (Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms))),
      afterCommit: summarize(
        d.lagMs
          .map((ms, index) => ms - appendLatency[firstMeasured + index]!)
          .filter((ms) => !Number.isNaN(ms)),
      ),
      missing: d.seen.reduce((n, seen) => n + (seen ? 0 : 1), 0),
      duplicates: d.duplicates,
    }),
  );
  return {
    kind: 'lag',
    sent: total,
    measured,
    achievedEventsPerSecond: total / sendSeconds,
    acknowledgedSeconds,
    appendLatency: summarize(appendLatency),
    maxInFlight,
    subscribers,
  };
};
