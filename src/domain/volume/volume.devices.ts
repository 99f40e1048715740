import { conflict, illegalState, invalid } from '../shared/index.ts';

/**
 * Device ids as CloudStack hands them out (UserVmManagerImpl.getDeviceId): 0 is the ROOT volume,
 * 3 the CD-ROM, and a VM that takes N data volumes numbers its devices up to N + 1 (root and CD-ROM
 * each hold one slot), so data volumes get 1, 2 and 4 … N + 1.
 */
export const rootDeviceId = 0;
export const cdromDeviceId = 3;

export const maxDeviceId = (maxDataVolumes: number): number => maxDataVolumes + 1;

/** The requested device id when it is free and legal, else the lowest free one. */
export const chooseDeviceId = (
  vmId: string,
  usedDeviceIds: readonly number[],
  maxDataVolumes: number,
  requested: number | undefined,
): number => {
  const max = maxDeviceId(maxDataVolumes);
  if (requested === undefined) {
    for (let id = 1; id <= max; id++) if (id !== cdromDeviceId && !usedDeviceIds.includes(id)) return id;
    throw illegalState('VM_DEVICE_IDS_EXHAUSTED', `VM ${vmId} has no free device id left for a data volume`, {
      vmId,
      usedDeviceIds,
    });
  }
  if (requested === rootDeviceId)
    throw invalid('DEVICE_ID_RESERVED_FOR_ROOT', 'Device id 0 is reserved for the ROOT volume', {
      deviceId: requested,
    });
  if (requested === cdromDeviceId)
    throw invalid('DEVICE_ID_RESERVED_FOR_CDROM', 'Device id 3 is reserved for the CD-ROM', {
      deviceId: requested,
    });
  if (!Number.isInteger(requested) || requested < 1 || requested > max)
    throw invalid('DEVICE_ID_OUT_OF_RANGE', `Device id must be 1, 2 or 4 to ${max} on this hypervisor`, {
      deviceId: requested,
      maxDeviceId: max,
    });
  if (usedDeviceIds.includes(requested))
    throw conflict(
      'DEVICE_ID_IN_USE',
      `Device id ${requested} is already used by another volume of VM ${vmId}`,
      {
        vmId,
        deviceId: requested,
      },
    );
  return requested;
};
