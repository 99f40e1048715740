import type { ComputeRequest, HostLoad, HostSize } from '../capacity/index.ts';
import type { HypervisorType } from '../hypervisor/index.ts';

/**
 * The inputs and outputs of host placement (reference: cloudstack-domain.md §8). Placement only RANKS
 * candidates read from the capacity read model; the host aggregate enforces capacity when it reserves.
 */

export const planners = [
  'FirstFitPlanner',
  'UserDispersingPlanner',
  'UserConcentratedPodPlanner',
  'SkipHeuristicsPlanner',
  'BareMetalPlanner',
] as const;
export type Planner = (typeof planners)[number];

/** `vm.allocation.algorithm`: how hosts are ordered inside a cluster (a planner name is NOT one of them). */
export const hostAllocators = ['firstfit', 'random', 'userdispersing', 'firstfitleastconsumed'] as const;
export type HostAllocator = (typeof hostAllocators)[number];

/** `host.capacityType.to.order.clusters`. */
export type CapacityOrdering = 'CPU' | 'RAM' | 'COMBINED';

export type HostStatus =
  | 'Creating'
  | 'Connecting'
  | 'Up'
  | 'Down'
  | 'Disconnected'
  | 'Alert'
  | 'Removed'
  | 'Error'
  | 'Rebalancing'
  | 'Unknown';

export type HostResourceState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PrepareForMaintenance'
  | 'ErrorInPrepareForMaintenance'
  | 'Maintenance'
  | 'ErrorInMaintenance'
  | 'Error'
  | 'Degraded';

export type AllocationState = 'Enabled' | 'Disabled';

/**
 * A dedication as CloudStack records it: always to a tenant domain, optionally narrowed to one account
 * of it. `scope` says which level was dedicated (the read model passes the nearest one of the host).
 */
export type Dedication = {
  readonly scope: 'zone' | 'pod' | 'cluster' | 'host';
  readonly tenantDomainId: string;
  readonly accountId?: string;
};

/** One host as the capacity read model sees it. Independent of the request, so it can be indexed once. */
export type HostCandidate = {
  readonly hostId: string;
  readonly clusterId: string;
  readonly podId: string;
  readonly zoneId: string;
  readonly hypervisor: HypervisorType;
  readonly status: HostStatus;
  readonly resourceState: HostResourceState;
  readonly tags: readonly string[];
  readonly size: HostSize;
  readonly load: HostLoad;
  /** Running VMs including system VMs: the max-guests limit counts them all. */
  readonly runningGuests: number;
  /** Nearest dedication of the host, its cluster, pod or zone; absent when shared. */
  readonly dedicatedTo?: Dedication;
  readonly clusterAllocationState: AllocationState;
  readonly podAllocationState: AllocationState;
  readonly zoneAllocationState: AllocationState;
};

/** Where members of the VM's affinity groups run (or hold a reservation), one entry per member VM. */
export type AffinityMember = { readonly vmId: string; readonly hostId: string };

export type AffinityFacts = {
  /** `host anti-affinity`: never on a host of a member. */
  readonly hostAntiAffinity: readonly AffinityMember[];
  /** `host affinity`: only on a host of a member (no constraint while no member is placed). */
  readonly hostAffinity: readonly AffinityMember[];
  /** `non-strict host anti-affinity`: −1 host priority per member on the host. */
  readonly nonStrictHostAntiAffinity: readonly AffinityMember[];
  /** `non-strict host affinity`: +1 host priority per member on the host. */
  readonly nonStrictHostAffinity: readonly AffinityMember[];
};

export const noAffinity: AffinityFacts = {
  hostAntiAffinity: [],
  hostAffinity: [],
  nonStrictHostAntiAffinity: [],
  nonStrictHostAffinity: [],
};

export type DedicationFacts = {
  /** The VM is in an ExplicitDedication affinity group: it may ONLY use resources dedicated to its owner. */
  readonly explicit: boolean;
  /** The owner's tenant domain and its ancestors: a dedication to any of them belongs to the owner. */
  readonly tenantDomainPath: readonly string[];
};

