import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/adapters/postgres/migrate.ts';
import { createPool, ensureDatabase } from '../../src/adapters/postgres/pool.ts';

export type TestDatabase = {
  readonly url: string;
  readonly pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
};

/** A fresh, migrated database of its own for one test file, so files run in parallel. */
export const createTestDatabase = async ({ poolSize = 20 } = {}): Promise<TestDatabase> => {
  const admin = inject('adminDatabaseUrl');
  const name = `skyledger_test_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(admin, name);
  const pool = createPool(url, poolSize);
  await migrate(pool);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
};
