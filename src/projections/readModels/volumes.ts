import {
  type VolumeState,
  volumeCategory,
  volumeDecider,
  volumeEventSchemas,
} from '../../domain/volume/index.ts';
import { streamReadModel } from './support.ts';

/** Volumes: owner, zone, pool, the VM they are attached to (with device id), size, offering and state. */
export const volumes = streamReadModel<VolumeState>({
  name: 'volumes',
  version: 1,
  category: volumeCategory,
  schemas: volumeEventSchemas,
  decider: volumeDecider,
  columns: `name text NOT NULL, type text NOT NULL, account_id text NOT NULL, tenant_domain_id text NOT NULL,
    zone_id text NOT NULL, pool_id text, vm_id text, device_id integer, disk_offering_id text,
    size_bytes bigint NOT NULL, state text NOT NULL, template_id text, from_snapshot_id text,
    destroyed_at timestamptz, pending_operation text`,
  indexes: [
    '(vm_id, device_id)',
    '(account_id, name, id)',
    '(tenant_domain_id)',
    '(zone_id, state)',
    '(pool_id)',
    '(state, name, id)',
    '(name, id)',
  ],
  columnsOf: (v) =>
    v && {
      name: v.name,
      type: v.type,
      account_id: v.accountId,
      tenant_domain_id: v.tenantDomainId,
      zone_id: v.zoneId,
      pool_id: v.poolId,
      vm_id: v.attachment?.vmId ?? null,
      device_id: v.attachment?.deviceId ?? null,
      disk_offering_id: v.diskOfferingId,
      size_bytes: v.sizeBytes,
      state: v.status,
      template_id: v.templateId,
      from_snapshot_id: v.fromSnapshotId,
      destroyed_at: v.destroyedAt,
      pending_operation: v.pending?.kind ?? null,
    },
  removed: (v) => v?.status === 'Expunged',
});
