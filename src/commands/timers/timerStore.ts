import type pg from 'pg';

/** One pending timer (table `timers`, migration 0011). */
export type Timer = {
  readonly timerId: string;
  readonly kind: string;
  readonly dueAt: Date;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

type Row = {
  timer_id: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
};
const toTimer = (r: Row): Timer => ({
  timerId: r.timer_id,
  kind: r.kind,
  dueAt: r.due_at,
  payload: r.payload,
  attempts: r.attempts,
});

export const dueTimers = async (db: Queryable, now: Date, limit = 100): Promise<Timer[]> => {
  const { rows } = await db.query<Row>(
    'SELECT timer_id, kind, due_at, payload, attempts FROM timers WHERE due_at <= $1 ORDER BY due_at, timer_id LIMIT $2',
    [now, limit],
  );
  return rows.map(toTimer);
};

export const getTimer = async (db: Queryable, timerId: string): Promise<Timer | null> => {
  const { rows } = await db.query<Row>(
    'SELECT timer_id, kind, due_at, payload, attempts FROM timers WHERE timer_id = $1',
    [timerId],
  );
  return rows[0] ? toTimer(rows[0]) : null;
};

export const putTimer = async (
  db: Queryable,
  timer: Pick<Timer, 'timerId' | 'kind' | 'dueAt' | 'payload'>,
): Promise<void> => {
  await db.query(
    `INSERT INTO timers (timer_id, kind, due_at, payload) VALUES ($1, $2, $3, $4)
     ON CONFLICT (timer_id) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
       attempts = 0, last_error = NULL, updated_at = now()`,
    [timer.timerId, timer.kind, timer.dueAt, timer.payload],
  );
};

/** Creates the timer unless it exists (a recurring timer keeps its schedule across restarts). */
export const ensureTimer = async (
  db: Queryable,
  timer: Pick<Timer, 'timerId' | 'kind' | 'dueAt' | 'payload'>,
): Promise<void> => {
  await db.query(
    `INSERT INTO timers (timer_id, kind, due_at, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (timer_id) DO NOTHING`,
    [timer.timerId, timer.kind, timer.dueAt, timer.payload],
  );
};

export const deleteTimer = async (db: Queryable, timerId: string): Promise<void> => {
  await db.query('DELETE FROM timers WHERE timer_id = $1', [timerId]);
};

/**
 * After firing for `firedFor`: move the timer on (recurring, or a retry with `error`) or delete it
 * (one-shot). Only if it is still due at `firedFor`: a timer changed meanwhile (its policy edited,
 * its VM destroyed again) keeps the new due time. True when the row was changed.
 */
export const settleTimer = async (
  db: Queryable,
  timerId: string,
  firedFor: Date,
  next: { readonly dueAt: Date; readonly payload?: Record<string, unknown>; readonly error?: string } | null,
): Promise<boolean> => {
  const result =
    next === null
      ? await db.query('DELETE FROM timers WHERE timer_id = $1 AND due_at = $2', [timerId, firedFor])
      : await db.query(
          `UPDATE timers SET due_at = $3, payload = COALESCE($4, payload),
             attempts = CASE WHEN $5::text IS NULL THEN 0 ELSE attempts + 1 END, last_error = $5, updated_at = now()
           WHERE timer_id = $1 AND due_at = $2`,
          [timerId, firedFor, next.dueAt, next.payload ?? null, next.error ?? null],
        );
  return (result.rowCount ?? 0) > 0;
};
