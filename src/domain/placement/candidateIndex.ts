import { totalCpuMhz, totalMemoryMiB, utilisation } from '../capacity/index.ts';
import type { HypervisorType } from '../hypervisor/index.ts';
import type { AllocationState, CapacityOrdering, HostCandidate } from './placement.types.ts';

/**
 * Candidates grouped by cluster with the cluster aggregates CloudStack orders and thresholds by
 * (Σused, Σreserved, Σtotal×factor per type). Built once per read-model snapshot and updated per host
 * with structural sharing, so a decision never re-aggregates or re-sorts the whole host list.
 */

export type ClusterView = {
  readonly clusterId: string;
  readonly podId: string;
  readonly zoneId: string;
  /** Hosts in read-model order (the `firstfit` order). */
  readonly hosts: readonly HostCandidate[];
  /** The cluster's hypervisor, or null if its hosts disagree (then each host is checked). */
  readonly hypervisor: HypervisorType | null;
  readonly allocationState: AllocationState;
  readonly podAllocationState: AllocationState;
  readonly zoneAllocationState: AllocationState;
  /** Σ over Enabled hosts: disabled or maintained hosts give no capacity, as in op_host_capacity. */
  readonly usedCpuMhz: number;
  readonly reservedCpuMhz: number;
  readonly totalCpuMhz: number;
  readonly usedMemoryMiB: number;
  readonly reservedMemoryMiB: number;
  readonly totalMemoryMiB: number;
  readonly cpuUtilisation: number;
  readonly memoryUtilisation: number;
};

export type HostLocation = { readonly cluster: number; readonly position: number };

export type PlacementIndex = {
  readonly kind: 'PlacementIndex';
  readonly clusters: readonly ClusterView[];
  readonly clusterById: ReadonlyMap<string, number>;
  /** Cluster positions per pod, in read-model order. */
  readonly clustersByPod: ReadonlyMap<string, readonly number[]>;
  readonly hostLocation: ReadonlyMap<string, HostLocation>;
  /** Cluster orders by utilisation, memoised per ordering key; carried over (repositioned) by updates. */
  readonly orders: Map<string, readonly number[]>;
};

/** A level is Disabled if any host reports it so: a stale row must not open a disabled cluster. */
const allocationOf = (hosts: readonly HostCandidate[], pick: (h: HostCandidate) => AllocationState) =>
  hosts.some((h) => pick(h) === 'Disabled') ? 'Disabled' : 'Enabled';

export const clusterViewOf = (hosts: readonly HostCandidate[]): ClusterView => {
  const first = hosts[0]!;
  let usedCpu = 0;
  let reservedCpu = 0;
  let totalCpu = 0;
  let usedMem = 0;
  let reservedMem = 0;
  let totalMem = 0;
  let hypervisor: HypervisorType | null = first.hypervisor;
  for (const h of hosts) {
    if (h.hypervisor !== hypervisor) hypervisor = null;
    if (h.resourceState !== 'Enabled') continue;
    usedCpu += h.load.usedCpuMhz;
    reservedCpu += h.load.reservedCpuMhz;
    totalCpu += totalCpuMhz(h.size);
    usedMem += h.load.usedMemoryMiB;
    reservedMem += h.load.reservedMemoryMiB;
    totalMem += totalMemoryMiB(h.size);
  }
  return {
    clusterId: first.clusterId,
    podId: first.podId,
    zoneId: first.zoneId,
    hosts,
    hypervisor,
    allocationState: allocationOf(hosts, (h) => h.clusterAllocationState),
    podAllocationState: allocationOf(hosts, (h) => h.podAllocationState),
    zoneAllocationState: allocationOf(hosts, (h) => h.zoneAllocationState),
    usedCpuMhz: usedCpu,
    reservedCpuMhz: reservedCpu,
    totalCpuMhz: totalCpu,
    usedMemoryMiB: usedMem,
    reservedMemoryMiB: reservedMem,
    totalMemoryMiB: totalMem,
    cpuUtilisation: utilisation(usedCpu + reservedCpu, totalCpu),
    memoryUtilisation: utilisation(usedMem + reservedMem, totalMem),
  };
};

