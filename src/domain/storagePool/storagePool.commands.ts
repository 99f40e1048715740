import type { HypervisorType, StoragePoolType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { PoolScope } from './storagePool.events.ts';

type PoolRef = { readonly poolId: string };

/** The ids a scope needs: Host (local storage) pod+cluster+host, Cluster pod+cluster, Zone none. */
export type PoolPlacement = {
  readonly scope: PoolScope;
  readonly podId?: string | null;
  readonly clusterId?: string | null;
  readonly hostId?: string | null;
};

/**
 * `hypervisor` is the cluster's (read by the command side) for a Cluster or Host pool, and the
 * hypervisor whose hosts mount it for a Zone pool. Over-provisioning defaults to 2 for NFS, else 1.
 */
export type CreateStoragePool = Command<
  'CreateStoragePool',
  PoolRef &
    PoolPlacement & {
      readonly zoneId: string;
      readonly name: string;
      readonly type: StoragePoolType;
      readonly hypervisor: HypervisorType;
      readonly capacityBytes: number;
      readonly overprovisioning?: number;
      readonly tags: readonly string[];
    }
>;

/** Omitted fields keep their value. */
export type UpdateStoragePool = Command<
  'UpdateStoragePool',
  PoolRef & {
    readonly name?: string;
    readonly capacityBytes?: number;
    readonly overprovisioning?: number;
    readonly tags?: readonly string[];
  }
>;

export type EnableStoragePool = Command<'EnableStoragePool', PoolRef>;
export type DisableStoragePool = Command<'DisableStoragePool', PoolRef>;
export type PrepareStoragePoolForMaintenance = Command<'PrepareStoragePoolForMaintenance', PoolRef>;
/** The VMs using the pool are stopped: the pool is in Maintenance. */
export type CompleteStoragePoolMaintenance = Command<'CompleteStoragePoolMaintenance', PoolRef>;
export type CancelStoragePoolMaintenance = Command<'CancelStoragePoolMaintenance', PoolRef>;

/** Cluster ↔ Zone, only while Disabled (§2.5). */
export type ChangeStoragePoolScope = Command<
  'ChangeStoragePoolScope',
  PoolRef & {
    readonly scope: 'Cluster' | 'Zone';
    readonly podId?: string | null;
    readonly clusterId?: string | null;
  }
>;

export type DeleteStoragePool = Command<'DeleteStoragePool', PoolRef>;

/** `allocatedDisableThreshold` is pool.storage.allocated.capacity.disablethreshold (default 0.85). */
export type ReserveStorage = Command<
  'ReserveStorage',
  PoolRef & {
    readonly reservationId: string;
    readonly volumeId: string;
    readonly sizeBytes: number;
    readonly now: string;
    readonly expiresAt: string;
    readonly allocatedDisableThreshold?: number;
  }
>;

export type CommitStorage = Command<'CommitStorage', PoolRef & { readonly reservationId: string }>;
export type ReleaseStorage = Command<
  'ReleaseStorage',
  PoolRef & ({ readonly reservationId: string } | { readonly volumeId: string })
>;
export type ExpireStorageReservations = Command<
  'ExpireStorageReservations',
  PoolRef & { readonly now: string }
>;

export type StorageCapacityCommand =
  | ReserveStorage
  | CommitStorage
  | ReleaseStorage
  | ExpireStorageReservations;

export type StoragePoolCommand =
  | CreateStoragePool
  | UpdateStoragePool
  | EnableStoragePool
  | DisableStoragePool
  | PrepareStoragePoolForMaintenance
  | CompleteStoragePoolMaintenance
  | CancelStoragePoolMaintenance
  | ChangeStoragePoolScope
  | DeleteStoragePool
  | StorageCapacityCommand;
