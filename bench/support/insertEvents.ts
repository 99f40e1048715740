import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { encodeEvent } from '../../src/domain/events.ts';
import type { Event } from '../../src/domain/shared/index.ts';

/** An event at a given revision of its stream, to write straight into the event store's tables. */
export type SeedRow = { readonly stream: string; readonly revision: number; readonly event: Event };

/**
 * Seeds benchmark data fast: one multi-row INSERT per batch, payloads validated and versioned as
 * the command bus does (the append function's per-stream checks are not what these benches measure).
 */
export const insertEvents = async (pool: pg.Pool, rows: readonly SeedRow[]): Promise<void> => {
  const encoded = rows.map((r) => encodeEvent(r.event));
  await pool.query(
    `WITH e AS (
       INSERT INTO events (stream_id, stream_revision, event_id, type, data, metadata)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])
       RETURNING stream_id, stream_revision)
     INSERT INTO streams (stream_id, category, revision)
     SELECT stream_id, split_part(stream_id, '-', 1), max(stream_revision) FROM e GROUP BY stream_id
     ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision`,
    [
      rows.map((r) => r.stream),
      rows.map((r) => r.revision),
      rows.map(() => randomUUID()),
      rows.map((r) => r.event.type),
      encoded.map((e) => JSON.stringify(e.data)),
      encoded.map((e) => JSON.stringify({ actor: { userId: 'user-1' }, schemaVersion: e.schemaVersion })),
    ],
  );
};
