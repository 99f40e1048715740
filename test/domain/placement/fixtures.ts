import { emptyLoad, type HostLoad } from '../../../src/domain/capacity/index.ts';
import {
  defaultPlacementSettings,
  type HostCandidate,
  noAffinity,
  type PlacementRequest,
  type PlacementSettings,
} from '../../../src/domain/placement/index.ts';

/** A healthy, empty KVM host: 8 × 2000 MHz (16,000 MHz), 16 GiB, factors 1, in z1/p1/c1. */
export const host = (hostId: string, overrides: Partial<HostCandidate> = {}): HostCandidate => ({
  hostId,
  clusterId: 'c1',
  podId: 'p1',
  zoneId: 'z1',
  hypervisor: 'KVM',
  status: 'Up',
  resourceState: 'Enabled',
  tags: [],
  size: {
    cpuCores: 8,
    cpuSpeedMhz: 2000,
    memoryMiB: 16_384,
    cpuOverprovisioning: 1,
    memoryOverprovisioning: 1,
  },
  load: emptyLoad,
  runningGuests: 0,
  clusterAllocationState: 'Enabled',
  podAllocationState: 'Enabled',
  zoneAllocationState: 'Enabled',
  ...overrides,
});

export const load = (overrides: Partial<HostLoad>): HostLoad => ({ ...emptyLoad, ...overrides });

/** A host of a 16,000 MHz / 16,384 MiB size with the given share of CPU used. */
export const cpuUsed = (hostId: string, share: number, overrides: Partial<HostCandidate> = {}) =>
  host(hostId, { load: load({ usedCpuMhz: 16_000 * share }), ...overrides });

/** A 1 × 1000 MHz, 1 GiB VM of account a1 in tenant domain d1, FirstFit planner, firstfit allocator. */
export const request = (overrides: Partial<PlacementRequest> = {}): PlacementRequest => ({
  vmId: 'vm-1',
  accountId: 'a1',
  tenantDomainId: 'd1',
  compute: { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
  hostTags: [],
  storageTags: [],
  haEnabled: false,
  localStorage: false,
  hypervisor: 'KVM',
  affinity: noAffinity,
  dedication: { explicit: false, tenantDomainPath: ['ROOT', 'd1'] },
  ownerIsRootAdmin: false,
  pinned: {},
  planner: 'FirstFitPlanner',
  allocator: 'firstfit',
  seed: 42,
  accountVmCountByHost: {},
  ...overrides,
});

/** The defaults, but returning every eligible host so tests see the whole order. */
export const settings = (overrides: Partial<PlacementSettings> = {}): PlacementSettings => ({
  ...defaultPlacementSettings,
  maxHosts: Number.POSITIVE_INFINITY,
  ...overrides,
});
