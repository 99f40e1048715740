import type { HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { VolumeType } from './volume.events.ts';

type Id = { readonly volumeId: string };
type Failure = Id & { readonly reason: string };

/**
 * A new volume, Allocated until placed on a pool. Only DATADISK here: a ROOT volume is born with its
 * VM (CreateRootVolume), and a volume made from a ROOT volume's snapshot is a data disk (it can't boot).
 */
export type CreateVolume = Command<
  'CreateVolume',
  Id & {
    readonly type: VolumeType;
    readonly name: string;
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly zoneId: string;
    readonly diskOfferingId?: string;
    readonly sizeBytes: number;
    readonly fromSnapshotId?: string;
    /** The source snapshot's state, read by the command side: it must be BackedUp. */
    readonly fromSnapshotState?: string;
    readonly now: string;
  }
>;

/** The ROOT volume of a new VM: attached from birth as device 0. */
export type CreateRootVolume = Command<
  'CreateRootVolume',
  Id & {
    readonly vmId: string;
    readonly name: string;
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly zoneId: string;
    readonly diskOfferingId?: string;
    readonly templateId?: string;
    readonly sizeBytes: number;
    readonly now: string;
  }
>;

export type PlaceVolume = Command<'PlaceVolume', Id & { readonly poolId: string }>;
export type CompleteVolumeCreation = Command<'CompleteVolumeCreation', Id>;
export type FailVolumeCreation = Command<'FailVolumeCreation', Failure>;

/** Facts of the VM, read by the command side from the VM's stream. */
export type AttachVolume = Command<
  'AttachVolume',
  Id & {
    readonly vmId: string;
    /** The VM's state; only Running and Stopped VMs take a volume. */
    readonly vmState: string;
    readonly vmZoneId: string;
    readonly hypervisor: HypervisorType;
    readonly attachedDataVolumeCount: number;
    /** Device ids the VM's volumes hold now, the ROOT volume's 0 included. */
    readonly usedDeviceIds: readonly number[];
    readonly deviceId?: number;
  }
>;
export type CompleteVolumeAttach = Command<'CompleteVolumeAttach', Id>;
export type FailVolumeAttach = Command<'FailVolumeAttach', Failure>;
export type DetachVolume = Command<'DetachVolume', Id>;

export type ResizeVolume = Command<
  'ResizeVolume',
  Id & {
    readonly newSizeBytes: number;
    readonly shrinkOk: boolean;
    readonly newDiskOfferingId?: string;
    /** Whether the VM the volume is attached to has VM snapshots (they pin the disk size). */
    readonly vmHasVmSnapshots: boolean;
  }
>;
export type CompleteVolumeResize = Command<'CompleteVolumeResize', Id>;
export type FailVolumeResize = Command<'FailVolumeResize', Failure>;

/** Brackets a volume snapshot on primary storage (the snapshot process manager issues them). */
export type BeginVolumeSnapshot = Command<'BeginVolumeSnapshot', Id & { readonly snapshotId: string }>;
export type EndVolumeSnapshot = Command<'EndVolumeSnapshot', Id & { readonly snapshotId: string }>;

/** Brackets a revert to a snapshot once the snapshot aggregate has accepted it. */
export type BeginVolumeRevert = Command<
  'BeginVolumeRevert',
  Id & {
    readonly snapshotId: string;
    readonly snapshotSizeBytes: number;
    /** The state of the VM the volume is attached to (null when detached), and its VM snapshots. */
    readonly vmState: string | null;
    readonly vmHasVmSnapshots: boolean;
  }
>;
export type CompleteVolumeRevert = Command<'CompleteVolumeRevert', Id & { readonly snapshotId: string }>;
export type FailVolumeRevert = Command<'FailVolumeRevert', Failure & { readonly snapshotId: string }>;

export type MigrateVolume = Command<
  'MigrateVolume',
  Id & {
    readonly poolId: string;
    /** Whether the VM the volume is attached to is Running, and whether the caller asked for live migration. */
    readonly vmRunning: boolean;
    readonly liveMigrate: boolean;
  }
>;
export type CompleteVolumeMigration = Command<'CompleteVolumeMigration', Id>;
export type FailVolumeMigration = Command<'FailVolumeMigration', Failure>;

/** Destroys a detached DATADISK, recoverable until expunged; one never created on storage is expunged at once. */
export type DeleteVolume = Command<'DeleteVolume', Id & { readonly now: string }>;
/** The ROOT volume goes with its VM (VM destroy or restore). */
export type DestroyRootVolume = Command<
  'DestroyRootVolume',
  Id & { readonly vmId: string; readonly now: string }
>;
export type RecoverVolume = Command<'RecoverVolume', Id>;
/** `expungeDelaySeconds` is `expunge.delay`; 0 when the caller asked to expunge at once. */
export type ExpungeVolume = Command<
  'ExpungeVolume',
  Id & { readonly now: string; readonly expungeDelaySeconds: number }
>;
export type CompleteVolumeExpunge = Command<'CompleteVolumeExpunge', Id>;
export type FailVolumeExpunge = Command<'FailVolumeExpunge', Failure>;

export type VolumeCommand =
  | CreateVolume
  | CreateRootVolume
  | PlaceVolume
  | CompleteVolumeCreation
  | FailVolumeCreation
  | AttachVolume
  | CompleteVolumeAttach
  | FailVolumeAttach
  | DetachVolume
  | ResizeVolume
  | CompleteVolumeResize
  | FailVolumeResize
  | BeginVolumeSnapshot
  | EndVolumeSnapshot
  | BeginVolumeRevert
  | CompleteVolumeRevert
  | FailVolumeRevert
  | MigrateVolume
  | CompleteVolumeMigration
  | FailVolumeMigration
  | DeleteVolume
  | DestroyRootVolume
  | RecoverVolume
  | ExpungeVolume
  | CompleteVolumeExpunge
  | FailVolumeExpunge;
