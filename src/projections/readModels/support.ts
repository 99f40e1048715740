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

/** Whether a row has applied this event (or a later one) already: positions order as strings. */
const appliedAlready = (row: Row | null, event: RecordedEvent): boolean =>
  row !== null && typeof row.position === 'string' && row.position >= event.position;

/**
 * Makes a row evolve exactly once per event: each row keeps the position of the last event it
 * applied and ignores any event at or before it, so a redelivered batch (a runner that lost its
 * checkpoint write, a replay over live rows) changes nothing.
 */
export const applyOnce =
  (evolve: (row: Row | null, event: RecordedEvent, id: string) => Columns | null) =>
  (row: Row | null, event: RecordedEvent, id: string): Row | null => {
    if (appliedAlready(row, event)) return row;
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
  /** See RowProjection.announce. */
  readonly announce?: boolean;
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
  announce: model.announce,
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
  /** See RowProjection.announce. */
  readonly announce?: boolean;
  /** The row's columns for a state (after `event`); null only while the stream holds no resource. */
  columnsOf(state: S, event: RecordedEvent): Columns | null;
  /** Whether the resource is gone (deleted, expunged): its row stays, stamped `removed_at`, as CloudStack keeps removed rows. */
  removed(state: S): boolean;
};

/**
 * A stream row between two events of a batch: the aggregate state and the row's times, rendered
 * into columns only when the row is written (applyBatch serialises rows with JSON.stringify), so
 * folding a batch costs what the domain's evolve costs.
 */
class StreamRow<S> implements Row {
  readonly [column: string]: unknown;
  constructor(
    readonly id: string,
    readonly position: string,
    readonly aggregate: S,
    readonly created_at: unknown,
    readonly updated_at: string,
    readonly removed_at: unknown,
    private readonly render: () => Columns | null,
  ) {}

  toJSON(): Columns {
    const columns = this.render();
    if (columns === null) throw new Error(`read model row ${this.id} has no resource to show`);
    const { id, position, aggregate, created_at, updated_at, removed_at } = this;
    return { ...columns, id, position, aggregate, created_at, updated_at, removed_at };
  }
}

/**
 * A read model of one row per stream of an aggregate: the row keeps the aggregate's state (in the
 * `aggregate` jsonb column) folded with the domain's own evolve, and flattens it into columns for
 * queries. Times are the events' recorded times, so a rebuild reproduces every row exactly.
 */
export const streamReadModel = <S>(model: StreamModel<S>): RowProjection => ({
  name: model.name,
  version: model.version,
  eventTypes: Object.keys(model.schemas),
  columns: `${keyColumns}, ${model.columns}, aggregate jsonb NOT NULL, created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL, removed_at timestamptz`,
  indexes: model.indexes,
  announce: model.announce,
  rowsOf: (event) => {
    const id = idInStream(event.stream, model.category);
    return id === null ? [] : [id];
  },
  evolve: (row, event, id) => {
    if (appliedAlready(row, event)) return row;
    const before = row ? (row.aggregate as S) : model.decider.initialState();
    const state = model.decider.evolve(before, domainEvent(event) as never);
    // An event that brings no resource into being (it names a stream not created yet) makes no row.
    if (row === null && Object.is(state, before)) return null;
    const at = timeOf(event);
    return new StreamRow(
      id,
      event.position,
      state,
      row?.created_at ?? at,
      at,
      model.removed(state) ? (row?.removed_at ?? at) : null,
      () => model.columnsOf(state, event),
    );
  },
});
