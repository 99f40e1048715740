import { afterAll, beforeAll } from 'vitest';
import { createPostgresEventStore } from '../../src/adapters/eventstore/index.ts';
import { runAppend } from '../../src/adapters/eventstore/postgres/append.ts';
import { prepareAppends } from '../../src/adapters/eventstore/shared/appendGuards.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { describeEventStoreContract } from './contract.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describeEventStoreContract('PostgreSQL', async () => {
  const store = createPostgresEventStore({ pool: db.pool });
  return {
    store,
    // The adapter's own append SQL inside a transaction that stays open: a slow writer.
    async heldOpenAppend(appends, { holdMs, commit }) {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const results = await runAppend(client, prepareAppends(appends));
        await client.query('SELECT pg_sleep($1)', [holdMs / 1000]);
        await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => store.close(),
  };
});
