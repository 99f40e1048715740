import { unsupported } from '../shared/errors.ts';
import {
  capabilitiesOf,
  type DiskFormat,
  type HypervisorType,
  type StoragePoolType,
} from './capabilities.ts';

/** Guards the deciders call: each throws an `unsupported` DomainError naming the hypervisor. */

export const assertDiskFormat = (hypervisor: HypervisorType, format: DiskFormat): void => {
  if (!capabilitiesOf(hypervisor).diskFormats.includes(format))
    throw unsupported(
      'HYPERVISOR_FORMAT_UNSUPPORTED',
      `${hypervisor} does not support the ${format} format`,
      {
        hypervisor,
        format,
      },
    );
};

export const assertStoragePoolType = (hypervisor: HypervisorType, poolType: StoragePoolType): void => {
  if (!capabilitiesOf(hypervisor).storagePoolTypes.includes(poolType))
    throw unsupported(
      'HYPERVISOR_STORAGE_UNSUPPORTED',
      `${hypervisor} does not support ${poolType} primary storage`,
      {
        hypervisor,
        poolType,
      },
    );
};

export const assertVolumeSnapshots = (hypervisor: HypervisorType, vmRunning: boolean): void => {
  const { snapshots } = capabilitiesOf(hypervisor);
  if (snapshots.kind === 'none')
    throw unsupported('HYPERVISOR_SNAPSHOT_UNSUPPORTED', `${hypervisor} does not support volume snapshots`, {
      hypervisor,
    });
  if (vmRunning && !snapshots.live)
    throw unsupported(
      'HYPERVISOR_LIVE_SNAPSHOT_UNSUPPORTED',
      `${hypervisor} cannot snapshot a volume of a running VM; stop the VM first`,
      { hypervisor },
    );
};

export const assertCpuMemoryOverProvisioning = (
  hypervisor: HypervisorType,
  cpuFactor: number,
  memoryFactor: number,
): void => {
  const caps = capabilitiesOf(hypervisor);
  if (cpuFactor > caps.maxCpuOverProvisioning || memoryFactor > caps.maxMemoryOverProvisioning)
    throw unsupported(
      'HYPERVISOR_OVERPROVISIONING_UNSUPPORTED',
      `${hypervisor} allows CPU over-provisioning up to ${caps.maxCpuOverProvisioning} and memory up to ${caps.maxMemoryOverProvisioning}`,
      { hypervisor, cpuFactor, memoryFactor },
    );
};

export const assertStorageOverProvisioning = (
  hypervisor: HypervisorType,
  poolType: StoragePoolType,
  factor: number,
): void => {
  if (factor > 1 && !capabilitiesOf(hypervisor).storageOverProvisioning.includes(poolType))
    throw unsupported(
      'HYPERVISOR_STORAGE_OVERPROVISIONING_UNSUPPORTED',
      `${hypervisor} does not allow over-provisioning ${poolType} storage`,
      { hypervisor, poolType, factor },
    );
};
