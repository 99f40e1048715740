import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../../src/adapters/eventstore/port.ts';
import type { RowProjection } from '../../src/projections/projection.ts';

/** A toy read model for testing the runner: per key, the sum of `Counted.n` and how many events. */
export type CounterRow = { id: string; total: number; events: number };

export const counters = (overrides: Partial<RowProjection<CounterRow>> = {}): RowProjection<CounterRow> => ({
  name: 'test_counters',
  version: 1,
  eventTypes: ['Counted'],
  columns: 'id text PRIMARY KEY, total bigint NOT NULL, events integer NOT NULL',
  indexes: ['(total)'],
  rowsOf: (e: RecordedEvent) => [(e.data as { key: string }).key],
  evolve: (row, e, id) => {
    const { n } = e.data as { n: number };
    return { id, total: (row?.total ?? 0) + n, events: (row?.events ?? 0) + 1 };
  },
  ...overrides,
});

export const count = (store: EventStore, key: string, n: number, stream = `counter-${randomUUID()}`) =>
  store.append(stream, [{ id: randomUUID(), type: 'Counted', data: { key, n } }], 'any');

export const noise = (store: EventStore) =>
  store.append(`other-${randomUUID()}`, [{ id: randomUUID(), type: 'Ignored', data: {} }], 'any');
