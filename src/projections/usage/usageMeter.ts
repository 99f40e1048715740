import type { RecordedEvent } from '../../adapters/eventstore/port.ts';
import {
  insertMark,
  intervalsOf,
  meterEvent,
  meteredEventTypes,
  type StampedMark,
  type UsageInterval,
  type UsageResourceKind,
  usageResourceKey,
} from '../../domain/usage/index.ts';
import type { Row } from '../projection.ts';
import { domainEvent, readModel } from '../readModels/support.ts';

/** A row of usage_meter: one metered resource, its usage marks in time order, and what queries prune on. */
export type UsageMeterRow = Row & {
  readonly resource_kind: UsageResourceKind;
  readonly resource_id: string;
  readonly account_id: string;
  readonly tenant_domain_id: string;
  readonly marks: readonly StampedMark[];
  /** Epoch ms of the first interval's start; null while no interval has opened. */
  readonly first_ms: number | null;
  /** Epoch ms of the last interval's end; null while one is open (or none opened yet). */
  readonly end_ms: number | null;
  readonly open: boolean;
};

/** The intervals a meter row holds. */
export const intervalsOfRow = (
  row: Pick<UsageMeterRow, 'resource_kind' | 'resource_id' | 'marks'>,
): UsageInterval[] => intervalsOf({ kind: row.resource_kind, id: row.resource_id }, row.marks);

/**
 * usage_meter: per metered resource (VM, volume, snapshot, image) the usage marks its events made,
 * stamped with the store's time and sorted by it, so a late event lands where it belongs and the
 * periods it touches are recomputed. Usage records are computed from these rows at query time, up to
 * the `now` of the query: a rebuild replays the same marks, so it gives the same records.
 */
export const usageMeter = readModel({
  name: 'usage_meter',
  version: 1,
  eventTypes: meteredEventTypes,
  columns: `resource_kind text NOT NULL, resource_id text NOT NULL, account_id text NOT NULL,
    tenant_domain_id text NOT NULL, marks jsonb NOT NULL, first_ms bigint, end_ms bigint, open boolean NOT NULL`,
  indexes: ['(account_id, first_ms)', '(tenant_domain_id)', '(first_ms)', '(resource_id)'],
  rowsOf: (event: RecordedEvent) => {
    const metered = meterEvent(domainEvent(event));
    return metered ? [usageResourceKey(metered.resource)] : [];
  },
  evolve: (row, event: RecordedEvent) => {
    const metered = meterEvent(domainEvent(event));
    if (!metered) return row;
    const previous = row as UsageMeterRow | null;
    let marks: readonly StampedMark[] = previous?.marks ?? [];
    const at = event.createdAt.getTime();
    for (const m of metered.marks) marks = insertMark(marks, { ...m, at, seq: event.position });
    const intervals = intervalsOf(metered.resource, marks);
    const open = intervals.some((i) => i.end === null);
    const owner = metered.marks.find((m) => m.facts.accountId !== undefined)?.facts;
    return {
      resource_kind: metered.resource.kind,
      resource_id: metered.resource.id,
      account_id: owner?.accountId ?? previous?.account_id ?? '',
      tenant_domain_id: owner?.tenantDomainId ?? previous?.tenant_domain_id ?? '',
      marks,
      first_ms: intervals.length ? Math.min(...intervals.map((i) => i.start)) : null,
      end_ms: open || !intervals.length ? null : Math.max(...intervals.map((i) => i.end ?? 0)),
      open,
    };
  },
});
