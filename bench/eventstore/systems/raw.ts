import pg from 'pg';
import type { BenchEvent } from '../workload.ts';
import type { SystemUnderTest } from './system.ts';

// The columns of Skyledger's events table, with only its primary key: no unique event id, no
// (stream, revision) uniqueness, no $all index, no streams table, no expected-version check.
const createTableSql = `CREATE TABLE raw_events (
  global_position  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx_id            xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id        text NOT NULL,
  stream_revision  bigint NOT NULL,
  event_id         uuid NOT NULL,
  type             text NOT NULL,
  data             jsonb NOT NULL,
  metadata         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now()
)`;

const columnsPerRow = 6;

/** `INSERT ... VALUES ($1..$6), ($7..$12), ...` for `rows` rows. */
const insertSql = (rows: number): string => {
  const tuples = Array.from({ length: rows }, (_, row) => {
    const first = row * columnsPerRow + 1;
    const params = Array.from({ length: columnsPerRow }, (_, column) => `$${first + column}`);
    return `(${params.join(', ')})`;
  });
  return `INSERT INTO raw_events (stream_id, stream_revision, event_id, type, data, metadata) VALUES ${tuples.join(', ')}`;
};

// Read back the same columns as the event store's $all reader, so both parse the same rows.
// (Qualified: a bare ORDER BY global_position would sort by the text output column.)
const readSql = `SELECT r.global_position::text AS global_position, r.tx_id::text AS tx_id, r.stream_id,
  r.stream_revision::text AS stream_revision, r.event_id::text AS event_id, r.type, r.data, r.metadata,
  r.created_at
FROM raw_events r WHERE r.global_position > $1 ORDER BY r.global_position LIMIT $2`;

/**
 * The ceiling: the same rows, written by one multi-row INSERT per call (one statement, its own
 * transaction, as the event store's one-statement append) into a plain table of the same shape.
 */
export const createRawSystem = async (url: string, poolSize: number): Promise<SystemUnderTest> => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'bench-raw' });
  pool.on('error', () => {});
  await pool.query(createTableSql);
  const statements = new Map<number, string>();
  const statementFor = (rows: number) => {
    const text = statements.get(rows) ?? insertSql(rows);
    statements.set(rows, text);
    return text;
  };

  return {
    description: `multi-row INSERT through pg into a plain table of the events' shape (pool ${poolSize})`,
    supports: ['append', 'read'],
    subscribers: [],
    async append(stream, events: readonly BenchEvent[], before) {
      const values: unknown[] = [];
      events.forEach((event, offset) => {
        values.push(
          stream,
          before + offset,
          event.id,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
      });
      await pool.query({ name: `raw_insert_${events.length}`, text: statementFor(events.length), values });
    },
    async readAll(pageSize, stop) {
      let after = '0';
      let events = 0;
      let pages = 0;
      while (!stop()) {
        const { rows } = await pool.query<{ global_position: string }>({
          name: 'raw_read',
          text: readSql,
          values: [after, pageSize],
        });
        pages += 1;
        if (rows.length === 0) break;
        events += rows.length;
        after = rows[rows.length - 1]!.global_position;
      }
      return { events, pages };
    },
    subscribe() {
      return Promise.reject(new Error('the raw baseline has no subscriptions'));
    },
    async synchronousCommit() {
      const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      return rows[0]!.synchronous_commit;
    },
    close: () => pool.end(),
  };
};
