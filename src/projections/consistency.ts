import type pg from 'pg';
import type { Position } from '../adapters/eventstore/port.ts';

export class StaleReadError extends Error {
  constructor(
    readonly position: Position,
    readonly behind: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(
      `the read models ${behind.join(', ')} have not reached position ${position} within ${timeoutMs} ms; retry shortly`,
    );
    this.name = 'StaleReadError';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Read-your-writes: resolves once every named projection's checkpoint has reached `position`
 * (positions order as strings), whichever node runs them; rejects with StaleReadError after
 * `timeoutMs`.
 */
export const waitForPosition = async (
  pool: pg.Pool,
  names: readonly string[],
  position: Position,
  { timeoutMs = 2000, pollMs = 10 } = {},
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT n AS name FROM unnest($1::text[]) n
       LEFT JOIN projection_checkpoints c ON c.name = n
       WHERE c.position IS NULL OR c.position < $2 COLLATE "C"`,
      [names, position],
    );
    if (!rows.length) return;
    if (Date.now() >= deadline)
      throw new StaleReadError(
        position,
        rows.map((r) => r.name),
        timeoutMs,
      );
    await sleep(pollMs);
  }
};
