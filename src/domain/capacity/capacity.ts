/**
 * CloudStack's capacity arithmetic (reference: cloudstack-domain.md §8.1), shared by the host
 * aggregate (which enforces it) and the placement functions (which rank with it).
 *   CPU total = cores × MHz per core; a request needs cpuNumber × speed MHz.
 *   free = total × over-provisioning factor − used − reserved.
 */

/** What a VM asks of a host. */
export type ComputeRequest = {
  readonly cpuNumber: number;
  readonly cpuSpeedMhz: number;
  readonly memoryMiB: number;
};

/** A host's physical size and the cluster's over-provisioning factors in force. */
export type HostSize = {
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryMiB: number;
  readonly cpuOverprovisioning: number;
  readonly memoryOverprovisioning: number;
};

/** What is already taken on a host: `used` by VMs placed there, `reserved` for stopped VMs kept on their last host. */
export type HostLoad = {
  readonly usedCpuMhz: number;
  readonly usedMemoryMiB: number;
  readonly reservedCpuMhz: number;
  readonly reservedMemoryMiB: number;
};

export const emptyLoad: HostLoad = {
  usedCpuMhz: 0,
  usedMemoryMiB: 0,
  reservedCpuMhz: 0,
  reservedMemoryMiB: 0,
};

export const requestedCpuMhz = (r: ComputeRequest): number => r.cpuNumber * r.cpuSpeedMhz;

export const totalCpuMhz = (h: HostSize): number => h.cpuCores * h.cpuSpeedMhz * h.cpuOverprovisioning;
export const totalMemoryMiB = (h: HostSize): number => h.memoryMiB * h.memoryOverprovisioning;

export const freeCpuMhz = (h: HostSize, l: HostLoad): number =>
  totalCpuMhz(h) - l.usedCpuMhz - l.reservedCpuMhz;
export const freeMemoryMiB = (h: HostSize, l: HostLoad): number =>
  totalMemoryMiB(h) - l.usedMemoryMiB - l.reservedMemoryMiB;

/** Core count and per-core speed are hard limits: over-provisioning never adds cores. */
export const hostCanRun = (h: HostSize, r: ComputeRequest): boolean =>
  r.cpuNumber <= h.cpuCores && r.cpuSpeedMhz <= h.cpuSpeedMhz;

/** Why a request does not fit, or null when it does. */
export type MisfitReason = 'cpu_capability' | 'cpu_capacity' | 'memory_capacity';

export const misfit = (h: HostSize, l: HostLoad, r: ComputeRequest): MisfitReason | null => {
  if (!hostCanRun(h, r)) return 'cpu_capability';
  if (requestedCpuMhz(r) > freeCpuMhz(h, l)) return 'cpu_capacity';
  if (r.memoryMiB > freeMemoryMiB(h, l)) return 'memory_capacity';
  return null;
};

export const fits = (h: HostSize, l: HostLoad, r: ComputeRequest): boolean => misfit(h, l, r) === null;

/** Allocated share of a host or cluster for one capacity type, as CloudStack orders clusters by it. */
export const utilisation = (usedPlusReserved: number, effectiveTotal: number): number =>
  effectiveTotal <= 0 ? 1 : usedPlusReserved / effectiveTotal;