export type PinnedScope = {
  readonly podId?: string;
  readonly clusterId?: string;
  /** Admin-specified host: only that host is considered. */
  readonly hostId?: string;
};

export type PlacementRequest = {
  readonly vmId: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly compute: ComputeRequest;
  /** Offering (and template) host tags: a host must carry every one. */
  readonly hostTags: readonly string[];
  /** Offering storage tags, carried into the volume requests built with `volumeRequestFor`. */
  readonly storageTags: readonly string[];
  readonly haEnabled: boolean;
  readonly localStorage: boolean;
  /** The template's hypervisor; absent for ISO deployments (any hypervisor but BareMetal). */
  readonly hypervisor?: HypervisorType;
  readonly affinity: AffinityFacts;
  readonly dedication: DedicationFacts;
  readonly ownerIsRootAdmin: boolean;
  readonly lastHostId?: string;
  /** The VM, stopped within `capacity.skipcounting.hours`, still holds its reservation on the last host. */
  readonly lastHostReservationHeld?: boolean;
  readonly pinned: PinnedScope;
  readonly planner: Planner;
  readonly allocator: HostAllocator;
  /** Seed of the `random` allocator: the same seed and candidates give the same order. */
  readonly seed: number;
  /**
   * The owner account's VMs per host id (hosts without any may be left out). Kept out of
   * HostCandidate so candidates stay account-independent and one index serves every request.
   */
  readonly accountVmCountByHost: Readonly<Record<string, number>>;
};

export type PlacementSettings = {
  /** `cluster.threshold.enabled`. */
  readonly clusterThresholdEnabled: boolean;
  /** `cluster.cpu.allocated.capacity.disablethreshold`. */
  readonly clusterCpuThreshold: number;
  /** `cluster.memory.allocated.capacity.disablethreshold`. */
  readonly clusterMemoryThreshold: number;
  /** `host.capacityType.to.order.clusters`. */
  readonly capacityOrdering: CapacityOrdering;
  /** `host.capacityType.to.order.clusters.cputomemoryweight`: the CPU share of COMBINED. */
  readonly cpuToMemoryWeight: number;
  /** `vm.user.dispersion.weight`. */
  readonly userDispersionWeight: number;
  /** `ha.tag`: hosts carrying it are kept for HA-enabled VMs. */
  readonly haTag?: string;
  /** How many hosts to return at most: the caller tries them in order, so a few fallbacks suffice. */
  readonly maxHosts: number;
};

export const defaultPlacementSettings: PlacementSettings = {
  clusterThresholdEnabled: true,
  clusterCpuThreshold: 0.85,
  clusterMemoryThreshold: 0.85,
  capacityOrdering: 'CPU',
  cpuToMemoryWeight: 0.5,
  userDispersionWeight: 1,
  maxHosts: 16,
};

export const clusterExclusions = [
  'zone_disabled',
  'pod_disabled',
  'cluster_disabled',
  'cpu_threshold',
  'memory_threshold',
] as const;
export type ClusterExclusion = (typeof clusterExclusions)[number];

export const hostExclusions = [
  'unknown_host',
  'out_of_scope',
  'not_up',
  'not_enabled',
  'hypervisor_mismatch',
  'max_guests',
  'host_tags',
  'ha_host',
  'dedicated',
  'not_dedicated',
  'anti_affinity',
  'affinity',
  'cpu_capability',
  'cpu_capacity',
  'memory_capacity',
] as const;
export type HostExclusion = (typeof hostExclusions)[number];

export type PlacementPlan = {
  /** Best first; never a host without room for the request. */
  readonly hostIds: readonly string[];
  /** The planner actually used (a BareMetal hypervisor forces BareMetalPlanner). */
  readonly planner: Planner;
  /** Clusters skipped, per reason (counts cover the clusters examined before `maxHosts` was reached). */
  readonly clusterExclusions: Readonly<Record<ClusterExclusion, number>>;
  /** Hosts skipped inside examined clusters, per reason. */
  readonly hostExclusions: Readonly<Record<HostExclusion, number>>;
};
