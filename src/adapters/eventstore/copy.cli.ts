import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../../app/config.ts';
import { openDatabase } from '../../app/database.ts';
import { copyEvents, fileCheckpoint, progressBar } from './copy.ts';
import { createdAtMetadataKey, createEventStoreDbEventStore } from './eventstoredb/index.ts';
import { createPostgresEventStore, type EventStore } from './index.ts';

/**
 * `npm run eventstore:copy -- --from postgres --to eventstoredb [--checkpoint FILE] [--page-size N]
 * [--restart]`: copies every event from one event store into another, resumable, then verifies.
 * PostgreSQL is DATABASE_URL (or the embedded database under DATA_DIR), EventStoreDB is EVENTSTOREDB_URL.
 * Exit status: 0 copied and verified, 2 copied but the stores differ, 1 failed.
 */
const kinds = ['postgres', 'eventstoredb'] as const;
type Kind = (typeof kinds)[number];

const usage =
  'usage: npm run eventstore:copy -- --from postgres --to eventstoredb [--checkpoint FILE] [--page-size N] [--restart]';

const kindOf = (value: string | undefined, flag: string): Kind => {
  if (!kinds.includes(value as Kind))
    throw new Error(`--${flag} must be one of ${kinds.join(', ')}\n${usage}`);
  return value as Kind;
};

const openStore = async (
  kind: Kind,
  config: Config,
  closers: (() => Promise<void>)[],
): Promise<EventStore> => {
  if (kind === 'eventstoredb') {
    if (!config.EVENTSTOREDB_URL)
      throw new Error('EVENTSTOREDB_URL is required to copy to or from EventStoreDB');
    const store = createEventStoreDbEventStore({ connectionString: config.EVENTSTOREDB_URL });
    closers.push(() => store.close());
    return store;
  }
  const database = await openDatabase(config, (line) => process.stderr.write(`${line}\n`));
  const store = createPostgresEventStore({ pool: database.pool, listen: false });
  closers.push(
    () => database.close(),
    () => store.close(),
  );
  return store;
};

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      checkpoint: { type: 'string' },
      'page-size': { type: 'string' },
      restart: { type: 'boolean', default: false },
    },
  });
  const from = kindOf(values.from, 'from');
  const to = kindOf(values.to, 'to');
  if (from === to) throw new Error(`--from and --to are the same store\n${usage}`);
  const config = loadConfig();
  const checkpointPath = values.checkpoint ?? join(config.DATA_DIR, `eventstore-copy-${from}-to-${to}.json`);
  if (values.restart) await rm(checkpointPath, { force: true });
  const closers: (() => Promise<void>)[] = [];
  try {
    const source = await openStore(from, config, closers);
    const target = await openStore(to, config, closers);
    const report = await copyEvents({
      source,
      target,
      checkpoint: fileCheckpoint(checkpointPath),
      pageSize: values['page-size'] ? Number(values['page-size']) : 1000,
      // EventStoreDB stamps its own creation time; the original one travels in the metadata.
      ...(to === 'eventstoredb' ? { createdAtKey: createdAtMetadataKey } : {}),
      onProgress: progressBar(),
    });
    const summary = (name: string, s: { count: number; checksum: string }) =>
      `${name}: ${s.count.toLocaleString('en')} events, sha256 ${s.checksum}`;
    console.log(summary(`source (${from})`, report.source));
    console.log(summary(`target (${to})`, report.target));
    console.log(report.verified ? 'verified: counts and checksums match' : 'MISMATCH: the stores differ');
    return report.verified ? 0 : 2;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
  }
};

try {
  process.exitCode = await main();
} catch (e) {
  console.error(e instanceof ConfigError || e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
