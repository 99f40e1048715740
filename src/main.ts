import type { Server } from 'node:http';
import { pino } from 'pino';
import { createEventStoreDbEventStore } from './adapters/eventstore/eventstoredb/index.ts';
import { createPostgresEventStore } from './adapters/eventstore/index.ts';
import { cloudStackRouter } from './adapters/http/cloudstack/index.ts';
import { restRoutes } from './adapters/http/rest/index.ts';
import { createPool } from './adapters/postgres/pool.ts';
import { allProjections, createApplication } from './app/application.ts';
import { ConfigError, loadConfig } from './app/config.ts';
import { openDatabase } from './app/database.ts';
import { seedDemoCloud } from './app/demo.ts';
import { createNodeHttpApp, httpContext } from './app/http.ts';
import { loadSecretsKey } from './app/secretsKey.ts';
import { bootstrap } from './commands/admin/tenancy/bootstrap.ts';

/**
 * The composition root: configuration, database, the node's processes, the HTTP APIs, and a
 * clean stop on SIGINT/SIGTERM. `--demo` seeds a simulator cloud to deploy into.
 */
const main = async () => {
  const config = loadConfig();
  const demo = process.argv.includes('--demo');
  const log = pino({ level: config.LOG_LEVEL });
  const database = await openDatabase(config, (line) => log.info(line));
  const encryptionKey = await loadSecretsKey(config.SECRETS_KEY, config.DATA_DIR);
  // PostgreSQL holds the read models either way; the events live in EventStoreDB when configured.
  const store =
    config.EVENT_STORE === 'eventstoredb'
      ? createEventStoreDbEventStore({ connectionString: config.EVENTSTOREDB_URL! })
      : createPostgresEventStore({ pool: database.pool });
  const projectionPool = createPool(database.url, allProjections.length + 2);
  const app = createApplication({
    pool: database.pool,
    projectionPool,
    store,
    encryptionKey,
    hostTimeoutSeconds: config.HOST_TIMEOUT_SECONDS,
    log: (line) => log.warn(line),
  });
  await app.start();

  const admin = await bootstrap({ bus: app.bus, encryptionKey });
  if (admin.created)
    console.log(
      [
        '',
        'Skyledger created the root admin. Its credentials are shown this once:',
        `  username:  ${admin.username}`,
        `  password:  ${admin.password}`,
        `  apiKey:    ${admin.apiKey}`,
        `  secretKey: ${admin.secretKey}`,
        '',
      ].join('\n'),
    );
  if (demo) {
    const cloud = await seedDemoCloud(app);
    log.info(
      { demo: cloud },
      'demo cloud ready: zone "demo-zone", offering "Small Instance", template "Demo Linux"',
    );
  }

  const context = httpContext(app, {
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    authCacheSeconds: config.AUTH_CACHE_SECONDS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  });
  const http = createNodeHttpApp(context, restRoutes(context), log, [
    { path: '/client/api', router: cloudStackRouter(context) },
  ]);
  const server: Server = await new Promise((resolve, reject) => {
    const s = http.listen(config.PORT, config.HOST, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  log.info(`Skyledger listening on http://${config.HOST}:${config.PORT} (API docs at /docs)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: stopping`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await context.close();
    await app.stop();
    await projectionPool.end();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
};

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
