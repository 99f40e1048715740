import type pg from 'pg';
import type { EventStore } from '../../adapters/eventstore/port.ts';
import { scanAll } from './facts.ts';

/**
 * Which streams to fold for a question the owning streams can't answer by id: "the volumes any
 * attach named for this VM", "the pools created in this zone", "the volume of this policy". It only
 * finds ids; the answer is always folded from the streams themselves.
 */
export type StreamLookup = {
  /** Distinct values of `field` in events of `eventTypes` whose `match.field` equals `match.value`. */
  ids(
    eventTypes: readonly string[],
    field: string,
    match: { readonly field: string; readonly value: string },
  ): Promise<string[]>;
};

/**
 * From $all through the event store port. $all shows an event only once every older transaction
 * has ended, so right after a write elsewhere it may lag: fine for pools and policies, which change
 * rarely; the workflows that need the latest attachments use `sqlLookup`.
 */
export const allLookup = (store: EventStore): StreamLookup => ({
  async ids(eventTypes, field, match) {
    const found = new Set<string>();
    await scanAll(store, { eventTypes }, (e) => {
      const data = e.data as Record<string, unknown>;
      if (data[match.field] === match.value && typeof data[field] === 'string') found.add(data[field]);
    });
    return [...found];
  },
});

/**
 * Straight from the PostgreSQL events table: every committed event, at once (read committed), so a
 * job sees the attachments the job before it on the same VM just recorded.
 */
export const sqlLookup = (pool: pg.Pool): StreamLookup => ({
  async ids(eventTypes, field, match) {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT DISTINCT data->>$2 AS id FROM events
       WHERE type = ANY($1::text[]) AND data->>$3 = $4 AND data->>$2 IS NOT NULL`,
      [eventTypes, field, match.field, match.value],
    );
    return rows.map((r) => r.id);
  },
});
