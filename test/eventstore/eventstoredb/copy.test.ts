import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CopyCheckpoint,
  type CopyProgress,
  copyEvents,
  fileCheckpoint,
  progressBar,
  summarize,
} from '../../../src/adapters/eventstore/copy.ts';
import {
  createdAtMetadataKey,
  createEventStoreDbEventStore,
} from '../../../src/adapters/eventstore/eventstoredb/index.ts';
import { createPostgresEventStore, type EventStore } from '../../../src/adapters/eventstore/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { newCategory, newEvent, newEvents, newStream, visible } from '../support.ts';
import { type EventStoreDbDouble, startEventStoreDbDouble } from './double/server.ts';

let db: TestDatabase;
let double: EventStoreDbDouble;
let source: EventStore;
let dir: string;
const targets: EventStore[] = [];
beforeAll(async () => {
  [db, double, dir] = await Promise.all([
    createTestDatabase(),
    startEventStoreDbDouble(),
    mkdtemp(join(tmpdir(), 'skyledger-copy-')),
  ]);
  source = createPostgresEventStore({ pool: db.pool, listen: false });
  // What a PostgreSQL store holds after a while: streams of several categories written in turns,
  // multi-event appends, metadata, and events large enough that a run of them needs several appends.
  const [vm, host] = [newCategory(), newCategory()];
  const streams = [newStream(vm), newStream(vm), newStream(host)];
  for (let round = 0; round < 40; round += 1)
    for (const stream of streams) await source.append(stream, newEvents(1 + (round % 3)), 'any');
  const big = newStream(host);
  await source.append(big, [newEvent('Big', { blob: 'x'.repeat(600_000) })], 'no_stream');
  const last = await source.append(big, [newEvent('Big', { blob: 'y'.repeat(600_000) })], 0n);
  await visible(source, last.position);
});
afterEach(async () => {
  for (const target of targets.splice(0)) await target.close();
});
afterAll(async () => {
  await source.close();
  await double.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

/** A fresh EventStoreDB (double) per test, so each copy starts from an empty target. */
const freshTarget = async () => {
  const server = await startEventStoreDbDouble();
  const store = createEventStoreDbEventStore({ connectionString: server.connectionString });
  targets.push({
    ...store,
    async close() {
      await store.close();
      await server.close();
    },
  });
  return store;
};

const memoryCheckpoint = (): CopyCheckpoint & { saves: number } => {
  let state: { position: string; copied: number } | null = null;
  return {
    saves: 0,
    async load() {
      return state;
    },
    async save(next) {
      this.saves += 1;
      state = next;
    },
  };
};

describe('copying PostgreSQL into EventStoreDB', () => {
  it('copies every event with its id, stream, revision, data, metadata and time, and verifies', async () => {
    const target = await freshTarget();
    const progress: CopyProgress[] = [];
    const report = await copyEvents({
      source,
      target,
      checkpoint: memoryCheckpoint(),
      pageSize: 50,
      createdAtKey: createdAtMetadataKey,
      onProgress: (p) => progress.push(p),
    });
    expect(report.verified).toBe(true);
    expect(report.source.count).toBeGreaterThan(200);
    expect(report.target).toEqual(report.source);
    const { events } = await source.readAll({ maxCount: 10_000 });
    expect(report.source.count).toBe(events.length);
    const copied = (await target.readAll({ maxCount: 10_000 })).events;
    const shape = (e: (typeof events)[number]) => ({ ...e, position: undefined });
    expect(copied.map(shape)).toEqual(events.map(shape));
    expect(progress.at(-1)).toEqual({ copied: events.length, total: events.length });
    expect(progress.map((p) => p.copied)).toEqual([...progress.map((p) => p.copied)].sort((a, b) => a - b));
  });

  it('resumes from its checkpoint after a crash and still verifies', async () => {
    const target = await freshTarget();
    const checkpoint = memoryCheckpoint();
    const crashing: CopyCheckpoint = {
      load: () => checkpoint.load(),
      async save(state) {
        await checkpoint.save(state);
        if (checkpoint.saves === 3) throw new Error('killed');
      },
    };
    await expect(copyEvents({ source, target, checkpoint: crashing, pageSize: 40 })).rejects.toThrow(
      'killed',
    );
    const before = (await summarize(target)).count;
    expect(before).toBe(120);
    const report = await copyEvents({ source, target, checkpoint, pageSize: 40 });
    expect(report.verified).toBe(true);
    expect(report.copiedThisRun).toBe(report.source.count - before);
  });

  it('reports a mismatch when the target holds something else', async () => {
    const target = await freshTarget();
    await target.append(newStream(), newEvents(1), 'no_stream');
    const report = await copyEvents({ source, target, checkpoint: memoryCheckpoint(), pageSize: 500 });
    expect(report.verified).toBe(false);
    expect(report.target.count).toBe(report.source.count + 1);
  });
});

describe('the copy tool', () => {
  it('keeps its checkpoint in a file', async () => {
    const checkpoint = fileCheckpoint(join(dir, 'nested', 'checkpoint.json'));
    expect(await checkpoint.load()).toBeNull();
    await checkpoint.save({ position: '0001', copied: 7 });
    expect(await checkpoint.load()).toEqual({ position: '0001', copied: 7 });
  });

  it('draws its progress on a terminal in place', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar(terminal);
    bar({ copied: 50, total: 200 });
    bar({ copied: 200, total: 200 });
    expect(written[0]).toMatch(/^\r\[#{8}\.{22}\] {2}25\.0% 50\/200 events/);
    expect(written[1]).toMatch(/100\.0% 200\/200 events.*\n$/);
  });

  it('runs from the command line: npm run eventstore:copy -- --from postgres --to eventstoredb', async () => {
    const server = await startEventStoreDbDouble();
    try {
      const checkpoint = join(dir, 'cli-checkpoint.json');
      const run = () =>
        promisify(execFile)(
          'npx',
          [
            'tsx',
            'src/adapters/eventstore/copy.cli.ts',
            '--from',
            'postgres',
            '--to',
            'eventstoredb',
            '--checkpoint',
            checkpoint,
          ],
          { env: { ...process.env, DATABASE_URL: db.url, EVENTSTOREDB_URL: server.connectionString } },
        );
      const { stdout, stderr } = await run();
      const { count } = await summarize(source);
      expect(stdout).toContain(`source (postgres): ${count} events`);
      expect(stdout).toContain('verified: counts and checksums match');
      expect(stderr).toMatch(/100\.0% \d+\/\d+ events/);
      expect(JSON.parse(await readFile(checkpoint, 'utf8'))).toMatchObject({ copied: count });
      // Run again: nothing left to copy, and it verifies again.
      expect((await run()).stdout).toContain('verified');
    } finally {
      await server.close();
    }
  }, 60_000);
});
