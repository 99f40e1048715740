import type { RecordedEvent } from '../../adapters/eventstore/port.ts';
import type { QuotaEvent } from '../../domain/limits/quota/index.ts';
import type { ResourceAmounts } from '../../domain/limits/resourceTypes.ts';
import { readModel, timeOf } from './support.ts';

/** One row per (ledger, resource type), as CloudStack's resource_count and resource_limit tables. */
const rowId = (scope: string, ownerId: string, type: string) => `${scope}:${ownerId}:${type}`;

const ledgerColumns = 'scope text NOT NULL, owner_id text NOT NULL, resource_type text NOT NULL';
const ledgerIndexes = ['(owner_id, resource_type)'];

const quotaEvent = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as QuotaEvent;

/** How an event moves a type's amount between reserved and counted: [Δcount, Δreserved] per unit. */
const moves = (e: QuotaEvent): readonly [number, number] => {
  switch (e.type) {
    case 'QuotaReserved':
      return [0, 1];
    case 'QuotaCommitted':
      return [1, -1];
    case 'QuotaReleased':
      return e.data.from === 'reserved' ? [0, -1] : [-1, 0];
    case 'QuotaReservationExpired':
      return [0, -1];
    case 'LimitSet':
      return [0, 0];
  }
};

const touched = (resources: ResourceAmounts) => Object.keys(resources);

/** Usage per account or tenant domain and resource type: committed count and pending reservations, in base units. */
export const resourceCounts = readModel({
  name: 'resource_counts',
  version: 1,
  eventTypes: ['QuotaReserved', 'QuotaCommitted', 'QuotaReleased', 'QuotaReservationExpired'],
  columns: `${ledgerColumns}, count bigint NOT NULL, reserved bigint NOT NULL, updated_at timestamptz NOT NULL`,
  indexes: ledgerIndexes,
  rowsOf: (event) => {
    const e = quotaEvent(event);
    if (e.type === 'LimitSet') return [];
    return touched(e.data.resources).map((type) => rowId(e.data.scope, e.data.ownerId, type));
  },
  evolve: (row, event, id) => {
    const e = quotaEvent(event);
    if (e.type === 'LimitSet') return row;
    const type = id.slice(id.lastIndexOf(':') + 1) as keyof ResourceAmounts;
    const amount = e.data.resources[type] ?? 0;
    const [count, reserved] = moves(e);
    return {
      scope: e.data.scope,
      owner_id: e.data.ownerId,
      resource_type: type,
      count: Number(row?.count ?? 0) + count * amount,
      reserved: Number(row?.reserved ?? 0) + reserved * amount,
      updated_at: timeOf(event),
    };
  },
});

/** Limits set explicitly per account or tenant domain and resource type (-1: unlimited), in API units. */
export const resourceLimits = readModel({
  name: 'resource_limits',
  version: 1,
  eventTypes: ['LimitSet'],
  columns: `${ledgerColumns}, max bigint NOT NULL, updated_at timestamptz NOT NULL`,
  indexes: ledgerIndexes,
  rowsOf: (event) => {
    const e = quotaEvent(event);
    return e.type === 'LimitSet' ? [rowId(e.data.scope, e.data.ownerId, e.data.type)] : [];
  },
  evolve: (row, event) => {
    const e = quotaEvent(event);
    if (e.type !== 'LimitSet') return row;
    return {
      scope: e.data.scope,
      owner_id: e.data.ownerId,
      resource_type: e.data.type,
      max: e.data.max,
      updated_at: timeOf(event),
    };
  },
});
