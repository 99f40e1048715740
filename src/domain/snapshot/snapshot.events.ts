import { z } from 'zod';
import { hypervisorTypes } from '../hypervisor/index.ts';
import { type EventsOf, v1 } from '../shared/index.ts';
import { intervalTypes } from '../snapshotPolicy/schedule.ts';

const id = z.string().min(1);
const reason = z.string();

/** MANUAL, or the interval of the policy that took it (CloudStack's `Snapshot.Type` as users see it). */
export const snapshotTypes = ['MANUAL', ...intervalTypes] as const;
export type SnapshotType = (typeof snapshotTypes)[number];

/**
 * Every snapshot event carries what the SNAPSHOT usage meter, retention and the read models key on
 * (owner, zone, volume, type, policy, sizes); the sizes are the snapshot's values after the event.
 */
const facts = {
  snapshotId: id,
  volumeId: id,
  accountId: id,
  tenantDomainId: id,
  zoneId: id,
  snapshotType: z.enum(snapshotTypes),
  policyId: id.nullable(),
  /** The volume's size when the snapshot was taken (CloudStack's virtualsize). */
  volumeSizeBytes: z.number().int().positive(),
  /** Bytes the snapshot takes once backed up; null until then. */
  physicalSizeBytes: z.number().int().nonnegative().nullable(),
};

const ev = <S extends z.ZodRawShape>(shape: S) => v1(z.object({ ...facts, ...shape }));

export const snapshotEventSchemas = {
  SnapshotAllocated: ev({
    name: z.string().min(1),
    hypervisor: z.enum(hypervisorTypes),
    createdAt: z.iso.datetime(),
  }),
  SnapshotCreationStarted: ev({}),
  SnapshotCreatedOnPrimary: ev({}),
  SnapshotBackupStarted: ev({}),
  SnapshotBackedUp: ev({}),
  SnapshotFailed: ev({ reason }),
  SnapshotCopyStarted: ev({ toZoneId: id }),
  SnapshotCopied: ev({ toZoneId: id }),
  SnapshotCopyFailed: ev({ toZoneId: id, reason }),
  /** Accepted: the volume process manager now reverts the volume (BeginVolumeRevert …). */
  SnapshotRevertRequested: ev({}),
  SnapshotDeletionStarted: ev({}),
  SnapshotDestroyed: ev({}),
  SnapshotDeletionFailed: ev({ reason }),
};

export type SnapshotEvent = EventsOf<typeof snapshotEventSchemas>;
export type SnapshotEventType = SnapshotEvent['type'];
