import { stateMachine, type TransitionTable } from '../shared/index.ts';
import type { SnapshotEventType } from './snapshot.events.ts';

/** CloudStack's `Snapshot.State` (reference: cloudstack-domain.md §9). */
export const snapshotStatuses = [
  'Allocated',
  'Creating',
  'CreatedOnPrimary',
  'BackingUp',
  'BackedUp',
  'Copying',
  'Destroying',
  'Destroyed',
  'Error',
] as const;
export type SnapshotStatus = (typeof snapshotStatuses)[number];

const verbs = {
  StartCreation: 'start creating',
  RecordOnPrimary: 'record on primary storage',
  StartBackup: 'back up',
  CompleteBackup: 'complete the backup of',
  Fail: 'fail',
  Copy: 'copy',
  CompleteCopy: 'complete copying',
  FailCopy: 'fail copying',
  Revert: 'revert to',
  Delete: 'delete',
  CompleteDeletion: 'complete deleting',
  FailDeletion: 'fail deleting',
} as const;
export type SnapshotOperation = keyof typeof verbs;

/**
 * CloudStack's snapshot FSM. Creating → BackedUp directly is its OperationNotPerformed edge (the
 * snapshot stays where it was taken, e.g. KVM with snapshot.backup.to.secondary off); so is
 * CreatedOnPrimary → BackedUp. Allocated → Error covers a request that fails before any work.
 */
export const snapshotTransitions: TransitionTable<SnapshotStatus, SnapshotOperation> = {
  Allocated: { StartCreation: 'Creating', Fail: 'Error' },
  Creating: { RecordOnPrimary: 'CreatedOnPrimary', CompleteBackup: 'BackedUp', Fail: 'Error' },
  CreatedOnPrimary: { StartBackup: 'BackingUp', CompleteBackup: 'BackedUp' },
  BackingUp: { CompleteBackup: 'BackedUp', Fail: 'Error' },
  BackedUp: { Copy: 'Copying', Revert: 'BackedUp', Delete: 'Destroying' },
  Copying: { CompleteCopy: 'BackedUp', FailCopy: 'BackedUp' },
  Destroying: { CompleteDeletion: 'Destroyed', FailDeletion: 'BackedUp' },
  Destroyed: {},
  Error: {},
};

export const snapshotStatusAfter: Readonly<Partial<Record<SnapshotEventType, SnapshotStatus>>> = {
  SnapshotAllocated: 'Allocated',
  SnapshotCreationStarted: 'Creating',
  SnapshotCreatedOnPrimary: 'CreatedOnPrimary',
  SnapshotBackupStarted: 'BackingUp',
  SnapshotBackedUp: 'BackedUp',
  SnapshotFailed: 'Error',
  SnapshotCopyStarted: 'Copying',
  SnapshotCopied: 'BackedUp',
  SnapshotCopyFailed: 'BackedUp',
  SnapshotDeletionStarted: 'Destroying',
  SnapshotDestroyed: 'Destroyed',
  SnapshotDeletionFailed: 'BackedUp',
};

export const snapshotMachine = stateMachine({
  noun: 'snapshot',
  code: 'SNAPSHOT_ILLEGAL_STATE',
  table: snapshotTransitions,
  verbs,
  statusAfter: snapshotStatusAfter,
});
