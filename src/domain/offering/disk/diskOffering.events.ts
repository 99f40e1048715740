import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';
import {
  commonOfferingChanges,
  commonOfferingFields,
  idSchema,
  offeringDeletedSchema,
  positiveInt,
} from '../shared/index.ts';

/** A fixed size in GiB, or a size the user picks when creating the volume, within optional bounds. */
export const diskSizingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), sizeGiB: positiveInt }),
  z.object({
    kind: z.literal('custom'),
    minSizeGiB: positiveInt.nullable(),
    maxSizeGiB: positiveInt.nullable(),
  }),
]);
export type DiskSizing = z.infer<typeof diskSizingSchema>;

/**
 * Quality of service: either storage-side (min/max IOPS, enforced by managed storage) or
 * hypervisor-side (read/write rates, enforced by the hypervisor), never both. null = not limited.
 */
export const diskQosSchema = z.object({
  minIops: positiveInt.nullable(),
  maxIops: positiveInt.nullable(),
  bytesReadRate: positiveInt.nullable(),
  bytesWriteRate: positiveInt.nullable(),
  iopsReadRate: positiveInt.nullable(),
  iopsWriteRate: positiveInt.nullable(),
});
export type DiskQos = z.infer<typeof diskQosSchema>;

export const diskOfferingEventSchemas = {
  DiskOfferingCreated: v1(
    z.object({
      ...commonOfferingFields,
      sizing: diskSizingSchema,
      qos: diskQosSchema,
      createdAt: z.string(),
    }),
  ),
  /** Only the fields that changed; size, storage type and QoS are immutable. */
  DiskOfferingUpdated: v1(z.object({ offeringId: idSchema, changes: z.object(commonOfferingChanges) })),
  /** Marks the offering removed; volumes already created from it keep their size. */
  DiskOfferingDeleted: v1(offeringDeletedSchema),
};

export type DiskOfferingEvent = EventsOf<typeof diskOfferingEventSchemas>;
export type DiskOfferingCreated = Extract<DiskOfferingEvent, { type: 'DiskOfferingCreated' }>;
export type DiskOfferingUpdated = Extract<DiskOfferingEvent, { type: 'DiskOfferingUpdated' }>;
export type DiskOfferingDeleted = Extract<DiskOfferingEvent, { type: 'DiskOfferingDeleted' }>;
