import { randomBytes, randomUUID } from 'node:crypto';
import type { Observable } from 'rxjs';
import { expect } from 'vitest';
import {
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type RecordedEvent,
  type SubscriptionMessage,
  WrongExpectedVersionError,
} from '../../src/adapters/eventstore/index.ts';

/** A category no other test uses, so that filters and prefixes see only this test's events. */
export const newCategory = (): string => `t${randomBytes(5).toString('hex')}`;

export const newStream = (category = newCategory()): string => `${category}-${randomUUID()}`;

export const newEvent = (type = 'SomethingHappened', data: unknown = { n: Math.random() }): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: randomUUID(), actor: { userId: 'u-1' } },
});

export const newEvents = (count: number, type?: string): NewEvent[] =>
  Array.from({ length: count }, (_, n) => newEvent(type, { n }));

/** The rejection of a promise that must fail. */
export const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (error: unknown) => error,
  );

export const expectWrongExpectedVersion = (
  error: unknown,
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): void => {
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject({ stream, expected, actual });
};

export const eventually = async (
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Waits until $all readers can see `position` (PostgreSQL shows an event once older writers end). */
export const visible = (store: EventStore, position: Position): Promise<void> =>
  eventually(async () => ((await store.headPosition()) ?? '') >= position);

/**
 * A $all position after everything written before this test: a marker appended now, once visible.
 * (The head itself is no such bound: on PostgreSQL, a transaction open anywhere on the server
 * keeps events committed after it invisible for a while.)
 */
export const startingPoint = async (store: EventStore): Promise<Position | 'start'> => {
  const { position } = await store.append(
    `marker-${randomUUID()}`,
    [newEvent('ContractMarker')],
    'no_stream',
  );
  await visible(store, position);
  return position;
};

export type Recording = {
  readonly messages: SubscriptionMessage[];
  events(): RecordedEvent[];
  readonly error: unknown;
  readonly completed: boolean;
  until(check: (recording: Recording) => boolean, timeoutMs?: number): Promise<void>;
  stop(): void;
};

/** Subscribes and records every message. */
export const record = (subscription: Observable<SubscriptionMessage>): Recording => {
  const messages: SubscriptionMessage[] = [];
  let error: unknown;
  let completed = false;
  const handle = subscription.subscribe({
    next: (message) => messages.push(message),
    error: (e: unknown) => {
      error = e;
    },
    complete: () => {
      completed = true;
    },
  });
  const recording: Recording = {
    messages,
    events: () => messages.flatMap((m) => (m.kind === 'event' ? [m.event] : [])),
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    until: (check, timeoutMs) =>
      eventually(() => {
        if (error) throw error;
        return check(recording);
      }, timeoutMs),
    stop: () => handle.unsubscribe(),
  };
  return recording;
};

export const hasEvent = (id: string) => (recording: Recording) => recording.events().some((e) => e.id === id);
export const caughtUp = (recording: Recording) => recording.messages.some((m) => m.kind === 'caughtUp');

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a failing run can be replayed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
