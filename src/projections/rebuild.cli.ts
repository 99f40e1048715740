import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { createPostgresEventStore, type EventStore } from '../adapters/eventstore/index.ts';
import { ConfigError, loadConfig } from '../app/config.ts';
import { openDatabase } from '../app/database.ts';
import type { RowProjection } from './projection.ts';
import { readModelNamed, readModels } from './readModels/index.ts';
import { rebuildProjection } from './rebuild.ts';

/**
 * `npm run projections:rebuild [name ...]`: rebuilds one, several or all read models blue/green
 * (replays $all into a fresh generation while the live one keeps serving, then switches atomically),
 * with a progress bar on stderr. Read models have no side effects, so a replay triggers nothing.
 */

/** `[#######·······]  50%` for `done` of `total`. */
export const progressBar = (done: number, total: number, width = 30): string => {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
};

export class UnknownReadModelError extends Error {
  constructor(readonly readModel: string) {
    super(`no read model named ${readModel}; known: ${readModels.map((m) => m.name).join(', ')}`);
    this.name = 'UnknownReadModelError';
  }
}

export const selectReadModels = (names: readonly string[]): RowProjection[] => {
  if (!names.length) return [...readModels];
  return names.map((name) => {
    const model = readModelNamed(name);
    if (!model) throw new UnknownReadModelError(name);
    return model;
  });
};

/** How many events a read model will replay (the bar's 100%); the events table is the PostgreSQL store's. */
const eventsToReplay = async (pool: pg.Pool, model: RowProjection): Promise<number> => {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE type = ANY($1)', [
    model.eventTypes,
  ]);
  return Number(rows[0]!.n);
};

export type RebuildReport = {
  readonly name: string;
  readonly events: number;
  readonly generation: number;
  readonly ms: number;
};

export const rebuildReadModels = async (
  pool: pg.Pool,
  store: EventStore,
  models: readonly RowProjection[],
  write: (text: string) => void = (text) => process.stderr.write(text),
): Promise<RebuildReport[]> => {
  const reports: RebuildReport[] = [];
  for (const model of models) {
    const total = await eventsToReplay(pool, model);
    const started = Date.now();
    const draw = (events: number, done: boolean) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      write(
        `\r${model.name.padEnd(18)} ${progressBar(done ? total : events, total)} ${events}/${total} events ${Math.round(events / seconds)} ev/s${done ? '\n' : ''}`,
      );
    };
    draw(0, false);
    const { generation, events } = await rebuildProjection(pool, store, model, {
      onProgress: (p) => draw(p.events, p.done),
    });
    reports.push({ name: model.name, events, generation, ms: Date.now() - started });
  }
  return reports;
};

const main = async () => {
  const models = selectReadModels(process.argv.slice(2));
  const database = await openDatabase(loadConfig(), (line) => process.stderr.write(`${line}\n`));
  const store = createPostgresEventStore({ pool: database.pool });
  try {
    const reports = await rebuildReadModels(database.pool, store, models);
    for (const r of reports)
      console.log(`${r.name}: ${r.events} events replayed into generation ${r.generation} in ${r.ms} ms`);
  } finally {
    await store.close();
    await database.close();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((e) => {
    console.error(e instanceof ConfigError || e instanceof UnknownReadModelError ? e.message : e);
    process.exit(1);
  });
