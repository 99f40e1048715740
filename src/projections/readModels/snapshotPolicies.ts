import { type SnapshotPolicyEvent, snapshotPolicyEventSchemas } from '../../domain/snapshotPolicy/index.ts';
import { readModel, timeOf } from './support.ts';

/**
 * Snapshot policies, one row per policy (a volume's stream holds all its policies). Every event
 * carries the whole policy, so a row is the last event's settings; a deleted policy keeps its row,
 * stamped removed_at.
 */
export const snapshotPolicies = readModel({
  name: 'snapshot_policies',
  version: 1,
  eventTypes: Object.keys(snapshotPolicyEventSchemas),
  columns: `volume_id text NOT NULL, interval_type text NOT NULL, account_id text, tenant_domain_id text,
    schedule text, timezone text, max_snaps integer, for_display boolean, next_run_at timestamptz,
    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, removed_at timestamptz`,
  indexes: ['(volume_id)', '(account_id)', '(next_run_at) WHERE removed_at IS NULL'],
  rowsOf: (event) => [(event.data as SnapshotPolicyEvent['data']).policyId],
  evolve: (row, event) => {
    const e = { type: event.type, data: event.data } as SnapshotPolicyEvent;
    const at = timeOf(event);
    const since = { created_at: row?.created_at ?? at, updated_at: at };
    if (e.type === 'SnapshotPolicyDeleted') return row && { ...row, ...since, removed_at: at };
    const d = e.data;
    return {
      volume_id: d.volumeId,
      interval_type: d.intervalType,
      account_id: d.accountId,
      tenant_domain_id: d.tenantDomainId,
      schedule: d.schedule,
      timezone: d.timezone,
      max_snaps: d.maxSnaps,
      for_display: d.forDisplay,
      next_run_at: d.nextRunAt,
      ...since,
      removed_at: null,
    };
  },
});
