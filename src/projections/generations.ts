import type pg from 'pg';
import { type RowProjection, tableOf } from './projection.ts';

type Client = pg.PoolClient | pg.Client;

/** Creates the table (and its indexes) of one generation of a projection. */
export const createGeneration = async (client: Client, projection: RowProjection, generation: number) => {
  const table = tableOf(projection.name, generation);
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (${projection.columns})`);
  for (const [i, columns] of (projection.indexes ?? []).entries())
    await client.query(`CREATE INDEX IF NOT EXISTS ${table}_i${i} ON ${table} ${columns}`);
  return table;
};

/** Points the projection's view at a generation: queries switch over in the caller's transaction. */
export const publishGeneration = async (client: Client, projection: RowProjection, generation: number) => {
  await client.query(`DROP VIEW IF EXISTS ${projection.name}`);
  await client.query(
    `CREATE VIEW ${projection.name} AS SELECT * FROM ${tableOf(projection.name, generation)}`,
  );
};

export type Checkpoint = {
  readonly generation: number;
  readonly version: number;
  readonly position: string | null;
};

/**
 * Makes sure the projection has a live generation and returns its checkpoint. A projection seen for
 * the first time gets generation 1 (empty, to be filled from the start of $all).
 */
export const installProjection = async (client: Client, projection: RowProjection): Promise<Checkpoint> => {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `skyledger.install.${projection.name}`,
    ]);
    const { rows } = await client.query<Checkpoint>(
      'SELECT generation, version, position FROM projection_checkpoints WHERE name = $1',
      [projection.name],
    );
    if (rows[0]) {
      await client.query('COMMIT');
      return rows[0];
    }
    await createGeneration(client, projection, 1);
    await publishGeneration(client, projection, 1);
    await client.query(
      'INSERT INTO projection_checkpoints (name, generation, version, position) VALUES ($1, 1, $2, NULL)',
      [projection.name, projection.version],
    );
    await client.query('COMMIT');
    return { generation: 1, version: projection.version, position: null };
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
};
