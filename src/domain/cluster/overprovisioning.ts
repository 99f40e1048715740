import { assertCpuMemoryOverProvisioning, type HypervisorType } from '../hypervisor/index.ts';
import { invalid } from '../shared/index.ts';

export type OverprovisioningFactors = {
  readonly cpuOverprovisioning: number;
  readonly memoryOverprovisioning: number;
};

/** CloudStack's cpu/mem.overprovisioning.factor default: no over-commit. */
export const defaultOverprovisioning: OverprovisioningFactors = {
  cpuOverprovisioning: 1,
  memoryOverprovisioning: 1,
};

/**
 * A factor below 1 would shrink a host below its hardware; above 1 it must be one the hypervisor
 * allows (XenServer caps at 4, OVM and BareMetal allow none). Shared by clusters and their hosts.
 */
export const validateOverprovisioning = (
  hypervisor: HypervisorType,
  factors: OverprovisioningFactors,
  code: string,
): void => {
  for (const [field, value] of Object.entries(factors))
    if (!Number.isFinite(value) || value < 1)
      throw invalid(code, `${field} must be a number of at least 1`, { field, value });
  assertCpuMemoryOverProvisioning(hypervisor, factors.cpuOverprovisioning, factors.memoryOverprovisioning);
};
