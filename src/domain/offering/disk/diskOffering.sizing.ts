import { assertPositiveInteger, invalid } from '../../shared/index.ts';
import { assertBoundsValid, assertWithinBounds, type OfferingNoun } from '../shared/index.ts';
import type { DiskQos, DiskSizing } from './diskOffering.events.ts';

export const diskOfferingNoun: OfferingNoun = { code: 'DISK_OFFERING', label: 'Disk offering' };

export const bytesPerGiB = 1024 ** 3;

export const validateDiskSizing = (sizing: DiskSizing): void => {
  const code = 'DISK_OFFERING_SIZE_INVALID';
  if (sizing.kind === 'fixed') assertPositiveInteger(code, 'sizeGiB', sizing.sizeGiB);
  else assertBoundsValid(code, 'minSizeGiB', sizing.minSizeGiB, 'maxSizeGiB', sizing.maxSizeGiB);
};

const storageQos = ['minIops', 'maxIops'] as const;
const hypervisorQos = ['bytesReadRate', 'bytesWriteRate', 'iopsReadRate', 'iopsWriteRate'] as const;

/** Fills absent limits with null and checks them: positive, min ≤ max, storage XOR hypervisor QoS. */
export const normaliseQos = (qos: Partial<DiskQos> = {}): DiskQos => {
  const full: DiskQos = {
    minIops: qos.minIops ?? null,
    maxIops: qos.maxIops ?? null,
    bytesReadRate: qos.bytesReadRate ?? null,
    bytesWriteRate: qos.bytesWriteRate ?? null,
    iopsReadRate: qos.iopsReadRate ?? null,
    iopsWriteRate: qos.iopsWriteRate ?? null,
  };
  for (const field of hypervisorQos) {
    const value = full[field];
    if (value !== null) assertPositiveInteger('DISK_OFFERING_QOS_INVALID', field, value);
  }
  assertBoundsValid('DISK_OFFERING_QOS_INVALID', 'minIops', full.minIops, 'maxIops', full.maxIops);
  const storageSide = storageQos.filter((f) => full[f] !== null);
  const hypervisorSide = hypervisorQos.filter((f) => full[f] !== null);
  // The hypervisor throttle would fight the storage's own guarantee; CloudStack lets an offering use one.
  if (storageSide.length > 0 && hypervisorSide.length > 0)
    throw invalid(
      'DISK_OFFERING_QOS_CONFLICT',
      `A disk offering takes either storage QoS (${storageSide.join(', ')}) or hypervisor QoS (${hypervisorSide.join(', ')}), not both`,
      { storageSide, hypervisorSide },
    );
  return full;
};

export type SizedDiskOffering = { readonly offeringId: string; readonly sizing: DiskSizing };
export type DiskSize = { readonly sizeGiB: number; readonly sizeBytes: number };

/**
 * The concrete size of a volume created from `offering`: a fixed offering takes no size from the user
 * (its own size is tolerated); a custom one needs a whole number of GiB within its bounds.
 */
export const resolveDiskSize = (offering: SizedDiskOffering, requestedGiB?: number): DiskSize => {
  const { offeringId, sizing } = offering;
  if (requestedGiB !== undefined)
    assertPositiveInteger('DISK_SIZE_INVALID', 'sizeGiB', requestedGiB, { offeringId });
  if (sizing.kind === 'fixed') {
    if (requestedGiB !== undefined && requestedGiB !== sizing.sizeGiB)
      throw invalid(
        'DISK_SIZE_NOT_CUSTOMIZABLE',
        `Disk offering ${offeringId} has a fixed size of ${sizing.sizeGiB} GiB; do not give a size, or choose a custom offering`,
        { offeringId, requestedGiB, sizeGiB: sizing.sizeGiB },
      );
    return { sizeGiB: sizing.sizeGiB, sizeBytes: sizing.sizeGiB * bytesPerGiB };
  }
  if (requestedGiB === undefined)
    throw invalid('DISK_SIZE_REQUIRED', `Disk offering ${offeringId} is custom: give the size in GiB`, {
      offeringId,
    });
  assertWithinBounds({
    code: 'DISK_SIZE_OUT_OF_BOUNDS',
    noun: diskOfferingNoun,
    offeringId,
    field: 'sizeGiB',
    value: requestedGiB,
    min: { name: 'minSizeGiB', value: sizing.minSizeGiB },
    max: { name: 'maxSizeGiB', value: sizing.maxSizeGiB },
  });
  return { sizeGiB: requestedGiB, sizeBytes: requestedGiB * bytesPerGiB };
};
