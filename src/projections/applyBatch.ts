import type pg from 'pg';
import type { RecordedEvent } from '../adapters/eventstore/port.ts';
import { type Row, type RowProjection, readModelChannel } from './projection.ts';

/**
 * Applies a batch of events to one generation of a projection's table inside the caller's
 * transaction: load the touched rows, evolve them in memory in event order, then replace them.
 * Answers whether the batch touched any row.
 */
export const applyBatch = async (
  client: pg.PoolClient | pg.Client,
  projection: RowProjection,
  table: string,
  events: readonly RecordedEvent[],
): Promise<boolean> => {
  const touched = new Map<string, RecordedEvent[]>();
  for (const event of events)
    for (const id of projection.rowsOf(event)) {
      const list = touched.get(id);
      if (list) list.push(event);
      else touched.set(id, [event]);
    }
  if (!touched.size) return false;

  const ids = [...touched.keys()];
  const { rows } = await client.query<{ row: Row }>(
    `SELECT to_jsonb(t) AS row FROM ${table} t WHERE id = ANY($1)`,
    [ids],
  );
  const current = new Map(rows.map((r) => [r.row.id, r.row]));

  const next: Row[] = [];
  for (const [id, list] of touched) {
    let row = current.get(id) ?? null;
    for (const event of list) row = projection.evolve(row, event, id);
    if (row) next.push(row);
  }
  await client.query(`DELETE FROM ${table} WHERE id = ANY($1)`, [ids]);
  if (next.length)
    await client.query(
      `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(next)],
    );
  if (projection.announce)
    await client.query('SELECT pg_notify($1, $2)', [readModelChannel, projection.name]);
  return true;
};
