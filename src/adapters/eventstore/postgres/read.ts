import type pg from 'pg';
import type { EventMetadata, Position, RecordedEvent } from '../port.ts';
import {
  type NormalizedReadAll,
  type NormalizedReadStream,
  type Page,
  pageOf,
} from '../shared/readOptions.ts';
import { parsePosition, toPosition } from './position.ts';

type EventRow = {
  readonly tx_id: string;
  readonly global_position: string;
  readonly stream_id: string;
  readonly stream_revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly created_at: Date;
};

const columns = `e.tx_id::text AS tx_id, e.global_position::text AS global_position, e.stream_id,
  e.stream_revision::text AS stream_revision, e.event_id::text AS event_id, e.type, e.data, e.metadata,
  e.created_at`;

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  stream: row.stream_id,
  revision: BigInt(row.stream_revision),
  position: toPosition(row.tx_id, row.global_position),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  createdAt: row.created_at,
});

const readStreamForwardsSql = `SELECT ${columns} FROM events e
WHERE e.stream_id = $1 AND e.stream_revision >= $2 ORDER BY e.stream_revision LIMIT $3`;
const readStreamBackwardsSql = `SELECT ${columns} FROM events e
WHERE e.stream_id = $1 AND e.stream_revision <= $2 ORDER BY e.stream_revision DESC LIMIT $3`;
const maxBigint = '9223372036854775807';

/** A stream reads straight from its rows: every committed event, in revision order. */
export const readStream = async (pool: pg.Pool, stream: string, read: NormalizedReadStream) => {
  if (!read.backwards && read.fromRevision === null) return [];
  const { rows } = await pool.query<EventRow>({
    name: read.backwards ? 'event_store_read_stream_backwards' : 'event_store_read_stream_forwards',
    text: read.backwards ? readStreamBackwardsSql : readStreamForwardsSql,
    values: [stream, read.fromRevision?.toString() ?? maxBigint, read.maxCount],
  });
  return rows.map(toRecordedEvent);
};

// $all shows only events of transactions older than every running one: all of those have ended, so
// no event can later appear before the last one read (a sequence value is drawn at insert but
// becomes visible at commit; a `global_position > last` reader skips late committers for ever).
const visible = 'e.tx_id < pg_snapshot_xmin(pg_current_snapshot())';
const after = '(e.tx_id, e.global_position) > ($1::xid8, $2::bigint)';
// Committed events that wait behind a running older transaction: worth a quick re-read. (ORDER BY
// ... LIMIT 1 keeps the planner on the index even without statistics; EXISTS may pick a table scan.)
const pending = `(SELECT p.tx_id FROM events p WHERE p.tx_id >= pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY p.tx_id LIMIT 1) IS NOT NULL`;
const noEvent = 'NULL, NULL, NULL, NULL, NULL, NULL';

// Each read is one statement, so one snapshot: the events, and a last row with how far it looked.
const readAllSql = `SELECT false AS meta, h.*, NULL::boolean AS reached_head, NULL::boolean AS pending
FROM (SELECT ${columns} FROM events e WHERE ${visible} AND ${after}
      ORDER BY e.tx_id, e.global_position LIMIT $3) h
UNION ALL
SELECT true, NULL, NULL, ${noEvent}, NULL, true, ${pending}`;

// A filtered read looks at most $3 + 1 events after `from` (the search window) and returns the
// matching ones, at most $4; it looked up to the window's end, or to the head when $all ends sooner.
const readAllFilteredSql = `WITH bound AS (
  SELECT e.tx_id, e.global_position FROM events e WHERE ${visible} AND ${after}
  ORDER BY e.tx_id, e.global_position OFFSET $3 LIMIT 1
), head AS (
  SELECT e.tx_id, e.global_position FROM events e WHERE ${visible}
  ORDER BY e.tx_id DESC, e.global_position DESC LIMIT 1
), scan_end AS (
  SELECT tx_id, global_position, false AS reached_head FROM bound
  UNION ALL
  SELECT tx_id, global_position, true FROM head WHERE NOT EXISTS (SELECT FROM bound)
)
SELECT false AS meta, h.*, NULL::boolean AS reached_head, NULL::boolean AS pending
FROM (SELECT ${columns} FROM events e
      WHERE ${visible} AND ${after}
        AND (e.tx_id, e.global_position) <= (SELECT s.tx_id, s.global_position FROM scan_end s)
        AND ($5::text[] IS NULL OR e.type = ANY ($5::text[]))
        AND ($6::text[] IS NULL OR e.stream_id LIKE ANY ($6::text[]))
      ORDER BY e.tx_id, e.global_position LIMIT $4) h
UNION ALL
SELECT true, s.tx_id::text, s.global_position::text, ${noEvent}, NULL, coalesce(s.reached_head, true), ${pending}
FROM (SELECT) AS one LEFT JOIN scan_end s ON true`;

type PageRow = EventRow & {
  readonly meta: boolean;
  readonly reached_head: boolean;
  readonly pending: boolean;
};

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/** One page of $all after `read.from` (exclusive), in (tx_id, global_position) order. */
export const readPage = async (pool: pg.Pool, read: NormalizedReadAll): Promise<Page> => {
  const [txId, globalPosition] = parsePosition(read.from);
  const { filter } = read;
  const { rows } = await pool.query<PageRow>(
    filter === null
      ? { name: 'event_store_read_all', text: readAllSql, values: [txId, globalPosition, read.maxCount] }
      : {
          name: 'event_store_read_all_filtered',
          text: readAllFilteredSql,
          values: [
            txId,
            globalPosition,
            read.searchWindow - 1,
            read.maxCount,
            filter.eventTypes,
            filter.streamPrefixes?.map(likePrefix) ?? null,
          ],
        },
  );
  const meta = rows.find((row) => row.meta)!;
  const events = rows.filter((row) => !row.meta).map(toRecordedEvent);
  // UNION ALL keeps its branches' order in practice; the page must not rest on it.
  events.sort((a, b) => (a.position < b.position ? -1 : 1));
  const scanEnd = meta.tx_id === null ? null : toPosition(meta.tx_id, meta.global_position);
  return pageOf(read, events, scanEnd, meta.reached_head, meta.pending);
};

const headSql = `SELECT e.tx_id::text AS tx_id, e.global_position::text AS global_position FROM events e
WHERE ${visible} ORDER BY e.tx_id DESC, e.global_position DESC LIMIT 1`;

export const headPosition = async (pool: pg.Pool): Promise<Position | null> => {
  const { rows } = await pool.query<{ tx_id: string; global_position: string }>({
    name: 'event_store_head',
    text: headSql,
  });
  return rows[0] ? toPosition(rows[0].tx_id, rows[0].global_position) : null;
};
