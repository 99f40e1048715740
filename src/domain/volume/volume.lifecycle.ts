import { conflict, illegalState, invalid, requireNew, requireText } from '../shared/index.ts';
import type {
  CompleteVolumeCreation,
  CompleteVolumeExpunge,
  CreateRootVolume,
  CreateVolume,
  DeleteVolume,
  DestroyRootVolume,
  ExpungeVolume,
  FailVolumeCreation,
  FailVolumeExpunge,
  PlaceVolume,
  RecoverVolume,
} from './volume.commands.ts';
import { rootDeviceId } from './volume.devices.ts';
import { assertSize, emit, existing, pendingOf } from './volume.emit.ts';
import type { VolumeEvent } from './volume.events.ts';
import { transition } from './volume.machine.ts';
import type { Volume, VolumeState } from './volume.state.ts';

/** Creation, placement, destruction, recovery and expunging: the volume's life on storage. */

const assertNew = (state: VolumeState, volumeId: string): void =>
  requireNew(state, () =>
    conflict('VOLUME_ALREADY_EXISTS', `Volume ${volumeId} already exists`, { volumeId }),
  );

const assertName = (name: string): void => {
  requireText(name, 'VOLUME_NAME_REQUIRED', 'A volume needs a name', { name });
};

export const createVolume = ({ data: c }: CreateVolume, state: VolumeState): VolumeEvent[] => {
  assertNew(state, c.volumeId);
  if (c.type !== 'DATADISK')
    throw invalid(
      'VOLUME_ROOT_NEEDS_VM',
      'A ROOT volume is created with its VM; create a DATADISK volume instead',
      { volumeId: c.volumeId, type: c.type },
    );
  assertName(c.name);
  assertSize(c.sizeBytes);
  if (c.fromSnapshotId !== undefined && c.fromSnapshotState !== 'BackedUp')
    throw illegalState(
      'SNAPSHOT_NOT_BACKED_UP',
      `Snapshot ${c.fromSnapshotId} is ${c.fromSnapshotState ?? 'in an unknown state'}; a volume can only be made from a BackedUp snapshot`,
      { snapshotId: c.fromSnapshotId, snapshotState: c.fromSnapshotState },
    );
  return [
    {
      type: 'VolumeAllocated',
      data: {
        volumeId: c.volumeId,
        type: 'DATADISK',
        name: c.name,
        accountId: c.accountId,
        tenantDomainId: c.tenantDomainId,
        zoneId: c.zoneId,
        diskOfferingId: c.diskOfferingId ?? null,
        sizeBytes: c.sizeBytes,
        fromSnapshotId: c.fromSnapshotId ?? null,
        createdAt: c.now,
      },
    },
  ];
};

export const createRootVolume = ({ data: c }: CreateRootVolume, state: VolumeState): VolumeEvent[] => {
  assertNew(state, c.volumeId);
  assertName(c.name);
  assertSize(c.sizeBytes);
  return [
    {
      type: 'RootVolumeAllocated',
      data: {
        volumeId: c.volumeId,
        type: 'ROOT',
        name: c.name,
        accountId: c.accountId,
        tenantDomainId: c.tenantDomainId,
        zoneId: c.zoneId,
        diskOfferingId: c.diskOfferingId ?? null,
        sizeBytes: c.sizeBytes,
        vmId: c.vmId,
        deviceId: rootDeviceId,
        templateId: c.templateId ?? null,
        createdAt: c.now,
      },
    },
  ];
};

export const placeVolume = ({ data: c }: PlaceVolume, state: VolumeState): VolumeEvent[] => [
  emit(existing(state, c.volumeId), 'Place', 'VolumePlaced', { poolId: c.poolId }),
];

export const completeVolumeCreation = (
  { data: c }: CompleteVolumeCreation,
  state: VolumeState,
): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { poolId } = pendingOf(v, 'CompleteCreation', 'create');
  return [emit(v, 'CompleteCreation', 'VolumeCreated', { poolId })];
};

export const failVolumeCreation = ({ data: c }: FailVolumeCreation, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  const { poolId } = pendingOf(v, 'FailCreation', 'create');
  return [emit(v, 'FailCreation', 'VolumeCreationFailed', { poolId, reason: c.reason })];
};

const destroyedStates = new Set(['Destroy', 'Expunging', 'Expunged']);

/** Destroy (recoverable), or for a volume never created on storage, expunge at once. */
const destroy = (v: Volume, now: string): VolumeEvent[] => {
  if (destroyedStates.has(v.status))
    throw illegalState(
      'VOLUME_ALREADY_DESTROYED',
      `Volume ${v.volumeId} is already destroyed (${v.status})`,
      {
        volumeId: v.volumeId,
        status: v.status,
      },
    );
  return transition(v, 'Destroy') === 'Expunged'
    ? [emit(v, 'Destroy', 'VolumeExpunged', {})]
    : [emit(v, 'Destroy', 'VolumeDestroyed', { destroyedAt: now })];
};

export const deleteVolume = ({ data: c }: DeleteVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  if (v.type === 'ROOT')
    throw illegalState(
      'VOLUME_IS_ROOT',
      `Volume ${v.volumeId} is the ROOT volume of a VM; it is destroyed with its VM`,
      { volumeId: v.volumeId, vmId: v.attachment?.vmId },
    );
  if (v.attachment)
    throw illegalState(
      'VOLUME_ATTACHED',
      `Volume ${v.volumeId} is attached to VM ${v.attachment.vmId}; detach it before deleting it`,
      { volumeId: v.volumeId, vmId: v.attachment.vmId },
    );
  return destroy(v, c.now);
};

export const destroyRootVolume = ({ data: c }: DestroyRootVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  if (v.type !== 'ROOT' || v.attachment?.vmId !== c.vmId)
    throw invalid('VOLUME_NOT_ROOT_OF_VM', `Volume ${v.volumeId} is not the ROOT volume of VM ${c.vmId}`, {
      volumeId: v.volumeId,
      vmId: c.vmId,
      type: v.type,
    });
  return destroy(v, c.now);
};

export const recoverVolume = ({ data: c }: RecoverVolume, state: VolumeState): VolumeEvent[] => [
  emit(existing(state, c.volumeId), 'Recover', 'VolumeRecovered', {}),
];

export const expungeVolume = ({ data: c }: ExpungeVolume, state: VolumeState): VolumeEvent[] => {
  const v = existing(state, c.volumeId);
  transition(v, 'Expunge');
  // Destroyed volumes stay recoverable for expunge.delay before the garbage collector takes them.
  const due = Date.parse(v.destroyedAt ?? c.now) + c.expungeDelaySeconds * 1000;
  if (Date.parse(c.now) < due)
    throw illegalState(
      'VOLUME_EXPUNGE_TOO_EARLY',
      `Volume ${v.volumeId} can be expunged from ${new Date(due).toISOString()} (expunge.delay after it was destroyed)`,
      { volumeId: v.volumeId, destroyedAt: v.destroyedAt, expungeAfter: new Date(due).toISOString() },
    );
  return [emit(v, 'Expunge', 'VolumeExpungeStarted', {})];
};

export const completeVolumeExpunge = (
  { data: c }: CompleteVolumeExpunge,
  state: VolumeState,
): VolumeEvent[] => [emit(existing(state, c.volumeId), 'CompleteExpunge', 'VolumeExpunged', {})];

export const failVolumeExpunge = ({ data: c }: FailVolumeExpunge, state: VolumeState): VolumeEvent[] => [
  emit(existing(state, c.volumeId), 'FailExpunge', 'VolumeExpungeFailed', { reason: c.reason }),
];
