import { capabilitiesOf, type HypervisorType, type StoragePoolType } from '../hypervisor/index.ts';
import type { HostCandidate, PlacementRequest } from './placement.types.ts';

/**
 * Primary storage pool choice for one volume once the host (so the cluster) is chosen (§2.5, §8.1,
 * §8.5). Like host placement it only ranks read-model candidates; the pool aggregate enforces.
 */

export type PoolScope = 'HOST' | 'CLUSTER' | 'ZONE';

export type StoragePoolStatus =
  | 'Initial'
  | 'Creating'
  | 'Up'
  | 'PrepareForMaintenance'
  | 'ErrorInMaintenance'
  | 'CancelMaintenance'
  | 'Maintenance'
  | 'Disabled'
  | 'Removed';

export type PoolCandidate = {
  readonly poolId: string;
  readonly zoneId: string;
  readonly scope: PoolScope;
  /** Set for CLUSTER pools. */
  readonly clusterId?: string;
  /** Set for HOST (local storage) pools. */
  readonly hostId?: string;
  /** ZONE pools serve the hosts of one hypervisor; absent: any. */
  readonly hypervisor?: HypervisorType;
  readonly type: StoragePoolType;
  readonly status: StoragePoolStatus;
  readonly tags: readonly string[];
  readonly capacityBytes: number;
  /** Bytes actually written on the pool. */
  readonly usedBytes: number;
  /** Σ sizes of the volumes placed on the pool (what over-provisioning applies to). */
  readonly allocatedBytes: number;
  /** `storage.overprovisioning.factor` of the pool (default 2); only honoured where the type allows it. */
  readonly overprovisioning: number;
};

export type VolumeRequest = {
  readonly volumeId: string;
  readonly sizeBytes: number;
  /** Every tag must be on the pool. */
  readonly storageTags: readonly string[];
  /** The disk offering asks for local storage: only the chosen host's own pool. */
  readonly localStorage: boolean;
  readonly hypervisor: HypervisorType;
  readonly zoneId: string;
  readonly clusterId: string;
  /** The chosen host; needed for local storage. */
  readonly hostId?: string;
};

export type PoolAllocator = 'firstfit' | 'firstfitleastconsumed';

export type StoragePlacementSettings = {
  /** `pool.storage.capacity.disablethreshold`: share of bytes actually used. */
  readonly usedThreshold: number;
  /** `pool.storage.allocated.capacity.disablethreshold`: allocated share after this volume. */
  readonly allocatedThreshold: number;
  /** `volume.allocation.algorithm`. */
  readonly allocator: PoolAllocator;
};

export const defaultStoragePlacementSettings: StoragePlacementSettings = {
  usedThreshold: 0.85,
  allocatedThreshold: 0.85,
  allocator: 'firstfit',
};

export const poolExclusions = [
  'not_up',
  'hypervisor_unsupported',
  'hypervisor_mismatch',
  'local_storage',
  'shared_storage',
  'other_host',
  'other_cluster',
  'other_zone',
  'storage_tags',
  'used_threshold',
  'allocated_threshold',
  'capacity',
] as const;
export type PoolExclusion = (typeof poolExclusions)[number];

export type StoragePlan = {
  readonly poolIds: readonly string[];
  readonly exclusions: Readonly<Record<PoolExclusion, number>>;
};

/** Capacity × over-provisioning factor, the factor only for pool types the hypervisor over-provisions. */
export const poolEffectiveCapacityBytes = (pool: PoolCandidate, hypervisor: HypervisorType): number =>
  capabilitiesOf(hypervisor).storageOverProvisioning.includes(pool.type)
    ? pool.capacityBytes * pool.overprovisioning
    : pool.capacityBytes;

export const poolFreeBytes = (pool: PoolCandidate, hypervisor: HypervisorType): number =>
  poolEffectiveCapacityBytes(pool, hypervisor) - pool.allocatedBytes;

const scopeExclusion = (pool: PoolCandidate, volume: VolumeRequest): PoolExclusion | null => {
  if (pool.zoneId !== volume.zoneId) return 'other_zone';
  if (volume.localStorage) {
    if (pool.scope !== 'HOST') return 'shared_storage';
    return pool.hostId === volume.hostId ? null : 'other_host';
  }
  if (pool.scope === 'HOST') return 'local_storage';
  if (pool.scope === 'CLUSTER') return pool.clusterId === volume.clusterId ? null : 'other_cluster';
  return pool.hypervisor === undefined || pool.hypervisor === volume.hypervisor
    ? null
    : 'hypervisor_mismatch';
};

/** The first reason the pool can't take the volume, or null. */
export const poolExclusion = (
  pool: PoolCandidate,
  volume: VolumeRequest,
  settings: StoragePlacementSettings = defaultStoragePlacementSettings,
): PoolExclusion | null => {
  if (pool.status !== 'Up') return 'not_up';
  if (!capabilitiesOf(volume.hypervisor).storagePoolTypes.includes(pool.type))
    return 'hypervisor_unsupported';
  const scope = scopeExclusion(pool, volume);
  if (scope) return scope;
  for (const tag of volume.storageTags) if (!pool.tags.includes(tag)) return 'storage_tags';
  if (pool.capacityBytes <= 0 || pool.usedBytes / pool.capacityBytes > settings.usedThreshold)
    return 'used_threshold';
  const effective = poolEffectiveCapacityBytes(pool, volume.hypervisor);
  if ((pool.allocatedBytes + volume.sizeBytes) / effective > settings.allocatedThreshold)
    return 'allocated_threshold';
  // Reachable only with a threshold above 1: room is still a hard limit.
  if (effective - pool.allocatedBytes < volume.sizeBytes) return 'capacity';
  return null;
};

export const planStoragePools = (
  volume: VolumeRequest,
  pools: readonly PoolCandidate[],
  settings: StoragePlacementSettings = defaultStoragePlacementSettings,
): StoragePlan => {
  const exclusions = Object.fromEntries(poolExclusions.map((k) => [k, 0])) as Record<PoolExclusion, number>;
  const eligible: PoolCandidate[] = [];
  for (const pool of pools) {
    const why = poolExclusion(pool, volume, settings);
    if (why) exclusions[why]++;
    else eligible.push(pool);
  }
  if (settings.allocator === 'firstfitleastconsumed')
    eligible.sort((a, b) => poolFreeBytes(b, volume.hypervisor) - poolFreeBytes(a, volume.hypervisor));
  return { poolIds: eligible.map((p) => p.poolId), exclusions };
};

/** A volume of the VM being placed, on the host chosen for it: tags and locality come from the request. */
export const volumeRequestFor = (
  request: PlacementRequest,
  host: HostCandidate,
  volume: { readonly volumeId: string; readonly sizeBytes: number },
): VolumeRequest => ({
  volumeId: volume.volumeId,
  sizeBytes: volume.sizeBytes,
  storageTags: request.storageTags,
  localStorage: request.localStorage,
  hypervisor: host.hypervisor,
  zoneId: host.zoneId,
  clusterId: host.clusterId,
  hostId: host.hostId,
});
