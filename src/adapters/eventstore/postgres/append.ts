import type pg from 'pg';
import { type AppendResult, DuplicateEventIdError, WrongExpectedVersionError } from '../port.ts';
import type { PreparedAppend } from '../shared/appendGuards.ts';
import { toPosition } from './position.ts';

/** A pool (each statement its own transaction) or a client (inside the caller's transaction). */
export type Queryable = Pick<pg.ClientBase, 'query'>;

type AppendRow = {
  readonly stream_index: number;
  readonly next_revision: string;
  readonly tx_id: string;
  readonly global_position: string;
};

// One statement, so one round trip; named, so each connection parses and plans it once.
const appendSql = `SELECT stream_index, next_revision::text AS next_revision, tx_id::text AS tx_id,
  global_position::text AS global_position
FROM event_store_append($1::text[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::uuid[],
  $8::text[], $9::jsonb[], $10::jsonb[])`;

/** The call of event_store_append (see migration 0001) for prepared appends, as parallel arrays. */
export const appendQuery = (appends: readonly PreparedAppend[]): pg.QueryConfig => {
  const modes: string[] = [];
  const revisions: (string | null)[] = [];
  const eventStreams: number[] = [];
  const offsets: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  appends.forEach(({ expectedRevision, events }, index) => {
    const exact = typeof expectedRevision === 'bigint';
    modes.push(exact ? 'exact' : expectedRevision);
    revisions.push(exact ? expectedRevision.toString() : null);
    events.forEach((event, offset) => {
      eventStreams.push(index + 1);
      offsets.push(offset);
      ids.push(event.id);
      types.push(event.type);
      data.push(event.data);
      metadata.push(event.metadata);
    });
  });
  const streams = appends.map((a) => a.stream);
  const sizes = appends.map((a) => a.events.length);
  return {
    name: 'event_store_append',
    text: appendSql,
    values: [streams, modes, revisions, sizes, eventStreams, offsets, ids, types, data, metadata],
  };
};

/** The port's error for what event_store_append raised; other errors pass unchanged. */
const portError = (error: unknown, appends: readonly PreparedAppend[]): unknown => {
  const { code, detail } = error as { code?: string; detail?: string };
  if (code === 'SK001' && detail) {
    const { streamIndex, actual } = JSON.parse(detail) as { streamIndex: number; actual: string | null };
    const append = appends[streamIndex - 1]!;
    return new WrongExpectedVersionError(
      append.stream,
      append.expectedRevision,
      actual === null ? 'no_stream' : BigInt(actual),
    );
  }
  if (code === 'SK002' && detail) return new DuplicateEventIdError(detail);
  return error;
};

/** The unique violation of two concurrent appends that used the same event id. */
export const isEventIdRace = (error: unknown): boolean => {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === 'events_event_id_key';
};

/**
 * Runs one append: all streams or none. The adapter runs it on its pool; tests run it inside a
 * transaction of their own to hold a writer open, through exactly the same SQL.
 */
export const runAppend = async (
  db: Queryable,
  appends: readonly PreparedAppend[],
): Promise<AppendResult[]> => {
  let rows: AppendRow[];
  try {
    ({ rows } = await db.query<AppendRow>(appendQuery(appends)));
  } catch (error) {
    throw portError(error, appends);
  }
  const results: AppendResult[] = [];
  for (const row of rows)
    results[row.stream_index - 1] = {
      nextExpectedRevision: BigInt(row.next_revision),
      position: toPosition(row.tx_id, row.global_position),
    };
  return results;
};

const eventIdRaceRetries = 3;

/**
 * Runs an append on the pool. Appends to different streams take different locks, so two of them
 * with the same event id can meet at the unique index; the loser runs again and then sees the
 * winner's events: an idempotent retry, or DuplicateEventIdError.
 */
export const appendOnPool = async (
  pool: pg.Pool,
  appends: readonly PreparedAppend[],
): Promise<AppendResult[]> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runAppend(pool, appends);
    } catch (error) {
      if (!isEventIdRace(error)) throw error;
      if (attempt === eventIdRaceRetries) {
        const id = /\(event_id\)=\(([^)]+)\)/.exec((error as { detail?: string }).detail ?? '')?.[1];
        throw new DuplicateEventIdError(id ?? appends[0]!.events[0]!.id);
      }
    }
  }
};
