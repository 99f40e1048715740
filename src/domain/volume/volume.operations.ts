import { capabilitiesOf } from '../hypervisor/index.ts';
import { conflict, illegalState, invalid } from '../shared/index.ts';
import type {
  AttachVolume,
  BeginVolumeRevert,
  BeginVolumeSnapshot,
  CompleteVolumeAttach,
  CompleteVolumeMigration,
  CompleteVolumeResize,
  CompleteVolumeRevert,
  DetachVolume,
  EndVolumeSnapshot,
  FailVolumeAttach,
  FailVolumeMigration,
  FailVolumeResize,
  FailVolumeRevert,
  MigrateVolume,
  ResizeVolume,
} from './volume.commands.ts';
import { chooseDeviceId } from './volume.devices.ts';
import { assertSize, emit, existing, pendingOf } from './volume.emit.ts';
import type { VolumeEvent } from './volume.events.ts';
import { transition } from './volume.machine.ts';
import { assertRevertible } from './volume.rules.ts';
import type { Volume, VolumeState } from './volume.state.ts';

/** What happens to a volume that exists: attach, detach, resize, snapshot and revert brackets, migrate. */

export const attachVolume = ({ data: c }: AttachVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  if (v.attachment)
    throw illegalState(
      'VOLUME_ALREADY_ATTACHED',
      `Volume ${v.volumeId} is already attached to VM ${v.attachment.vmId}`,
      {
        volumeId: v.volumeId,
        vmId: v.attachment.vmId,
      },
    );
  if (c.vmState !== 'Running' && c.vmState !== 'Stopped')
    throw illegalState(
      'VM_STATE_INVALID_FOR_ATTACH',
      `VM ${c.vmId} is ${c.vmState}; volumes can only be attached to a Running or Stopped VM`,
      { vmId: c.vmId, vmState: c.vmState },
    );
  // A running VM needs the hypervisor to hot-plug the disk, so the volume must exist on storage.
  const operation = c.vmState === 'Running' ? 'HotPlug' : 'Attach';
  transition(v, operation);
  if (c.vmZoneId !== v.zoneId)
    throw invalid(
      'VOLUME_ZONE_MISMATCH',
      `Volume ${v.volumeId} is in zone ${v.zoneId} but VM ${c.vmId} is in zone ${c.vmZoneId}`,
      {
        volumeId: v.volumeId,
        volumeZoneId: v.zoneId,
        vmId: c.vmId,
        vmZoneId: c.vmZoneId,
      },
    );
  const { maxDataVolumes } = capabilitiesOf(c.hypervisor);
  if (c.attachedDataVolumeCount >= maxDataVolumes)
    throw illegalState(
      'VM_DATA_VOLUME_LIMIT_REACHED',
      `VM ${c.vmId} already has the ${maxDataVolumes} data volumes ${c.hypervisor} allows; attach to another VM`,
      {
        vmId: c.vmId,
        hypervisor: c.hypervisor,
        maxDataVolumes,
        attachedDataVolumeCount: c.attachedDataVolumeCount,
      },
    );
  const deviceId = chooseDeviceId(c.vmId, c.usedDeviceIds, maxDataVolumes, c.deviceId);
  return operation === 'HotPlug'
    ? [emit(v, 'HotPlug', 'VolumeAttachStarted', { vmId: c.vmId, deviceId })]
    : [emit(v, 'Attach', 'VolumeAttached', { vmId: c.vmId, deviceId })];
};

export const completeVolumeAttach = (
  { data: c }: CompleteVolumeAttach,
  state: VolumeState,
): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { vmId, deviceId } = pendingOf(v, 'CompleteAttach', 'attach');
  return [emit(v, 'CompleteAttach', 'VolumeAttachCompleted', { vmId, deviceId })];
};

export const failVolumeAttach = ({ data: c }: FailVolumeAttach, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { vmId, deviceId } = pendingOf(v, 'FailAttach', 'attach');
  return [emit(v, 'FailAttach', 'VolumeAttachFailed', { vmId, deviceId, reason: c.reason })];
};

export const detachVolume = ({ data: c }: DetachVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  if (v.type === 'ROOT')
    throw illegalState(
      'VOLUME_IS_ROOT',
      `Volume ${v.volumeId} is the ROOT volume of its VM and can't be detached`,
      {
        volumeId: v.volumeId,
      },
    );
  if (!v.attachment)
    throw illegalState('VOLUME_NOT_ATTACHED', `Volume ${v.volumeId} is not attached to a VM`, {
      volumeId: v.volumeId,
    });
  return [emit(v, 'Detach', 'VolumeDetached', { ...v.attachment })];
};

export const resizeVolume = ({ data: c }: ResizeVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const to = transition(v, 'Resize');
  assertSize(c.newSizeBytes, 'newSizeBytes');
  const diskOfferingId = c.newDiskOfferingId ?? v.diskOfferingId;
  if (c.newSizeBytes === v.sizeBytes && diskOfferingId === v.diskOfferingId) return [];
  if (c.newSizeBytes < v.sizeBytes && !c.shrinkOk)
    throw invalid(
      'VOLUME_SHRINK_NOT_ALLOWED',
      `Going from ${v.sizeBytes} to ${c.newSizeBytes} bytes would shrink volume ${v.volumeId}; pass shrinkok=true to allow it`,
      { volumeId: v.volumeId, sizeBytes: v.sizeBytes, newSizeBytes: c.newSizeBytes },
    );
  if (v.attachment && c.vmHasVmSnapshots && c.newSizeBytes !== v.sizeBytes)
    throw illegalState(
      'VM_HAS_VM_SNAPSHOTS',
      `Volume ${v.volumeId} is attached to VM ${v.attachment.vmId}, which has VM snapshots; delete them before resizing`,
      { volumeId: v.volumeId, vmId: v.attachment.vmId },
    );
  // A volume not yet on storage is resized on record; one on storage goes through Resizing.
  return to === 'Resizing'
    ? [
        emit(v, 'Resize', 'VolumeResizeStarted', {
          newSizeBytes: c.newSizeBytes,
          newDiskOfferingId: diskOfferingId,
        }),
      ]
    : [
        emit(v, 'Resize', 'VolumeResized', {
          previousSizeBytes: v.sizeBytes,
          sizeBytes: c.newSizeBytes,
          diskOfferingId,
        }),
      ];
};

