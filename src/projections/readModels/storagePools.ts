import {
  effectiveCapacityBytes,
  type StoragePool,
  type StoragePoolState,
  storagePoolCategory,
  storagePoolDecider,
  storagePoolEventSchemas,
} from '../../domain/storagePool/index.ts';
import { streamReadModel } from './support.ts';

const bytesHeld = (pool: StoragePool, status: 'Pending' | 'Used') =>
  Object.values(pool.reservations)
    .filter((r) => r.status === status)
    .reduce((sum, r) => sum + r.sizeBytes, 0);

/** Primary storage pools with their capacity: physical, after over-provisioning, and allocated (pending + used). */
export const storagePools = streamReadModel<StoragePoolState>({
  name: 'storage_pools',
  version: 1,
  category: storagePoolCategory,
  schemas: storagePoolEventSchemas,
  decider: storagePoolDecider,
  columns: `name text NOT NULL, zone_id text NOT NULL, pod_id text, cluster_id text, host_id text,
    scope text NOT NULL, type text NOT NULL, hypervisor text NOT NULL, status text NOT NULL,
    tags text[] NOT NULL, capacity_bytes bigint NOT NULL, overprovisioning double precision NOT NULL,
    total_bytes double precision NOT NULL, allocated_bytes bigint NOT NULL, used_bytes bigint NOT NULL,
    pending_bytes bigint NOT NULL`,
  indexes: ['(zone_id, name, id)', '(cluster_id)', '(pod_id)', '(host_id)', '(name, id)', 'USING gin (tags)'],
  columnsOf: (p: StoragePool | null) =>
    p && {
      name: p.name,
      zone_id: p.zoneId,
      pod_id: p.podId,
      cluster_id: p.clusterId,
      host_id: p.hostId,
      scope: p.scope,
      type: p.type,
      hypervisor: p.hypervisor,
      status: p.status,
      tags: p.tags,
      capacity_bytes: p.capacityBytes,
      overprovisioning: p.overprovisioning,
      total_bytes: effectiveCapacityBytes(p),
      allocated_bytes: p.allocatedBytes,
      used_bytes: bytesHeld(p, 'Used'),
      pending_bytes: bytesHeld(p, 'Pending'),
    },
  removed: (p) => p?.removed === true,
});
