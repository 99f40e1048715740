import type { Decider } from '../shared/index.ts';
import type { ClusterCommand } from './cluster.commands.ts';
import { decide } from './cluster.decide.ts';
import type { ClusterEvent } from './cluster.events.ts';
import { type ClusterState, evolve, initialState } from './cluster.state.ts';

export const clusterCategory = 'cluster';

export const clusterDecider: Decider<ClusterCommand, ClusterState, ClusterEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = clusterDecider;

export * from './cluster.commands.ts';
export * from './cluster.events.ts';
export type { Cluster, ClusterState } from './cluster.state.ts';
export * from './overprovisioning.ts';
