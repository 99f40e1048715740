import { assertVolumeSnapshots } from '../hypervisor/index.ts';
import { conflict, invalid, notFound, requireCreated, requireNew, requireText } from '../shared/index.ts';
import { assertRevertible, assertVolumeReady } from '../volume/volume.rules.ts';
import type {
  CompleteSnapshotBackup,
  CopySnapshot,
  RevertSnapshot,
  SnapshotCommand,
  TakeSnapshot,
} from './snapshot.commands.ts';
import type { SnapshotEvent, SnapshotEventType } from './snapshot.events.ts';
import { type SnapshotOperation, snapshotMachine } from './snapshot.machine.ts';
import { assertRevertSupported } from './snapshot.revert.ts';
import type { Snapshot, SnapshotState } from './snapshot.state.ts';

type FactKey =
  | 'snapshotId'
  | 'volumeId'
  | 'accountId'
  | 'tenantDomainId'
  | 'zoneId'
  | 'snapshotType'
  | 'policyId'
  | 'volumeSizeBytes'
  | 'physicalSizeBytes';
type EventOf<T extends SnapshotEventType> = Extract<SnapshotEvent, { type: T }>;
type Extra<T extends SnapshotEventType> = Omit<EventOf<T>['data'], FactKey> &
  Partial<Pick<Snapshot, FactKey>>;

const existing = (state: SnapshotState, snapshotId: string): Snapshot =>
  requireCreated(state, () =>
    notFound('SNAPSHOT_NOT_FOUND', `Snapshot ${snapshotId} does not exist`, { snapshotId }),
  );

/** The event of an operation the state machine allows, with the snapshot's facts. */
const emit = <T extends SnapshotEventType>(
  s: Snapshot,
  operation: SnapshotOperation,
  type: T,
  extra: Extra<T>,
): EventOf<T> => {
  snapshotMachine.transition(s.snapshotId, s.status, operation);
  snapshotMachine.assertLands(s.status, operation, type);
  const { snapshotId, volumeId, accountId, tenantDomainId, zoneId, snapshotType, policyId } = s;
  const facts = { snapshotId, volumeId, accountId, tenantDomainId, zoneId, snapshotType, policyId };
  // TypeScript can't relate a generic T to its payload; Extra<T> keeps callers honest.
  return {
    type,
    data: { ...facts, volumeSizeBytes: s.volumeSizeBytes, physicalSizeBytes: s.physicalSizeBytes, ...extra },
  } as unknown as EventOf<T>;
};

const takeSnapshot = ({ data: c }: TakeSnapshot, state: SnapshotState): SnapshotEvent[] => {
  requireNew(state, () =>
    conflict('SNAPSHOT_ALREADY_EXISTS', `Snapshot ${c.snapshotId} already exists`, {
      snapshotId: c.snapshotId,
    }),
  );
  requireText(c.name, 'SNAPSHOT_NAME_REQUIRED', 'A snapshot needs a name', { name: c.name });
  if (c.type === 'MANUAL' && c.policyId !== undefined)
    throw invalid(
      'SNAPSHOT_POLICY_NOT_ALLOWED',
      'A MANUAL snapshot is not taken by a policy; leave policyId out',
      {
        policyId: c.policyId,
      },
    );
  if (c.type !== 'MANUAL' && c.policyId === undefined)
    throw invalid(
      'SNAPSHOT_POLICY_REQUIRED',
      `A ${c.type} snapshot is taken by a snapshot policy; give its policyId`,
      {
        type: c.type,
      },
    );
  assertVolumeReady(c.volumeId, c.volumeState, 'taking a snapshot');
  assertVolumeSnapshots(c.hypervisor, c.vmRunning);
  return [
    {
      type: 'SnapshotAllocated',
      data: {
        snapshotId: c.snapshotId,
        volumeId: c.volumeId,
        accountId: c.accountId,
        tenantDomainId: c.tenantDomainId,
        zoneId: c.zoneId,
        snapshotType: c.type,
        policyId: c.policyId ?? null,
        volumeSizeBytes: c.volumeSizeBytes,
        physicalSizeBytes: null,
        name: c.name,
        hypervisor: c.hypervisor,
        createdAt: c.now,
      },
    },
  ];
};

const completeSnapshotBackup = (
  { data: c }: CompleteSnapshotBackup,
  state: SnapshotState,
): SnapshotEvent[] => {
  const s = existing(state, c.snapshotId);
  snapshotMachine.transition(s.snapshotId, s.status, 'CompleteBackup');
  if (!Number.isSafeInteger(c.physicalSizeBytes) || c.physicalSizeBytes < 0)
    throw invalid(
      'SNAPSHOT_SIZE_INVALID',
      `A snapshot's physical size is a whole number of bytes, not ${c.physicalSizeBytes}`,
      {
        physicalSizeBytes: c.physicalSizeBytes,
      },
    );
  return [emit(s, 'CompleteBackup', 'SnapshotBackedUp', { physicalSizeBytes: c.physicalSizeBytes })];
};

