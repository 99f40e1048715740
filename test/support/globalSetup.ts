import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the test server; each test file creates its own database there. */
    adminDatabaseUrl: string;
  }
}

/**
 * Tests run against a real PostgreSQL: TEST_DATABASE_URL when set, else an embedded one started
 * here (so `npm test` works on a machine with no PostgreSQL at all).
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  const embedded = given
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: '.skyledger/test',
        port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
      });
  project.provide('adminDatabaseUrl', given ?? embedded!.url);
  return async () => {
    await embedded?.stop();
  };
}
