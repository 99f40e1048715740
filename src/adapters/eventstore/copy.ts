import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type EventStore,
  type ExpectedRevision,
  maxAppendSizeBytes,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from './port.ts';

/**
 * Copies every event of one store into another (PostgreSQL into EventStoreDB, in production): in $all
 * order, with its id, stream, revision, type, data and metadata. Each run of one stream's events is one
 * append at its exact expected revision, so a copy that stops (a crash, Ctrl-C) resumes from its
 * checkpoint and replays at most one page, which the target answers idempotently. At the end both stores
 * are read through and their counts and checksums compared.
 */

/** Where the copy has got to in the source's $all, kept between runs. */
export type CopyCheckpoint = {
  load(): Promise<{ readonly position: Position | 'start'; readonly copied: number } | null>;
  save(state: { readonly position: Position; readonly copied: number }): Promise<void>;
};

export type CopyProgress = { readonly copied: number; readonly total: number };

export type CopyOptions = {
  readonly source: EventStore;
  readonly target: EventStore;
  readonly checkpoint: CopyCheckpoint;
  /** Source events per read (default 1000). */
  readonly pageSize?: number;
  /** Keep each event's creation time in the target's metadata under this key (EventStoreDB stamps its own). */
  readonly createdAtKey?: string;
  readonly onProgress?: (progress: CopyProgress) => void;
};

export type StoreSummary = { readonly count: number; readonly checksum: string };

export type CopyReport = {
  /** Events appended by this run (replays of a resumed page included). */
  readonly copiedThisRun: number;
  readonly source: StoreSummary;
  readonly target: StoreSummary;
  readonly verified: boolean;
};

/** JSON with object keys sorted, so stores that reorder keys (jsonb) still sum alike. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );

const eventLine = (event: RecordedEvent, withCreatedAt: boolean): string =>
  [
    event.id,
    event.stream,
    event.revision.toString(),
    event.type,
    canonicalJson(event.data),
    canonicalJson(event.metadata),
    withCreatedAt ? event.createdAt.toISOString() : '',
  ].join('\t');

/** Reads a whole store through $all: its event count and a SHA-256 over every event in order. */
export const summarize = async (
  store: EventStore,
  { pageSize = 1000, withCreatedAt = false }: { pageSize?: number; withCreatedAt?: boolean } = {},
): Promise<StoreSummary> => {
  const hash = createHash('sha256');
  let count = 0;
  let from: Position | 'start' = 'start';
  for (;;) {
    const { events, checkpoint } = await store.readAll({ from, maxCount: pageSize });
    for (const event of events) hash.update(`${eventLine(event, withCreatedAt)}\n`);
    count += events.length;
    if (events.length === 0 || checkpoint === null || checkpoint === from) break;
    from = checkpoint;
  }
  return { count, checksum: hash.digest('hex') };
};

const eventSize = (event: NewEvent) =>
  Buffer.byteLength(event.type) +
  Buffer.byteLength(JSON.stringify(event.data ?? null)) +
  Buffer.byteLength(JSON.stringify(event.metadata ?? {}));

type Batch = { stream: string; expectedRevision: ExpectedRevision; events: NewEvent[]; size: number };

/** Consecutive events of one stream, as appends within the append size limit. */
const batchesOf = (events: readonly RecordedEvent[], createdAtKey: string | undefined): Batch[] => {
  const batches: Batch[] = [];
  for (const event of events) {
    const copy: NewEvent = {
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: createdAtKey
        ? { ...event.metadata, [createdAtKey]: event.createdAt.toISOString() }
        : event.metadata,
    };
    const size = eventSize(copy);
    const last = batches.at(-1);
    if (last && last.stream === event.stream && last.size + size <= maxAppendSizeBytes) {
      last.events.push(copy);
      last.size += size;
    } else
      batches.push({
        stream: event.stream,
        expectedRevision: event.revision === 0n ? 'no_stream' : event.revision - 1n,
        events: [copy],
        size,
      });
  }
  return batches;
};

export const copyEvents = async (options: CopyOptions): Promise<CopyReport> => {
  const { source, target, checkpoint, pageSize = 1000, createdAtKey, onProgress } = options;
  const total = (await summarize(source, { pageSize })).count;
  const saved = await checkpoint.load();
  let from = saved?.position ?? 'start';
  let copied = saved?.copied ?? 0;
  let copiedThisRun = 0;
  onProgress?.({ copied, total });
  for (;;) {
    const page = await source.readAll({ from, maxCount: pageSize });
    if (page.events.length === 0) break;
    for (const batch of batchesOf(page.events, createdAtKey)) {
      await target.append(batch.stream, batch.events, batch.expectedRevision);
      copiedThisRun += batch.events.length;
    }
    copied += page.events.length;
    from = page.checkpoint ?? from;
    await checkpoint.save({ position: from as Position, copied });
    onProgress?.({ copied, total: Math.max(total, copied) });
  }
  const withCreatedAt = createdAtKey !== undefined;
  const [sourceSummary, targetSummary] = await Promise.all([
    summarize(source, { pageSize, withCreatedAt }),
    summarize(target, { pageSize, withCreatedAt }),
  ]);
  return {
    copiedThisRun,
    source: sourceSummary,
    target: targetSummary,
    verified:
      sourceSummary.count === targetSummary.count && sourceSummary.checksum === targetSummary.checksum,
  };
};

/** The checkpoint as a small JSON file, written to a temporary name and renamed into place. */
export const fileCheckpoint = (path: string): CopyCheckpoint => ({
  async load() {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  },
  async save(state) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, JSON.stringify(state));
    await rename(`${path}.tmp`, path);
  },
});

/** A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
export const progressBar = (out: NodeJS.WriteStream = process.stderr) => {
  const started = Date.now();
  let lastLine = 0;
  return ({ copied, total }: CopyProgress) => {
    const share = total === 0 ? 1 : copied / total;
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1).padStart(5)}% ${copied.toLocaleString('en')}/${total.toLocaleString('en')} events, ${Math.round(copied / seconds).toLocaleString('en')}/s`;
    if (out.isTTY) out.write(`\r${line}${copied >= total ? '\n' : ''}`);
    else if (copied >= total || Date.now() - lastLine > 5000) {
      lastLine = Date.now();
      out.write(`${line}\n`);
    }
  };
};