const copySnapshot = ({ data: c }: CopySnapshot, state: SnapshotState): SnapshotEvent[] => {
  const s = existing(state, c.snapshotId);
  snapshotMachine.transition(s.snapshotId, s.status, 'Copy');
  if (s.zoneIds.includes(c.toZoneId))
    throw conflict(
      'SNAPSHOT_ALREADY_IN_ZONE',
      `Snapshot ${s.snapshotId} already has a copy in zone ${c.toZoneId}`,
      {
        snapshotId: s.snapshotId,
        zoneId: c.toZoneId,
      },
    );
  return [emit(s, 'Copy', 'SnapshotCopyStarted', { toZoneId: c.toZoneId })];
};

/** The zone a copy is under way to (set with Copying, so present once the machine allows the step). */
const copyTarget = (s: Snapshot, operation: SnapshotOperation): string => {
  snapshotMachine.transition(s.snapshotId, s.status, operation);
  if (s.copyingTo === null) throw new Error(`snapshot: ${s.status} without a copy target`);
  return s.copyingTo;
};

const revertSnapshot = ({ data: c }: RevertSnapshot, state: SnapshotState): SnapshotEvent[] => {
  const s = existing(state, c.snapshotId);
  snapshotMachine.transition(s.snapshotId, s.status, 'Revert');
  assertRevertSupported(s.hypervisor, s.snapshotId);
  assertVolumeReady(s.volumeId, c.volumeState, 'reverting to a snapshot');
  assertRevertible(s.volumeId, c.attachedVmState, c.vmHasVmSnapshots);
  return [emit(s, 'Revert', 'SnapshotRevertRequested', {})];
};

/** Commands that only move the snapshot along its state machine. */
const steps = {
  StartSnapshotCreation: ['StartCreation', 'SnapshotCreationStarted'],
  RecordSnapshotOnPrimary: ['RecordOnPrimary', 'SnapshotCreatedOnPrimary'],
  StartSnapshotBackup: ['StartBackup', 'SnapshotBackupStarted'],
  DeleteSnapshot: ['Delete', 'SnapshotDeletionStarted'],
  CompleteSnapshotDeletion: ['CompleteDeletion', 'SnapshotDestroyed'],
} as const satisfies Partial<
  Record<SnapshotCommand['type'], readonly [SnapshotOperation, SnapshotEventType]>
>;

/** Failures record their reason. */
const failures = {
  FailSnapshot: ['Fail', 'SnapshotFailed'],
  FailSnapshotDeletion: ['FailDeletion', 'SnapshotDeletionFailed'],
} as const satisfies Partial<
  Record<SnapshotCommand['type'], readonly [SnapshotOperation, SnapshotEventType]>
>;

export const decide = (command: SnapshotCommand, state: SnapshotState): readonly SnapshotEvent[] => {
  switch (command.type) {
    case 'TakeSnapshot':
      return takeSnapshot(command, state);
    case 'StartSnapshotCreation':
    case 'RecordSnapshotOnPrimary':
    case 'StartSnapshotBackup':
    case 'DeleteSnapshot':
    case 'CompleteSnapshotDeletion': {
      const [operation, type] = steps[command.type];
      return [emit(existing(state, command.data.snapshotId), operation, type, {})];
    }
    case 'FailSnapshot':
    case 'FailSnapshotDeletion': {
      const [operation, type] = failures[command.type];
      return [
        emit(existing(state, command.data.snapshotId), operation, type, { reason: command.data.reason }),
      ];
    }
    case 'CompleteSnapshotBackup':
      return completeSnapshotBackup(command, state);
    case 'CopySnapshot':
      return copySnapshot(command, state);
    case 'CompleteSnapshotCopy': {
      const s = existing(state, command.data.snapshotId);
      return [emit(s, 'CompleteCopy', 'SnapshotCopied', { toZoneId: copyTarget(s, 'CompleteCopy') })];
    }
    case 'FailSnapshotCopy': {
      const s = existing(state, command.data.snapshotId);
      const toZoneId = copyTarget(s, 'FailCopy');
      return [emit(s, 'FailCopy', 'SnapshotCopyFailed', { toZoneId, reason: command.data.reason })];
    }
    case 'RevertSnapshot':
      return revertSnapshot(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown snapshot command ${JSON.stringify(unknown)}`);
    }
  }
};
