import { pino } from 'pino';
import { ConfigError, loadConfig } from './app/config.ts';
import { openDatabase } from './app/database.ts';
import { createApp, listen } from './app/server.ts';

/** The composition root: configuration, database, HTTP server, and a clean stop on SIGINT/SIGTERM. */
const main = async () => {
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const database = await openDatabase(config, (line) => log.info(line));
  const server = await listen(createApp({ pool: database.pool }), config.PORT, config.HOST);
  log.info(`Skyledger listening on http://${config.HOST}:${config.PORT}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: stopping`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
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
