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
 * UserDispersingPlanner: weight 1 → ascending by the account's VM count; otherwise ascending by
 * utilisation×(1−w) + (accountVMs/totalAccountVMs)×w. Ties keep the utilisation order.
 */
const dispersed = (
  index: PlacementIndex,
  base: readonly number[],
  ctx: RequestContext,
  settings: PlacementSettings,
): readonly number[] => {
  const vms = accountVmsPerCluster(index, ctx);
  if (vms.size === 0) return base;
  const w = settings.userDispersionWeight;
  if (w === 1) {
    // Most clusters hold none of the account's VMs: they keep their order, the few others go last.
    const holding = base.filter((c) => vms.has(c));
    holding.sort((a, b) => vms.get(a)! - vms.get(b)!);
    return [...base.filter((c) => !vms.has(c)), ...holding];
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
): readonly number[] => {
  const vms = accountVmsPerCluster(index, ctx);
  if (vms.size === 0) return base;
  // Pods enter the map in utilisation order, so the stable sort breaks count ties by it.
  const perPod = new Map<string, number>();
  for (const c of base) {
    const n = vms.get(c);
    if (n === undefined) continue;
    const pod = index.clusters[c]!.podId;
    perPod.set(pod, (perPod.get(pod) ?? 0) + n);
  }
  const pods = [...perPod.keys()].sort((a, b) => perPod.get(b)! - perPod.get(a)!);
  const buckets = new Map<string, number[]>(pods.map((p) => [p, []]));
  const rest: number[] = [];
  for (const c of base) (buckets.get(index.clusters[c]!.podId) ?? rest).push(c);
  return [...[...buckets.values()].flat(), ...rest];
};

/** Cluster positions in the order the request's planner visits them. */
export const orderClusters = (
  index: PlacementIndex,
  ctx: RequestContext,
  settings: PlacementSettings,
): readonly number[] => {
  const base = clustersByUtilisation(index, settings.capacityOrdering, settings.cpuToMemoryWeight);
  switch (ctx.planner) {
    case 'UserDispersingPlanner':
      return dispersed(index, base, ctx, settings);
    case 'UserConcentratedPodPlanner':
      return concentrated(index, base, ctx);
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
