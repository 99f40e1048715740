import { type AllocationAction, allocationEvents, requireResourceName } from '../infrastructure/index.ts';
import { conflict, illegalState, invalid, notFound, requireLive, requireNew } from '../shared/index.ts';
import type {
  ClusterCommand,
  CreateCluster,
  DeleteCluster,
  RenameCluster,
  UpdateClusterOverprovisioning,
} from './cluster.commands.ts';
import type { ClusterEvent } from './cluster.events.ts';
import type { Cluster, ClusterState } from './cluster.state.ts';
import { defaultOverprovisioning, validateOverprovisioning } from './overprovisioning.ts';

const requireCluster = (state: ClusterState, clusterId: string): Cluster =>
  requireLive(state, () =>
    notFound('CLUSTER_NOT_FOUND', `Cluster ${clusterId} does not exist`, { clusterId }),
  );

const placeOf = (c: Cluster) => ({ clusterId: c.clusterId, zoneId: c.zoneId, podId: c.podId });

const createCluster = ({ data }: CreateCluster, state: ClusterState): ClusterEvent[] => {
  requireNew(state, () =>
    conflict('CLUSTER_ALREADY_EXISTS', `Cluster ${data.clusterId} already exists`, {
      clusterId: data.clusterId,
    }),
  );
  const name = requireResourceName(data.name, 'CLUSTER_NAME_REQUIRED', 'cluster');
  const factors = {
    cpuOverprovisioning: data.cpuOverprovisioning ?? defaultOverprovisioning.cpuOverprovisioning,
    memoryOverprovisioning: data.memoryOverprovisioning ?? defaultOverprovisioning.memoryOverprovisioning,
  };
  validateOverprovisioning(data.hypervisor, factors, 'CLUSTER_OVERPROVISIONING_INVALID');
  const { clusterId, zoneId, podId, hypervisor } = data;
  return [
    {
      type: 'ClusterCreated',
      data: { clusterId, zoneId, podId, name, hypervisor, ...factors, allocationState: 'Disabled' },
    },
  ];
};

const renameCluster = ({ data }: RenameCluster, state: ClusterState): ClusterEvent[] => {
  const cluster = requireCluster(state, data.clusterId);
  const name = requireResourceName(data.name, 'CLUSTER_NAME_REQUIRED', 'cluster');
  return name === cluster.name ? [] : [{ type: 'ClusterRenamed', data: { ...placeOf(cluster), name } }];
};

const updateOverprovisioning = (
  { data }: UpdateClusterOverprovisioning,
  state: ClusterState,
): ClusterEvent[] => {
  const cluster = requireCluster(state, data.clusterId);
  const factors = {
    cpuOverprovisioning: data.cpuOverprovisioning ?? cluster.cpuOverprovisioning,
    memoryOverprovisioning: data.memoryOverprovisioning ?? cluster.memoryOverprovisioning,
  };
  validateOverprovisioning(cluster.hypervisor, factors, 'CLUSTER_OVERPROVISIONING_INVALID');
  const unchanged =
    factors.cpuOverprovisioning === cluster.cpuOverprovisioning &&
    factors.memoryOverprovisioning === cluster.memoryOverprovisioning;
  return unchanged
    ? []
    : [
        {
          type: 'ClusterOverprovisioningUpdated',
          data: { ...placeOf(cluster), hypervisor: cluster.hypervisor, ...factors },
        },
      ];
};

const allocationEventTypes = { Enabled: 'ClusterEnabled', Disabled: 'ClusterDisabled' } as const;

const changeAllocation = (
  clusterId: string,
  action: AllocationAction,
  state: ClusterState,
): ClusterEvent[] => {
  const cluster = requireCluster(state, clusterId);
  return allocationEvents(cluster.allocationState, action, allocationEventTypes, placeOf(cluster));
};

const deleteCluster = ({ data }: DeleteCluster, state: ClusterState): ClusterEvent[] => {
  const cluster = requireCluster(state, data.clusterId);
  if (data.hostCount > 0)
    throw illegalState(
      'CLUSTER_HAS_HOSTS',
      `Cluster ${cluster.name} still has ${data.hostCount} host(s); remove them first`,
      { clusterId: cluster.clusterId, hostCount: data.hostCount },
    );
  return [{ type: 'ClusterDeleted', data: { ...placeOf(cluster), name: cluster.name } }];
};

export const decide = (command: ClusterCommand, state: ClusterState): readonly ClusterEvent[] => {
  switch (command.type) {
    case 'CreateCluster':
      return createCluster(command, state);
    case 'RenameCluster':
      return renameCluster(command, state);
    case 'UpdateClusterOverprovisioning':
      return updateOverprovisioning(command, state);
    case 'EnableCluster':
      return changeAllocation(command.data.clusterId, 'Enable', state);
    case 'DisableCluster':
      return changeAllocation(command.data.clusterId, 'Disable', state);
    case 'DeleteCluster':
      return deleteCluster(command, state);
    default: {
      const unknown: never = command;
      throw invalid(
        'CLUSTER_COMMAND_UNKNOWN',
        `Unknown cluster command ${(unknown as { type: string }).type}`,
      );
    }
  }
};
