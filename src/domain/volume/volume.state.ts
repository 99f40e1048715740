import type { VolumeEvent, VolumeType } from './volume.events.ts';
import { type VolumeStatus, volumeMachine } from './volume.machine.ts';

export type Attachment = { readonly vmId: string; readonly deviceId: number };

/** What a transitional state is waiting to finish. */
export type PendingOperation =
  | { readonly kind: 'create'; readonly poolId: string }
  | { readonly kind: 'attach'; readonly vmId: string; readonly deviceId: number }
  | { readonly kind: 'resize'; readonly newSizeBytes: number; readonly newDiskOfferingId: string | null }
  | { readonly kind: 'snapshot'; readonly snapshotId: string }
  | { readonly kind: 'revert'; readonly snapshotId: string; readonly snapshotSizeBytes: number }
  | { readonly kind: 'migrate'; readonly fromPoolId: string; readonly toPoolId: string };

export type Volume = {
  readonly volumeId: string;
  readonly type: VolumeType;
  readonly name: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly zoneId: string;
  readonly diskOfferingId: string | null;
  readonly sizeBytes: number;
  readonly status: VolumeStatus;
  /** The primary storage pool holding the volume; null until created on one. */
  readonly poolId: string | null;
  readonly attachment: Attachment | null;
  readonly fromSnapshotId: string | null;
  readonly templateId: string | null;
  readonly destroyedAt: string | null;
  readonly pending: PendingOperation | null;
};

/** null until the volume is allocated. */
export type VolumeState = Volume | null;

export const initialState = (): VolumeState => null;

/** The facts every event carries are the volume's values after the event. */
const withFacts = (volume: Volume, event: VolumeEvent): Volume => {
  const { sizeBytes, diskOfferingId } = event.data;
  return {
    ...volume,
    sizeBytes,
    diskOfferingId,
    status: volumeMachine.after(volume.status, event.type),
    pending: null,
  };
};

const allocated = (
  event: Extract<VolumeEvent, { type: 'VolumeAllocated' | 'RootVolumeAllocated' }>,
): Volume => {
  const d = event.data;
  const root = event.type === 'RootVolumeAllocated' ? event.data : null;
  return {
    volumeId: d.volumeId,
    type: d.type,
    name: d.name,
    accountId: d.accountId,
    tenantDomainId: d.tenantDomainId,
    zoneId: d.zoneId,
    diskOfferingId: d.diskOfferingId,
    sizeBytes: d.sizeBytes,
    status: 'Allocated',
    poolId: null,
    attachment: root && { vmId: root.vmId, deviceId: root.deviceId },
    fromSnapshotId: event.type === 'VolumeAllocated' ? event.data.fromSnapshotId : null,
    templateId: root?.templateId ?? null,
    destroyedAt: null,
    pending: null,
  };
};

export const evolve = (state: VolumeState, event: VolumeEvent): VolumeState => {
  if (event.type === 'VolumeAllocated' || event.type === 'RootVolumeAllocated')
    return state ?? allocated(event);
  if (state === null) return state;
  const next = withFacts(state, event);
  switch (event.type) {
    case 'VolumePlaced':
      return { ...next, pending: { kind: 'create', poolId: event.data.poolId } };
    case 'VolumeCreated':
      return { ...next, poolId: event.data.poolId };
    case 'VolumeAttached':
      return { ...next, attachment: { vmId: event.data.vmId, deviceId: event.data.deviceId } };
    case 'VolumeAttachStarted': {
      const { vmId, deviceId } = event.data;
      // The device id is held from the start, so a second attach can't take it meanwhile.
      return { ...next, attachment: { vmId, deviceId }, pending: { kind: 'attach', vmId, deviceId } };
    }
    case 'VolumeAttachFailed':
    case 'VolumeDetached':
      return { ...next, attachment: null };
    case 'VolumeResizeStarted':
      return {
        ...next,
        pending: {
          kind: 'resize',
          newSizeBytes: event.data.newSizeBytes,
          newDiskOfferingId: event.data.newDiskOfferingId,
        },
      };
    case 'VolumeSnapshotStarted':
      return { ...next, pending: { kind: 'snapshot', snapshotId: event.data.snapshotId } };
    case 'VolumeRevertStarted':
      return {
        ...next,
        pending: {
          kind: 'revert',
          snapshotId: event.data.snapshotId,
          snapshotSizeBytes: event.data.snapshotSizeBytes,
        },
      };
    case 'VolumeMigrationStarted':
      return {
        ...next,
        pending: { kind: 'migrate', fromPoolId: event.data.fromPoolId, toPoolId: event.data.toPoolId },
      };
    case 'VolumeMigrated':
      return { ...next, poolId: event.data.toPoolId };
    case 'VolumeDestroyed':
      return { ...next, destroyedAt: event.data.destroyedAt };
    case 'VolumeRecovered':
      return { ...next, destroyedAt: null };
    default:
      return next;
  }
};
