import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/adapters/postgres/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the test server; each test file creates its own database there. */
    adminDatabaseUrl: string;
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * Tests run against a real PostgreSQL: TEST_DATABASE_URL when set, else an embedded one started
 * here for this run only (its own port and folder, so parallel runs don't collide), so that
 * `npm test` works on a machine with no PostgreSQL at all.
 */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('adminDatabaseUrl', given);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'skyledger-test-'));
  await chmod(dataDir, 0o755); // the embedded server runs as the postgres user when we are root
  const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  project.provide('adminDatabaseUrl', embedded.url);
  return async () => {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
