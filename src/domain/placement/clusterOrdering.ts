import { requestedCpuMhz, utilisation } from '../capacity/index.ts';
import {
  type ClusterView,
  clustersByUtilisation,
  clusterUtilisation,
  type PlacementIndex,
} from './candidateIndex.ts';
import type { RequestContext } from './hostFilters.ts';
import type { ClusterExclusion, PlacementSettings, Planner } from './placement.types.ts';

/** Cluster-level rules (§2.4, §8.1, §8.3) and the order each planner visits clusters in. */

/** Disabled zones, pods and clusters are skipped for everyone but a root-admin owner (the §2.4 trap). */
export const allocationExclusion = (c: ClusterView, ctx: RequestContext): ClusterExclusion | null => {
  if (ctx.request.ownerIsRootAdmin) return null;
  if (c.zoneAllocationState === 'Disabled') return 'zone_disabled';
  if (c.podAllocationState === 'Disabled') return 'pod_disabled';
  if (c.allocationState === 'Disabled') return 'cluster_disabled';
  return null;
};

/** HA restarts (SkipHeuristicsPlanner) ignore thresholds; BareMetal hosts are whole machines, always "full". */
export const appliesThresholds = (planner: Planner, settings: PlacementSettings): boolean =>
  settings.clusterThresholdEnabled && planner !== 'SkipHeuristicsPlanner' && planner !== 'BareMetalPlanner';

/** (Σused + Σreserved + requested) / Σ(total × overcommit) > threshold: the request itself counts. */
const crosses = (allocatedAfter: number, total: number, threshold: number): boolean =>
  total > 0 && utilisation(allocatedAfter, total) > threshold;

export const clusterExclusion = (
  c: ClusterView,
  ctx: RequestContext,
  settings: PlacementSettings,
): ClusterExclusion | null => {
  const allocation = allocationExclusion(c, ctx);
  if (allocation) return allocation;
  if (!appliesThresholds(ctx.planner, settings)) return null;
  const { compute } = ctx.request;
  if (
    crosses(
      c.usedCpuMhz + c.reservedCpuMhz + requestedCpuMhz(compute),
      c.totalCpuMhz,
      settings.clusterCpuThreshold,
    )
  )
    return 'cpu_threshold';
  if (
    crosses(
      c.usedMemoryMiB + c.reservedMemoryMiB + compute.memoryMiB,
      c.totalMemoryMiB,
      settings.clusterMemoryThreshold,
    )
  )
    return 'memory_threshold';
  return null;
};

/** The owner account's VMs per cluster position, from its per-host counts. */
const accountVmsPerCluster = (index: PlacementIndex, ctx: RequestContext): Map<number, number> => {
  const perCluster = new Map<number, number>();
  for (const [hostId, count] of Object.entries(ctx.request.accountVmCountByHost)) {
    const at = index.hostLocation.get(hostId);
    if (!at || count <= 0) continue;
    perCluster.set(at.cluster, (perCluster.get(at.cluster) ?? 0) + count);
  }
  return perCluster;
};

/**
 * The capacity order with a few clusters moved: `head` first, then `base` without them, then `tail`.
 * Lazy, because the walk usually stops after a few clusters: no copy of the whole order per request.
 */
function* reordered(
  head: readonly number[],
  base: readonly number[],
  moved: { has(c: number): boolean },
  tail: readonly number[],
): Generator<number> {
  yield* head;
  for (const c of base) if (!moved.has(c)) yield c;
  yield* tail;
}

/** Compares clusters as the capacity order does (utilisation, then read-model position). */
const byUtilisation = (index: PlacementIndex, settings: PlacementSettings) => {
  const key = (c: number) =>
    clusterUtilisation(index.clusters[c]!, settings.capacityOrdering, settings.cpuToMemoryWeight);
  return (a: number, b: number) => key(a) - key(b) || a - b;
};

/**
 * UserDispersingPlanner: weight 1 → ascending by the account's VM count; otherwise ascending by
 * utilisation×(1−w) + (accountVMs/totalAccountVMs)×w. Ties keep the capacity order.
 */
const dispersed = (
  index: PlacementIndex,
  base: readonly number[],
  ctx: RequestContext,
  settings: PlacementSettings,
): Iterable<number> => {
  const vms = accountVmsPerCluster(index, ctx);
  if (vms.size === 0) return base;
  const capacity = byUtilisation(index, settings);
  const w = settings.userDispersionWeight;
  if (w === 1) {
    // Most clusters hold none of the account's VMs: they keep their order, the few others go last.
    const holding = [...vms.keys()].sort((a, b) => vms.get(a)! - vms.get(b)! || capacity(a, b));
    return reordered([], base, vms, holding);
  }
  let total = 0;
  for (const n of vms.values()) total += n;
  const key = (c: number) =>
    clusterUtilisation(index.clusters[c]!, settings.capacityOrdering, settings.cpuToMemoryWeight) * (1 - w) +
    ((vms.get(c) ?? 0) / total) * w;
  const keys = new Map(base.map((c) => [c, key(c)]));
  return base.slice().sort((a, b) => keys.get(a)! - keys.get(b)!);
};

/** UserConcentratedPodPlanner: pods holding the account's VMs first (most VMs first), then the rest. */
const concentrated = (
  index: PlacementIndex,
  base: readonly number[],
  ctx: RequestContext,
  settings: PlacementSettings,
): Iterable<number> => {
  const vms = accountVmsPerCluster(index, ctx);
  if (vms.size === 0) return base;
  const capacity = byUtilisation(index, settings);
  // Per pod: the account's VMs, and its best-placed holding cluster to break count ties by.
  const pods = new Map<string, { vms: number; best: number }>();
  for (const [c, n] of vms) {
    const podId = index.clusters[c]!.podId;
    const pod = pods.get(podId);
    if (!pod) pods.set(podId, { vms: n, best: c });
    else {
      pod.vms += n;
      if (capacity(c, pod.best) < 0) pod.best = c;
    }
  }
  const podOrder = [...pods].sort(([, a], [, b]) => b.vms - a.vms || capacity(a.best, b.best));
  const head = podOrder.flatMap(([podId]) => [...(index.clustersByPod.get(podId) ?? [])].sort(capacity));
  return reordered(head, base, new Set(head), []);
};

/** Cluster positions in the order the request's planner visits them. */
export const orderClusters = (
  index: PlacementIndex,
  ctx: RequestContext,
  settings: PlacementSettings,
): Iterable<number> => {
  const base = clustersByUtilisation(index, settings.capacityOrdering, settings.cpuToMemoryWeight);
  switch (ctx.planner) {
    case 'UserDispersingPlanner':
      return dispersed(index, base, ctx, settings);
    case 'UserConcentratedPodPlanner':
      return concentrated(index, base, ctx, settings);
    case 'FirstFitPlanner':
    case 'SkipHeuristicsPlanner':
    case 'BareMetalPlanner':
      return base;
    default: {
      const unknown: never = ctx.planner;
      return unknown;
    }
  }
};