export const indexCandidates = (candidates: readonly HostCandidate[]): PlacementIndex => {
  const byCluster = new Map<string, HostCandidate[]>();
  for (const h of candidates) {
    const hosts = byCluster.get(h.clusterId);
    if (hosts) hosts.push(h);
    else byCluster.set(h.clusterId, [h]);
  }
  const clusters: ClusterView[] = [];
  const clusterById = new Map<string, number>();
  const clustersByPod = new Map<string, number[]>();
  const hostLocation = new Map<string, HostLocation>();
  for (const hosts of byCluster.values()) {
    const cluster = clusters.length;
    const view = clusterViewOf(hosts);
    clusters.push(view);
    clusterById.set(view.clusterId, cluster);
    const inPod = clustersByPod.get(view.podId);
    if (inPod) inPod.push(cluster);
    else clustersByPod.set(view.podId, [cluster]);
    hosts.forEach((h, position) => {
      hostLocation.set(h.hostId, { cluster, position });
    });
  }
  return { kind: 'PlacementIndex', clusters, clusterById, clustersByPod, hostLocation, orders: new Map() };
};

/** The utilisation a cluster is ordered by: CPU, RAM or their weighted mix (COMBINED). */
export const clusterUtilisation = (c: ClusterView, ordering: CapacityOrdering, cpuWeight: number): number =>
  ordering === 'CPU'
    ? c.cpuUtilisation
    : ordering === 'RAM'
      ? c.memoryUtilisation
      : cpuWeight * c.cpuUtilisation + (1 - cpuWeight) * c.memoryUtilisation;

const orderKey = (ordering: CapacityOrdering, cpuWeight: number) =>
  ordering === 'COMBINED' ? `COMBINED:${cpuWeight}` : ordering;

/** Cluster positions ascending by utilisation, ties in read-model order (least-utilised cluster first). */
export const clustersByUtilisation = (
  index: PlacementIndex,
  ordering: CapacityOrdering,
  cpuWeight: number,
): readonly number[] => {
  const key = orderKey(ordering, cpuWeight);
  const cached = index.orders.get(key);
  if (cached) return cached;
  const keys = index.clusters.map((c) => clusterUtilisation(c, ordering, cpuWeight));
  const order = keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  index.orders.set(key, order);
  return order;
};

/** Moves one cluster to its new place in a sorted order: O(clusters), no re-sort. */
const reposition = (order: readonly number[], moved: number, keyOf: (i: number) => number): number[] => {
  const rest = order.filter((i) => i !== moved);
  const k = keyOf(moved);
  let lo = 0;
  let hi = rest.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = rest[mid]!;
    const km = keyOf(m);
    if (km < k || (km === k && m < moved)) lo = mid + 1;
    else hi = mid;
  }
  rest.splice(lo, 0, moved);
  return rest;
};

const orderingOfKey = (key: string): [CapacityOrdering, number] =>
  key.startsWith('COMBINED:') ? ['COMBINED', Number(key.slice(9))] : [key as CapacityOrdering, 0];

/**
 * The index with one host added or replaced (e.g. after a reservation): only that host's cluster is
 * re-aggregated. A new host or one that changed cluster rebuilds the index.
 */
export const withCandidate = (index: PlacementIndex, host: HostCandidate): PlacementIndex => {
  const at = index.hostLocation.get(host.hostId);
  const old = at && index.clusters[at.cluster];
  if (!at || !old || old.clusterId !== host.clusterId) {
    const all = index.clusters.flatMap((c) => c.hosts.filter((h) => h.hostId !== host.hostId));
    return indexCandidates([...all, host]);
  }
  const hosts = old.hosts.slice();
  hosts[at.position] = host;
  const clusters = index.clusters.slice();
  clusters[at.cluster] = clusterViewOf(hosts);
  const orders = new Map<string, readonly number[]>();
  for (const [key, order] of index.orders) {
    const [ordering, cpuWeight] = orderingOfKey(key);
    orders.set(
      key,
      reposition(order, at.cluster, (i) => clusterUtilisation(clusters[i]!, ordering, cpuWeight)),
    );
  }
  return { ...index, clusters, orders };
};
