export {
  type CapacityScope,
  type ClusterCapacity,
  clusterCapacity,
  hostCandidates,
} from './capacity.ts';
export {
  getResource,
  type Item,
  type ListFilters,
  listResources,
  type Page,
  type PageOptions,
  QueryError,
  type ReadOptions,
  type ResourceSpec,
  type Sharing,
} from './listQuery.ts';
export {
  liveDomainPath,
  queries,
  type ResourceName,
  type ResourceQueries,
  resourceSpecs,
} from './resources.ts';
