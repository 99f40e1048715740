import type { RecordedEvent } from '../adapters/eventstore/port.ts';

/**
 * A read model is one table of rows keyed by `id`, each row a plain JSON object whose keys are
 * the table's columns. The projection says which rows an event touches and how a row evolves;
 * the runner loads those rows for a whole batch, evolves them in memory and writes them back in
 * one statement, so a batch costs a few round trips whatever its size.
 */
export type Row = { readonly id: string; readonly [column: string]: unknown };

export type RowProjection<R extends Row = Row> = {
  /** Names the read model; queries read the view of this name. */
  readonly name: string;
  /** Bump when the table or the evolve logic changes: a rebuild then fills a new generation. */
  readonly version: number;
  /** The event types it handles; only these are read from $all. */
  readonly eventTypes: readonly string[];
  /** Column definitions; must include `id text PRIMARY KEY` (or uuid). */
  readonly columns: string;
  /** Index column lists, e.g. `(state, zone_id)`; created with every generation. */
  readonly indexes?: readonly string[];
  /**
   * Whether a batch that changes rows also NOTIFYs `readModelChannel` with the projection's name,
   * delivered when the batch commits: in-memory caches of the model (authentication's) drop what
   * they hold. Only for models that change rarely: a notifying commit takes a database-wide lock.
   */
  readonly announce?: boolean;
  /** The ids of the rows an event touches; none to ignore it. */
  rowsOf(event: RecordedEvent): readonly string[];
  /** The row after the event; null deletes it. Never throws for a well-formed event.
   * (Method syntax on purpose: a projection of specific rows is usable where any projection is.) */
  evolve(row: R | null, event: RecordedEvent, id: string): R | null;
};

/** The NOTIFY channel of `announce`; the payload is the projection's name. */
export const readModelChannel = 'skyledger_read_models';

/** Physical table of a generation; the view named after the projection points at one of them. */
export const tableOf = (name: string, generation: number): string => `rm_${name}__g${generation}`;
