import type { HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { SnapshotType } from './snapshot.events.ts';

type Id = { readonly snapshotId: string };
type Failure = Id & { readonly reason: string };

/** Facts of the volume and its VM are read by the command side from their streams. */
export type TakeSnapshot = Command<
  'TakeSnapshot',
  Id & {
    readonly volumeId: string;
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly zoneId: string;
    readonly name: string;
    readonly hypervisor: HypervisorType;
    /** Whether the volume is attached to a Running VM. */
    readonly vmRunning: boolean;
    readonly volumeState: string;
    readonly volumeSizeBytes: number;
    readonly type: SnapshotType;
    /** The policy that took a recurring snapshot; absent for MANUAL ones. */
    readonly policyId?: string;
    readonly now: string;
  }
>;

/** Steps the snapshot process manager records as storage and the hypervisor report them. */
export type StartSnapshotCreation = Command<'StartSnapshotCreation', Id>;
export type RecordSnapshotOnPrimary = Command<'RecordSnapshotOnPrimary', Id>;
export type StartSnapshotBackup = Command<'StartSnapshotBackup', Id>;
export type CompleteSnapshotBackup = Command<
  'CompleteSnapshotBackup',
  Id & { readonly physicalSizeBytes: number }
>;
export type FailSnapshot = Command<'FailSnapshot', Failure>;

export type CopySnapshot = Command<'CopySnapshot', Id & { readonly toZoneId: string }>;
export type CompleteSnapshotCopy = Command<'CompleteSnapshotCopy', Id>;
export type FailSnapshotCopy = Command<'FailSnapshotCopy', Failure>;

export type RevertSnapshot = Command<
  'RevertSnapshot',
  Id & {
    /** The snapshot's volume: its state, the state of the VM it is attached to (null when detached). */
    readonly volumeState: string;
    readonly attachedVmState: string | null;
    readonly vmHasVmSnapshots: boolean;
  }
>;

export type DeleteSnapshot = Command<'DeleteSnapshot', Id>;
export type CompleteSnapshotDeletion = Command<'CompleteSnapshotDeletion', Id>;
export type FailSnapshotDeletion = Command<'FailSnapshotDeletion', Failure>;

export type SnapshotCommand =
  | TakeSnapshot
  | StartSnapshotCreation
  | RecordSnapshotOnPrimary
  | StartSnapshotBackup
  | CompleteSnapshotBackup
  | FailSnapshot
  | CopySnapshot
  | CompleteSnapshotCopy
  | FailSnapshotCopy
  | RevertSnapshot
  | DeleteSnapshot
  | CompleteSnapshotDeletion
  | FailSnapshotDeletion;
