import { stateMachine, type TransitionTable } from '../shared/index.ts';
import type { VolumeEventType } from './volume.events.ts';

/**
 * The subset of CloudStack's `Volume.State` Skyledger uses (reference: cloudstack-domain.md §9).
 * Destroy is recoverable; Expunged is terminal.
 */
export const volumeStatuses = [
  'Allocated',
  'Creating',
  'Ready',
  'Attaching',
  'Resizing',
  'Snapshotting',
  'RevertSnapshotting',
  'Migrating',
  'Destroy',
  'Expunging',
  'Expunged',
] as const;
export type VolumeStatus = (typeof volumeStatuses)[number];

/** What can be asked of a volume, each with the words an error message uses. */
const verbs = {
  Place: 'place',
  CompleteCreation: 'complete the creation of',
  FailCreation: 'fail the creation of',
  Attach: 'attach',
  HotPlug: 'hot-plug',
  CompleteAttach: 'complete attaching',
  FailAttach: 'fail attaching',
  Detach: 'detach',
  Resize: 'resize',
  CompleteResize: 'complete resizing',
  FailResize: 'fail resizing',
  BeginSnapshot: 'snapshot',
  EndSnapshot: 'end the snapshot of',
  BeginRevert: 'revert',
  CompleteRevert: 'complete reverting',
  FailRevert: 'fail reverting',
  Migrate: 'migrate',
  CompleteMigration: 'complete migrating',
  FailMigration: 'fail migrating',
  Destroy: 'destroy',
  Recover: 'recover',
  Expunge: 'expunge',
  CompleteExpunge: 'complete expunging',
  FailExpunge: 'fail expunging',
} as const;
export type VolumeOperation = keyof typeof verbs;

/**
 * The state machine: per state, the operations allowed and the state each leads to. A volume that
 * never reached storage (Allocated) is attached, resized and destroyed on record only, and destroying
 * it expunges it at once (CloudStack: "can only be expunged, not destroyed/recovered").
 */
export const volumeTransitions: TransitionTable<VolumeStatus, VolumeOperation> = {
  Allocated: {
    Place: 'Creating',
    Attach: 'Allocated',
    Detach: 'Allocated',
    Resize: 'Allocated',
    Destroy: 'Expunged',
  },
  Creating: { CompleteCreation: 'Ready', FailCreation: 'Allocated' },
  Ready: {
    Attach: 'Ready',
    HotPlug: 'Attaching',
    Detach: 'Ready',
    Resize: 'Resizing',
    BeginSnapshot: 'Snapshotting',
    BeginRevert: 'RevertSnapshotting',
    Migrate: 'Migrating',
    Destroy: 'Destroy',
  },
  Attaching: { CompleteAttach: 'Ready', FailAttach: 'Ready' },
  Resizing: { CompleteResize: 'Ready', FailResize: 'Ready' },
  Snapshotting: { EndSnapshot: 'Ready' },
  RevertSnapshotting: { CompleteRevert: 'Ready', FailRevert: 'Ready' },
  Migrating: { CompleteMigration: 'Ready', FailMigration: 'Ready' },
  Destroy: { Recover: 'Ready', Expunge: 'Expunging' },
  Expunging: { CompleteExpunge: 'Expunged', FailExpunge: 'Destroy' },
  Expunged: {},
};

/** The state each event leaves the volume in (evolve applies it); events not listed keep the state. */
export const statusAfter: Readonly<Partial<Record<VolumeEventType, VolumeStatus>>> = {
  VolumeAllocated: 'Allocated',
  RootVolumeAllocated: 'Allocated',
  VolumePlaced: 'Creating',
  VolumeCreated: 'Ready',
  VolumeCreationFailed: 'Allocated',
  VolumeAttachStarted: 'Attaching',
  VolumeAttachCompleted: 'Ready',
  VolumeAttachFailed: 'Ready',
  VolumeResizeStarted: 'Resizing',
  VolumeResizeCompleted: 'Ready',
  VolumeResizeFailed: 'Ready',
  VolumeSnapshotStarted: 'Snapshotting',
  VolumeSnapshotEnded: 'Ready',
  VolumeRevertStarted: 'RevertSnapshotting',
  VolumeReverted: 'Ready',
  VolumeRevertFailed: 'Ready',
  VolumeMigrationStarted: 'Migrating',
  VolumeMigrated: 'Ready',
  VolumeMigrationFailed: 'Ready',
  VolumeDestroyed: 'Destroy',
  VolumeRecovered: 'Ready',
  VolumeExpungeStarted: 'Expunging',
  VolumeExpungeFailed: 'Destroy',
  VolumeExpunged: 'Expunged',
};

export const volumeMachine = stateMachine({
  noun: 'volume',
  code: 'VOLUME_ILLEGAL_STATE',
  table: volumeTransitions,
  verbs,
  statusAfter,
});

/** The state an operation leads to, or a VOLUME_ILLEGAL_STATE refusal naming the states that allow it. */
export const transition = (
  volume: { readonly volumeId: string; readonly status: VolumeStatus },
  operation: VolumeOperation,
): VolumeStatus => volumeMachine.transition(volume.volumeId, volume.status, operation);
