import type { ClusterState } from '../../domain/cluster/index.ts';
import type { Host } from '../../domain/host/index.ts';
import type { HostCandidate, PoolCandidate, PoolScope } from '../../domain/placement/index.ts';
import type { PodState } from '../../domain/pod/index.ts';
import type { PoolScope as DomainPoolScope, StoragePool } from '../../domain/storagePool/index.ts';
import type { ZoneState } from '../../domain/zone/index.ts';

/**
 * How the capacity index shows the host and pool aggregates' states to the pure placement
 * functions. A level not (yet) known, or removed, counts as Disabled: a stale index must never
 * open capacity that an admin closed.
 */

type Allocation = HostCandidate['clusterAllocationState'];

const allocationOf = (state: ClusterState | PodState | ZoneState | undefined): Allocation =>
  state && !state.removed ? state.allocationState : 'Disabled';

export type HostLevels = {
  readonly cluster: ClusterState | undefined;
  readonly pod: PodState | undefined;
  readonly zone: ZoneState | undefined;
};

export const hostCandidateOf = (host: Host, levels: HostLevels): HostCandidate => ({
  hostId: host.hostId,
  clusterId: host.clusterId,
  podId: host.podId,
  zoneId: host.zoneId,
  hypervisor: host.hypervisor,
  status: host.status,
  resourceState: host.resourceState,
  tags: host.tags,
  size: host.size,
  load: host.load,
  runningGuests: host.guests,
  clusterAllocationState: allocationOf(levels.cluster),
  podAllocationState: allocationOf(levels.pod),
  zoneAllocationState: allocationOf(levels.zone),
});

const scopes: Readonly<Record<DomainPoolScope, PoolScope>> = {
  Host: 'HOST',
  Cluster: 'CLUSTER',
  Zone: 'ZONE',
};

/**
 * A pool as placement ranks it. The simulator reports no bytes written, so `usedBytes` is 0 and
 * only the allocated share (what the pool ledger enforces) limits placement.
 */
export const poolCandidateOf = (pool: StoragePool): PoolCandidate => ({
  poolId: pool.poolId,
  zoneId: pool.zoneId,
  scope: scopes[pool.scope],
  ...(pool.clusterId !== null ? { clusterId: pool.clusterId } : {}),
  ...(pool.hostId !== null ? { hostId: pool.hostId } : {}),
  hypervisor: pool.hypervisor,
  type: pool.type,
  status: pool.removed ? 'Removed' : pool.status,
  tags: pool.tags,
  capacityBytes: pool.capacityBytes,
  usedBytes: 0,
  allocatedBytes: pool.allocatedBytes,
  overprovisioning: pool.overprovisioning,
});
