import type pg from 'pg';
import type { EventStore, Position } from '../adapters/eventstore/port.ts';
import { applyBatch } from './applyBatch.ts';
import { createGeneration, installProjection, publishGeneration } from './generations.ts';
import { type RowProjection, tableOf } from './projection.ts';

export type RebuildProgress = { readonly name: string; readonly events: number; readonly done: boolean };

export type RebuildOptions = {
  readonly batchSize?: number;
  readonly onProgress?: (p: RebuildProgress) => void;
};

/**
 * Blue/green rebuild: replays $all into a fresh generation of the projection's table while the
 * live generation keeps serving, then, with the live checkpoint row locked (the live runner
 * waits), applies the last events and points the view at the new generation in one transaction.
 * The live runner's next compare-and-set fails on the new generation and it resumes from there.
 */
export const rebuildProjection = async (
  pool: pg.Pool,
  store: EventStore,
  projection: RowProjection,
  { batchSize = 5000, onProgress }: RebuildOptions = {},
): Promise<{ generation: number; events: number }> => {
  const client = await pool.connect();
  const lockKey = `skyledger.rebuild.${projection.name}`;
  try {
    const { rows: locked } = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
      [lockKey],
    );
    if (!locked[0]!.ok) throw new Error(`a rebuild of ${projection.name} is already running`);
    const live = await installProjection(client, projection);
    // Leftovers of an interrupted rebuild: the new one starts over.
    const { rows: stale } = await client.query<{ generation: number }>(
      'DELETE FROM projection_builds WHERE name = $1 RETURNING generation',
      [projection.name],
    );
    for (const { generation: g } of stale)
      await client.query(`DROP TABLE IF EXISTS ${tableOf(projection.name, g)}`);
    const generation = Math.max(live.generation, ...stale.map((b) => b.generation)) + 1;
    const table = await createGeneration(client, projection, generation);
    await client.query('INSERT INTO projection_builds (name, generation, version) VALUES ($1, $2, $3)', [
      projection.name,
      generation,
      projection.version,
    ]);

    let position: Position | 'start' = 'start';
    let events = 0;
    /** Copies events after `position` into the new generation; returns when a read finds nothing new. */
    const catchUp = async (inTransaction: boolean) => {
      for (;;) {
        const read = await store.readAll({
          from: position,
          maxCount: batchSize,
          filter: { eventTypes: projection.eventTypes },
        });
        if (!read.checkpoint || read.checkpoint === position) return;
        if (!inTransaction) await client.query('BEGIN');
        await applyBatch(client, projection, table, read.events);
        await client.query(
          'UPDATE projection_builds SET position = $3, updated_at = now() WHERE name = $1 AND generation = $2',
          [projection.name, generation, read.checkpoint],
        );
        if (!inTransaction) await client.query('COMMIT');
        position = read.checkpoint;
        events += read.events.length;
        onProgress?.({ name: projection.name, events, done: false });
      }
    };

    await catchUp(false);
    await client.query('BEGIN');
    const { rows: previous } = await client.query<{ generation: number }>(
      'SELECT generation FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
      [projection.name],
    );
    await catchUp(true);
    await publishGeneration(client, projection, generation);
    await client.query(
      `UPDATE projection_checkpoints SET generation = $2, version = $3, position = $4, changed_position = $4,
         updated_at = now() WHERE name = $1`,
      [projection.name, generation, projection.version, position === 'start' ? null : position],
    );
    await client.query('DELETE FROM projection_builds WHERE name = $1 AND generation = $2', [
      projection.name,
      generation,
    ]);
    await client.query(`DROP TABLE IF EXISTS ${tableOf(projection.name, previous[0]!.generation)}`);
    await client.query('COMMIT');
    onProgress?.({ name: projection.name, events, done: true });
    return { generation, events };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => {});
    client.release();
  }
};
