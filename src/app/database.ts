import type pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../adapters/postgres/embedded.ts';
import { migrate } from '../adapters/postgres/migrate.ts';
import { createPool, ensureDatabase } from '../adapters/postgres/pool.ts';
import type { Config } from './config.ts';

export type Database = {
  readonly pool: pg.Pool;
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
};

/**
 * The database a node runs on: DATABASE_URL when set, else an embedded PostgreSQL kept under
 * DATA_DIR. Migrations are applied before anything else touches it.
 */
export const openDatabase = async (config: Config, log: (line: string) => void): Promise<Database> => {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
    url = await ensureDatabase(embedded.url, 'skyledger');
    log(
      `embedded PostgreSQL started on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${config.DATA_DIR}/pgdata)`,
    );
  }
  const pool = createPool(url, config.PG_POOL_SIZE);
  try {
    const { applied } = await migrate(pool);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  } catch (e) {
    await pool.end();
    await embedded?.stop();
    throw e;
  }
  return {
    pool,
    url,
    embedded: embedded !== undefined,
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
};
