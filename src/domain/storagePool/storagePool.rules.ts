import {
  assertStorageOverProvisioning,
  capabilitiesOf,
  type HypervisorType,
  hypervisorTypes,
  type StoragePoolType,
} from '../hypervisor/index.ts';
import { invalid, unsupported } from '../shared/index.ts';
import type { PoolPlacement } from './storagePool.commands.ts';
import type { PoolScope } from './storagePool.events.ts';

/** The hypervisors that can mount zone-wide primary storage (the capability matrix's zoneWideStorage). */
export const zoneWideHypervisors: readonly HypervisorType[] = hypervisorTypes.filter(
  (hypervisor) => capabilitiesOf(hypervisor).zoneWideStorage,
);

/** pool.storage.allocated.capacity.disablethreshold's default. */
export const defaultAllocatedDisableThreshold = 0.85;

type PlaceField = 'podId' | 'clusterId' | 'hostId';
const scopeFields: Readonly<Record<PoolScope, readonly PlaceField[]>> = {
  Host: ['podId', 'clusterId', 'hostId'],
  Cluster: ['podId', 'clusterId'],
  Zone: [],
};

export type ResolvedPlacement = {
  readonly scope: PoolScope;
  readonly podId: string | null;
  readonly clusterId: string | null;
  readonly hostId: string | null;
};

/**
 * Checks the ids a scope needs (and refuses ids it can't use), that local storage is exactly the
 * host-scoped kind, and that a zone-wide pool's hypervisor can mount one.
 */
export const resolvePlacement = (
  placement: PoolPlacement,
  type: StoragePoolType,
  hypervisor: HypervisorType,
): ResolvedPlacement => {
  const { scope } = placement;
  const needed = scopeFields[scope];
  const missing = needed.filter((f) => !placement[f]);
  if (missing.length > 0)
    throw invalid('POOL_SCOPE_INCOMPLETE', `A ${scope}-scoped pool needs ${missing.join(', ')}`, {
      scope,
      missing,
    });
  const extra = (['podId', 'clusterId', 'hostId'] as const).filter(
    (f) => !needed.includes(f) && placement[f],
  );
  if (extra.length > 0)
    throw invalid('POOL_SCOPE_OVERSPECIFIED', `A ${scope}-scoped pool takes no ${extra.join(', ')}`, {
      scope,
      extra,
    });
  if ((type === 'Local') !== (scope === 'Host'))
    throw invalid(
      'POOL_LOCAL_SCOPE_MISMATCH',
      'Local storage belongs to one host (Host scope); shared storage is Cluster or Zone scoped',
      { scope, type },
    );
  if (scope === 'Zone' && !capabilitiesOf(hypervisor).zoneWideStorage)
    throw unsupported(
      'POOL_ZONE_SCOPE_UNSUPPORTED',
      `${hypervisor} does not support zone-wide primary storage`,
      {
        hypervisor,
        supported: zoneWideHypervisors,
      },
    );
  return {
    scope,
    podId: placement.podId ?? null,
    clusterId: placement.clusterId ?? null,
    hostId: placement.hostId ?? null,
  };
};

/** storage.overprovisioning.factor defaults to 2, which applies to NFS where the hypervisor allows it. */
export const defaultOverprovisioning = (hypervisor: HypervisorType, type: StoragePoolType): number =>
  type === 'NFS' && capabilitiesOf(hypervisor).storageOverProvisioning.includes(type) ? 2 : 1;

export const validateCapacity = (
  hypervisor: HypervisorType,
  type: StoragePoolType,
  capacityBytes: number,
  overprovisioning: number,
): void => {
  if (!Number.isSafeInteger(capacityBytes) || capacityBytes <= 0)
    throw invalid('POOL_CAPACITY_INVALID', 'capacityBytes must be a positive whole number of bytes', {
      capacityBytes,
    });
  if (!Number.isFinite(overprovisioning) || overprovisioning < 1)
    throw invalid('POOL_OVERPROVISIONING_INVALID', 'The over-provisioning factor must be at least 1', {
      overprovisioning,
    });
  assertStorageOverProvisioning(hypervisor, type, overprovisioning);
};
