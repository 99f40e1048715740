import type { HostLoad } from '../capacity/index.ts';
import { insufficientCapacity, seededRandom } from '../shared/index.ts';
import { type ClusterView, indexCandidates, type PlacementIndex } from './candidateIndex.ts';
import { allocationExclusion, clusterExclusion, orderClusters } from './clusterOrdering.ts';
import {
  hostExclusion,
  hypervisorMatches,
  type RequestContext,
  requestContext,
  withOwnReservationReleased,
} from './hostFilters.ts';
import { orderHosts } from './hostOrdering.ts';
import {
  type ClusterExclusion,
  clusterExclusions,
  defaultPlacementSettings,
  type HostCandidate,
  type HostExclusion,
  hostExclusions,
  type PinnedScope,
  type PlacementPlan,
  type PlacementRequest,
  type PlacementSettings,
} from './placement.types.ts';

/**
 * The planning pipeline of §8.2: admin-specified host only; else the last host first when eligible;
 * then clusters in the planner's order (cluster rules), hosts in the allocator's order (host rules),
 * until `maxHosts` candidates are found. Pure and deterministic (the random allocator is seeded).
 */

export type PlacementCandidates = readonly HostCandidate[] | PlacementIndex;

const zeroCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const inScope = (c: ClusterView, pinned: PinnedScope): boolean =>
  (pinned.podId === undefined || c.podId === pinned.podId) &&
  (pinned.clusterId === undefined || c.clusterId === pinned.clusterId);

/** The last host's load as the VM sees it: its own held reservation is room for it. */
export const loadSeenBy = (request: PlacementRequest, host: HostCandidate): HostLoad =>
  request.lastHostReservationHeld && host.hostId === request.lastHostId
    ? withOwnReservationReleased(host.load, request)
    : host.load;

type Tally = {
  readonly hostIds: string[];
  readonly clusters: Record<ClusterExclusion, number>;
  readonly hosts: Record<HostExclusion, number>;
};

type AloneVerdict =
  | { readonly level: 'cluster'; readonly reason: ClusterExclusion }
  | { readonly level: 'host'; readonly reason: HostExclusion }
  | null;

/**
 * One host outside the planner's cluster walk (admin-specified or last host): the cluster's
 * allocation state and every host rule apply, not the thresholds (an admin's choice, or a VM coming
 * back to capacity it still holds).
 */
const judgeAlone = (index: PlacementIndex, hostId: string, ctx: RequestContext): AloneVerdict => {
  const at = index.hostLocation.get(hostId);
  const cluster = at && index.clusters[at.cluster];
  if (!at || !cluster) return { level: 'host', reason: 'unknown_host' };
  if (!inScope(cluster, ctx.request.pinned)) return { level: 'host', reason: 'out_of_scope' };
  const allocation = allocationExclusion(cluster, ctx);
  if (allocation) return { level: 'cluster', reason: allocation };
  const host = cluster.hosts[at.position]!;
  const excluded = hostExclusion(host, ctx, loadSeenBy(ctx.request, host));
  return excluded ? { level: 'host', reason: excluded } : null;
};

/** Clusters holding a host of a hard-affinity member: the only ones worth walking. */
const affinityClusters = (index: PlacementIndex, ctx: RequestContext): Set<number> | null => {
  if (!ctx.affinityHosts) return null;
  const clusters = new Set<number>();
  for (const hostId of ctx.affinityHosts) {
    const at = index.hostLocation.get(hostId);
    if (at) clusters.add(at.cluster);
  }
  return clusters;
};

export const planPlacement = (
  request: PlacementRequest,
  candidates: PlacementCandidates,
  settings: PlacementSettings = defaultPlacementSettings,
): PlacementPlan => {
  const index = 'kind' in candidates ? candidates : indexCandidates(candidates);
  const ctx = requestContext(request, settings);
  const tally: Tally = {
    hostIds: [],
    clusters: zeroCounts(clusterExclusions),
    hosts: zeroCounts(hostExclusions),
  };
  const result = (): PlacementPlan => ({
    hostIds: tally.hostIds,
    planner: ctx.planner,
    clusterExclusions: tally.clusters,
    hostExclusions: tally.hosts,
  });

  const { pinned, lastHostId } = request;
  if (pinned.hostId !== undefined) {
    const verdict = judgeAlone(index, pinned.hostId, ctx);
    if (!verdict) tally.hostIds.push(pinned.hostId);
    else if (verdict.level === 'cluster') tally.clusters[verdict.reason]++;
    else tally.hosts[verdict.reason]++;
    return result();
  }
  // The last host goes first when eligible; if not, the walk below judges (and counts) it like any other.
  const lastHost =
    lastHostId !== undefined && judgeAlone(index, lastHostId, ctx) === null ? lastHostId : undefined;
  if (lastHost !== undefined) tally.hostIds.push(lastHost);

  const limit = Math.max(1, settings.maxHosts);
  const onlyClusters = affinityClusters(index, ctx);
  const random = seededRandom(request.seed);
  const eligible: HostCandidate[] = [];
  for (const c of orderClusters(index, ctx, settings)) {
    if (tally.hostIds.length >= limit) break;
    const cluster = index.clusters[c]!;
    if (!inScope(cluster, pinned)) continue;
    const excluded = clusterExclusion(cluster, ctx, settings);
    if (excluded) {
      tally.clusters[excluded]++;
      continue;
    }
    // Whole-cluster shortcuts: one hypervisor per cluster, and hard affinity names a few hosts.
    if (cluster.hypervisor !== null && !hypervisorMatches(ctx, cluster.hypervisor)) {
      tally.hosts.hypervisor_mismatch += cluster.hosts.length;
      continue;
    }
    if (onlyClusters && !onlyClusters.has(c)) {
      tally.hosts.affinity += cluster.hosts.length;
      continue;
    }
    eligible.length = 0;
    for (const host of cluster.hosts) {
      if (host.hostId === lastHost) continue;
      const why = hostExclusion(host, ctx);
      if (why) tally.hosts[why]++;
      else eligible.push(host);
    }
    orderHosts(eligible, ctx, settings, random);
    for (const host of eligible) {
      if (tally.hostIds.length >= limit) break;
      tally.hostIds.push(host.hostId);
    }
  }
  return result();
};

const nonZero = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

/** The hosts of a plan, or the `insufficient_capacity` refusal naming why every candidate was excluded. */
export const placedHostsOrThrow = (plan: PlacementPlan): readonly string[] => {
  if (plan.hostIds.length > 0) return plan.hostIds;
  const clusters = nonZero(plan.clusterExclusions);
  const hosts = nonZero(plan.hostExclusions);
  const reasons = Object.entries({ ...clusters, ...hosts })
    .map(([reason, n]) => `${reason} ×${n}`)
    .join(', ');
  throw insufficientCapacity(
    'PLACEMENT_NO_HOST',
    `No host can take this VM (${reasons || 'no candidate hosts'}); free capacity, relax tags or affinity, or add hosts`,
    { planner: plan.planner, clusterExclusions: clusters, hostExclusions: hosts },
  );
};
