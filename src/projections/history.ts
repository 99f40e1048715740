import type pg from 'pg';
import type { EventStore, Position } from '../adapters/eventstore/port.ts';
import { hostCategory, hostDecider } from '../domain/host/index.ts';
import { type Decider, streamName } from '../domain/shared/index.ts';
import { storagePoolCategory, storagePoolDecider } from '../domain/storagePool/index.ts';
import { vmCategory, vmDecider } from '../domain/vm/index.ts';
import { volumeCategory, volumeDecider } from '../domain/volume/index.ts';
import { waitForPosition } from './consistency.ts';
import { domainEvent } from './readModels/support.ts';

/** One entry of a resource's timeline: an audit-log row, camel-cased. */
export type TimelineEntry = {
  readonly id: string;
  readonly position: Position;
  readonly type: string;
  readonly eventType: string;
  readonly level: string;
  readonly state: string;
  readonly description: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly userId: string | null;
  readonly accountId: string | null;
  readonly tenantDomainId: string | null;
  readonly createdAt: string;
  readonly data: Readonly<Record<string, unknown>>;
};

export type TimelineOptions = {
  /** Also the events of other resources that name this one (a volume attached to a VM, a reservation on a host). */
  readonly includeMentions?: boolean;
  readonly minPosition?: Position;
  readonly limit?: number;
};

/** Every audit-log event of a resource, oldest first, from the audit log. */
export const timeline = async (
  pool: pg.Pool,
  resourceId: string,
  { includeMentions = true, minPosition, limit = 10_000 }: TimelineOptions = {},
): Promise<TimelineEntry[]> => {
  if (minPosition !== undefined) await waitForPosition(pool, ['audit_log'], minPosition);
  const mention = includeMentions ? 'OR related_ids @> ARRAY[$1]::text[]' : '';
  const { rows } = await pool.query<TimelineEntry>(
    `SELECT id, position, type, event_type AS "eventType", level, state, description,
            resource_type AS "resourceType", resource_id AS "resourceId", user_id AS "userId",
            account_id AS "accountId", tenant_domain_id AS "tenantDomainId",
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", data
     FROM audit_log WHERE resource_id = $1 ${mention}
     ORDER BY position COLLATE "C" LIMIT $2`,
    [resourceId, limit],
  );
  return rows;
};

type Folding = Pick<Decider<never, unknown, never>, 'initialState' | 'evolve'>;

/** The aggregates whose state can be asked for as of an instant. */
export const historyAggregates = {
  vm: { category: vmCategory, decider: vmDecider as unknown as Folding },
  host: { category: hostCategory, decider: hostDecider as unknown as Folding },
  volume: { category: volumeCategory, decider: volumeDecider as unknown as Folding },
  storagePool: { category: storagePoolCategory, decider: storagePoolDecider as unknown as Folding },
} as const;

export type HistoryAggregate = keyof typeof historyAggregates;

export type StateAsOf<S = unknown> = {
  /** The aggregate's state after every event recorded up to the instant (its initial state when none). */
  readonly state: S;
  /** Revision of the last event folded; null when the stream had none by then. */
  readonly revision: bigint | null;
  /** When that event was recorded. */
  readonly at: Date | null;
  readonly events: number;
};

/**
 * A VM's or a host's state as of an instant: its stream's events recorded up to then, folded with
 * the domain decider's evolve, read straight from the event store (never from a lagging read model).
 */
export const stateAsOf = async <S = unknown>(
  store: EventStore,
  aggregate: HistoryAggregate,
  id: string,
  instant: Date | string,
): Promise<StateAsOf<S>> => {
  const until = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(until.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const { category, decider } = historyAggregates[aggregate];
  const history = await store.readStream(streamName(category, id));
  // In revision order up to the first event recorded after the instant: a fold never skips an event.
  const after = history.findIndex((e) => e.createdAt.getTime() > until.getTime());
  const past = after < 0 ? history : history.slice(0, after);
  const state = past.reduce((s, e) => decider.evolve(s, domainEvent(e) as never), decider.initialState());
  const last = past.at(-1);
  return {
    state: state as S,
    revision: last?.revision ?? null,
    at: last?.createdAt ?? null,
    events: past.length,
  };
};
