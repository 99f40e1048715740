/**
 * Placement (reference: cloudstack-domain.md §8): pure functions that rank hosts and storage pools
 * from the capacity read model. No aggregate: the host and pool aggregates enforce capacity when
 * the command side reserves on the first candidate (and tries the next on conflict).
 */
export {
  type ClusterView,
  clustersByUtilisation,
  clusterUtilisation,
  type HostLocation,
  indexCandidates,
  type PlacementIndex,
  withCandidate,
} from './candidateIndex.ts';
export {
  allocationExclusion,
  appliesThresholds,
  clusterExclusion,
  orderClusters,
} from './clusterOrdering.ts';
export {
  atMaxGuests,
  dedicationExclusion,
  effectivePlanner,
  hostExclusion,
  hypervisorMatches,
  type RequestContext,
  requestContext,
  withOwnReservationReleased,
} from './hostFilters.ts';
export { accountVmsOn, freeCapacityScore, orderHosts } from './hostOrdering.ts';
export * from './placement.types.ts';
export { loadSeenBy, type PlacementCandidates, placedHostsOrThrow, planPlacement } from './planPlacement.ts';
export * from './storagePlacement.ts';