export const completeVolumeResize = (
  { data: c }: CompleteVolumeResize,
  state: VolumeState,
): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { newSizeBytes, newDiskOfferingId } = pendingOf(v, 'CompleteResize', 'resize');
  return [
    emit(v, 'CompleteResize', 'VolumeResizeCompleted', {
      previousSizeBytes: v.sizeBytes,
      sizeBytes: newSizeBytes,
      diskOfferingId: newDiskOfferingId,
    }),
  ];
};

export const failVolumeResize = ({ data: c }: FailVolumeResize, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { newSizeBytes } = pendingOf(v, 'FailResize', 'resize');
  return [emit(v, 'FailResize', 'VolumeResizeFailed', { newSizeBytes, reason: c.reason })];
};

export const beginVolumeSnapshot = ({ data: c }: BeginVolumeSnapshot, state: VolumeState): VolumeEvent[] => [
  emit(existing(state, c.volumeId), 'BeginSnapshot', 'VolumeSnapshotStarted', { snapshotId: c.snapshotId }),
];

/** A completion names the snapshot it is for: a late message about another snapshot must not end this one. */
const assertSameSnapshot = (v: Volume, pendingSnapshotId: string, snapshotId: string): void => {
  if (pendingSnapshotId !== snapshotId)
    throw conflict(
      'VOLUME_SNAPSHOT_MISMATCH',
      `Volume ${v.volumeId} is ${v.status} for snapshot ${pendingSnapshotId}, not ${snapshotId}`,
      { volumeId: v.volumeId, pendingSnapshotId, snapshotId },
    );
};

export const endVolumeSnapshot = ({ data: c }: EndVolumeSnapshot, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  assertSameSnapshot(v, pendingOf(v, 'EndSnapshot', 'snapshot').snapshotId, c.snapshotId);
  return [emit(v, 'EndSnapshot', 'VolumeSnapshotEnded', { snapshotId: c.snapshotId })];
};

export const beginVolumeRevert = ({ data: c }: BeginVolumeRevert, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  transition(v, 'BeginRevert');
  assertSize(c.snapshotSizeBytes, 'snapshotSizeBytes');
  assertRevertible(v.volumeId, v.attachment ? c.vmState : null, c.vmHasVmSnapshots);
  return [
    emit(v, 'BeginRevert', 'VolumeRevertStarted', {
      snapshotId: c.snapshotId,
      snapshotSizeBytes: c.snapshotSizeBytes,
    }),
  ];
};

export const completeVolumeRevert = (
  { data: c }: CompleteVolumeRevert,
  state: VolumeState,
): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { snapshotId, snapshotSizeBytes } = pendingOf(v, 'CompleteRevert', 'revert');
  assertSameSnapshot(v, snapshotId, c.snapshotId);
  // The volume takes the size it had when the snapshot was taken.
  return [
    emit(v, 'CompleteRevert', 'VolumeReverted', {
      snapshotId,
      previousSizeBytes: v.sizeBytes,
      sizeBytes: snapshotSizeBytes,
    }),
  ];
};

export const failVolumeRevert = ({ data: c }: FailVolumeRevert, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  assertSameSnapshot(v, pendingOf(v, 'FailRevert', 'revert').snapshotId, c.snapshotId);
  return [emit(v, 'FailRevert', 'VolumeRevertFailed', { snapshotId: c.snapshotId, reason: c.reason })];
};

export const migrateVolume = ({ data: c }: MigrateVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  transition(v, 'Migrate');
  const fromPoolId = v.poolId;
  if (fromPoolId === null) throw new Error(`volume: ${v.status} without a pool`);
  if (c.poolId === fromPoolId)
    throw invalid('VOLUME_ALREADY_ON_POOL', `Volume ${v.volumeId} is already on storage pool ${fromPoolId}`, {
      volumeId: v.volumeId,
      poolId: fromPoolId,
    });
  if (v.attachment && c.vmRunning && !c.liveMigrate)
    throw illegalState(
      'VOLUME_LIVE_MIGRATION_REQUIRED',
      `Volume ${v.volumeId} is attached to running VM ${v.attachment.vmId}; ask for live migration or stop the VM first`,
      { volumeId: v.volumeId, vmId: v.attachment.vmId },
    );
  return [emit(v, 'Migrate', 'VolumeMigrationStarted', { fromPoolId, toPoolId: c.poolId })];
};

export const completeVolumeMigration = (
  { data: c }: CompleteVolumeMigration,
  state: VolumeState,
): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { fromPoolId, toPoolId } = pendingOf(v, 'CompleteMigration', 'migrate');
  return [emit(v, 'CompleteMigration', 'VolumeMigrated', { fromPoolId, toPoolId })];
};

export const failVolumeMigration = ({ data: c }: FailVolumeMigration, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { fromPoolId, toPoolId } = pendingOf(v, 'FailMigration', 'migrate');
  return [emit(v, 'FailMigration', 'VolumeMigrationFailed', { fromPoolId, toPoolId, reason: c.reason })];
};
