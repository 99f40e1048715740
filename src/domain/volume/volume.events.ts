import { z } from 'zod';
import { type EventsOf, v1 } from '../shared/index.ts';

const id = z.string().min(1);
const bytes = z.number().int().positive();
const at = z.iso.datetime();
const reason = z.string();

export const volumeTypes = ['ROOT', 'DATADISK'] as const;
export type VolumeType = (typeof volumeTypes)[number];

/**
 * Every volume event carries what the VOLUME usage meter and the read models key on (volume, owner,
 * zone, disk offering and size), so none of them has to look back at earlier events.
 */
const facts = {
  volumeId: id,
  type: z.enum(volumeTypes),
  accountId: id,
  tenantDomainId: id,
  zoneId: id,
  diskOfferingId: id.nullable(),
  sizeBytes: bytes,
};

const ev = <S extends z.ZodRawShape>(shape: S) => v1(z.object({ ...facts, ...shape }));

const attachment = { vmId: id, deviceId: z.number().int().nonnegative() };

export const volumeEventSchemas = {
  VolumeAllocated: ev({ name: z.string().min(1), fromSnapshotId: id.nullable(), createdAt: at }),
  RootVolumeAllocated: ev({
    name: z.string().min(1),
    ...attachment,
    templateId: id.nullable(),
    createdAt: at,
  }),
  VolumePlaced: ev({ poolId: id }),
  VolumeCreated: ev({ poolId: id }),
  VolumeCreationFailed: ev({ poolId: id, reason }),
  /** Attached on record only: the volume isn't on storage yet, or the VM is stopped. */
  VolumeAttached: ev(attachment),
  /** Hot-plugging into a running VM: the device id is held from here on. */
  VolumeAttachStarted: ev(attachment),
  VolumeAttachCompleted: ev(attachment),
  VolumeAttachFailed: ev({ ...attachment, reason }),
  VolumeDetached: ev(attachment),
  /** Resized on record only (never created on storage); sizeBytes is the new size. */
  VolumeResized: ev({ previousSizeBytes: bytes }),
  VolumeResizeStarted: ev({ newSizeBytes: bytes, newDiskOfferingId: id.nullable() }),
  /** sizeBytes and diskOfferingId are the new ones. */
  VolumeResizeCompleted: ev({ previousSizeBytes: bytes }),
  VolumeResizeFailed: ev({ newSizeBytes: bytes, reason }),
  VolumeSnapshotStarted: ev({ snapshotId: id }),
  VolumeSnapshotEnded: ev({ snapshotId: id }),
  VolumeRevertStarted: ev({ snapshotId: id, snapshotSizeBytes: bytes }),
  /** sizeBytes is the size the volume had when the snapshot was taken. */
  VolumeReverted: ev({ snapshotId: id, previousSizeBytes: bytes }),
  VolumeRevertFailed: ev({ snapshotId: id, reason }),
  VolumeMigrationStarted: ev({ fromPoolId: id, toPoolId: id }),
  VolumeMigrated: ev({ fromPoolId: id, toPoolId: id }),
  VolumeMigrationFailed: ev({ fromPoolId: id, toPoolId: id, reason }),
  VolumeDestroyed: ev({ destroyedAt: at }),
  VolumeRecovered: ev({}),
  VolumeExpungeStarted: ev({}),
  VolumeExpungeFailed: ev({ reason }),
  VolumeExpunged: ev({}),
};

export type VolumeEvent = EventsOf<typeof volumeEventSchemas>;
export type VolumeEventType = VolumeEvent['type'];
