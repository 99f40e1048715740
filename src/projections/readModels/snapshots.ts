import {
  type SnapshotState,
  snapshotCategory,
  snapshotDecider,
  snapshotEventSchemas,
} from '../../domain/snapshot/index.ts';
import { streamReadModel } from './support.ts';

/** Volume snapshots: owner, volume, type (MANUAL or the policy's interval), sizes, zones holding a copy, state. */
export const snapshots = streamReadModel<SnapshotState>({
  name: 'snapshots',
  version: 1,
  category: snapshotCategory,
  schemas: snapshotEventSchemas,
  decider: snapshotDecider,
  columns: `name text NOT NULL, volume_id text NOT NULL, account_id text NOT NULL,
    tenant_domain_id text NOT NULL, zone_id text NOT NULL, snapshot_type text NOT NULL, policy_id text,
    hypervisor text NOT NULL, volume_size_bytes bigint NOT NULL, physical_size_bytes bigint,
    state text NOT NULL, zone_ids text[] NOT NULL, copying_to_zone_id text`,
  indexes: [
    '(volume_id, created_at)',
    '(account_id, name, id)',
    '(tenant_domain_id)',
    '(policy_id)',
    '(state, name, id)',
    '(name, id)',
    'USING gin (zone_ids)',
  ],
  columnsOf: (s) =>
    s && {
      name: s.name,
      volume_id: s.volumeId,
      account_id: s.accountId,
      tenant_domain_id: s.tenantDomainId,
      zone_id: s.zoneId,
      snapshot_type: s.snapshotType,
      policy_id: s.policyId,
      hypervisor: s.hypervisor,
      volume_size_bytes: s.volumeSizeBytes,
      physical_size_bytes: s.physicalSizeBytes,
      state: s.status,
      zone_ids: s.zoneIds,
      copying_to_zone_id: s.copyingTo,
    },
  removed: (s) => s?.status === 'Destroyed',
});
