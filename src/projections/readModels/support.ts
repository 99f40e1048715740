import type { RecordedEvent } from '../../adapters/eventstore/port.ts';
import type { Event } from '../../domain/shared/index.ts';
import type { Row, RowProjection } from '../projection.ts';

/** Column values of one row, keyed by column name. */
export type Columns = Readonly<Record<string, unknown>>;

/** The recorded time of an event, as the ISO string every timestamp column is written with. */
export const timeOf = (event: RecordedEvent): string => event.createdAt.toISOString();

/** The domain event a recorded event stands for, as deciders take it. */
export const domainEvent = (event: RecordedEvent): Event => ({ type: event.type, data: event.data }) as Event;

/** The aggregate id of a stream `<category>-<id>`, or null when the stream is of another category. */
export const idInStream = (stream: string, category: string): string | null =>
  stream.startsWith(`${category}-`) ? stream.slice(category.length + 1) : null;

/** Columns every read model has: the key and the position of the last event the row applied. */
const keyColumns = 'id text PRIMARY KEY, position text NOT NULL';

/**
 * Makes a row evolve exactly once per event: each row keeps the position of the last event it
 * applied and ignores any event at or before it, so a redelivered batch (a runner that lost its
 * checkpoint write, a replay over live rows) changes nothing. Positions order as strings.
 */
export const applyOnce =
  (evolve: (row: Row | null, event: RecordedEvent, id: string) => Columns | null) =>
  (row: Row | null, event: RecordedEvent, id: string): Row | null => {
    if (row && typeof row.position === 'string' && row.position >= event.position) return row;
    const next = evolve(row, event, id);
    return next === null ? null : { ...next, id, position: event.position };
  };

export type ReadModel = {
  readonly name: string;
  readonly version: number;
  readonly eventTypes: readonly string[];
  /** The model's own columns; `id` and `position` are added. */
  readonly columns: string;
  readonly indexes?: readonly string[];
  rowsOf(event: RecordedEvent): readonly string[];
  evolve(row: Row | null, event: RecordedEvent, id: string): Columns | null;
};

/** A read model as the runner takes it: keyed by `id`, applied once per event. */
export const readModel = (model: ReadModel): RowProjection => ({
  name: model.name,
  version: model.version,
  eventTypes: model.eventTypes,
  columns: `${keyColumns}, ${model.columns}`,
  indexes: model.indexes,
  rowsOf: (event) => model.rowsOf(event),
  evolve: applyOnce((row, event, id) => model.evolve(row, event, id)),
});

type Folding<S> = {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: never) => S;
};

export type StreamModel<S> = {
  readonly name: string;
  readonly version: number;
  /** The stream category whose events build a row; one row per stream. */
  readonly category: string;
  /** The aggregate's event schemas: their names are the event types read. */
  readonly schemas: Readonly<Record<string, unknown>>;
  /** The aggregate's own evolve: the row holds the aggregate's state, so it never disagrees with it. */
  readonly decider: Folding<S>;
  /** The model's columns besides id, position, aggregate, created_at, updated_at and removed_at. */
  readonly columns: string;
  readonly indexes?: readonly string[];
  /** The row's columns for a state (after `event`); null while the stream holds no resource yet. */
  columnsOf(state: S, event: RecordedEvent): Columns | null;
  /** Whether the resource is gone (deleted, expunged): its row stays, stamped `removed_at`, as CloudStack keeps removed rows. */
  removed(state: S): boolean;
};

/**
 * A read model of one row per stream of an aggregate: the row keeps the aggregate's state (in the
 * `aggregate` jsonb column) folded with the domain's own evolve, and flattens it into columns for
 * queries. Times are the events' recorded times, so a rebuild reproduces every row exactly.
 */
export const streamReadModel = <S>(model: StreamModel<S>): RowProjection =>
  readModel({
    name: model.name,
    version: model.version,
    eventTypes: Object.keys(model.schemas),
    columns: `${model.columns}, aggregate jsonb NOT NULL, created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL, removed_at timestamptz`,
    indexes: model.indexes,
    rowsOf: (event) => {
      const id = idInStream(event.stream, model.category);
      return id === null ? [] : [id];
    },
    evolve: (row, event) => {
      const before = row ? (row.aggregate as S) : model.decider.initialState();
      const state = model.decider.evolve(before, domainEvent(event) as never);
      const columns = model.columnsOf(state, event);
      if (columns === null) return row;
      const at = timeOf(event);
      return {
        ...columns,
        aggregate: state,
        created_at: row?.created_at ?? at,
        updated_at: at,
        removed_at: model.removed(state) ? (row?.removed_at ?? at) : null,
      };
    },
  });
