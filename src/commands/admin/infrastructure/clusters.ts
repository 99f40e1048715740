import type { Cluster, CreateCluster } from '../../../domain/cluster/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import { links, liveChildren } from '../links.ts';
import { type AdminDeps, type Invocation, type Positioned, requireRootAdmin, Steps } from '../shared.ts';
import { requirePod } from './pods.ts';
import { createInfrastructure, deleteParent, enabling, requireLiveAggregate } from './resource.ts';

export const requireCluster = (bus: CommandBus, clusterId: string): Promise<Cluster> =>
  requireLiveAggregate(bus, 'cluster', clusterId);

/** The zone comes from the pod, so a cluster can never be filed under the wrong zone. */
export type CreateClusterInput = Omit<CreateCluster['data'], 'clusterId' | 'zoneId'> & {
  readonly clusterId?: string;
};

/** addCluster (sync): one hypervisor type per cluster; factors default to 1. */
export const createCluster = ({ bus }: AdminDeps, invocation: Invocation, input: CreateClusterInput) =>
  createInfrastructure(
    bus,
    invocation,
    'add clusters',
    { aggregate: 'cluster', idField: 'clusterId', given: input.clusterId },
    async (clusterId) => {
      const pod = await requirePod(bus, input.podId);
      return { type: 'CreateCluster', data: { ...input, clusterId, zoneId: pod.zoneId } };
    },
  );

export type UpdateClusterInput = {
  readonly clusterId: string;
  readonly name?: string;
  readonly cpuOverprovisioning?: number;
  readonly memoryOverprovisioning?: number;
};

/**
 * updateCluster (sync): a rename and/or new over-provisioning factors. New factors are passed on to
 * every host of the cluster, for the reservations made from then on (CloudStack applies them to
 * VMs started afterwards).
 */
export const updateCluster = async (
  { bus }: AdminDeps,
  { caller, ctx, after }: Invocation,
  input: UpdateClusterInput,
): Promise<Positioned> => {
  requireRootAdmin(caller, 'update clusters');
  const { clusterId } = input;
  const steps = new Steps(bus, ctx);
  if (input.name !== undefined)
    await steps.run('rename', 'cluster', clusterId, {
      type: 'RenameCluster',
      data: { clusterId, name: input.name },
    });
  if (input.cpuOverprovisioning === undefined && input.memoryOverprovisioning === undefined)
    return { position: steps.position };
  const { state } = await steps.run('factors', 'cluster', clusterId, {
    type: 'UpdateClusterOverprovisioning',
    data: {
      clusterId,
      ...(input.cpuOverprovisioning !== undefined && { cpuOverprovisioning: input.cpuOverprovisioning }),
      ...(input.memoryOverprovisioning !== undefined && {
        memoryOverprovisioning: input.memoryOverprovisioning,
      }),
    },
  });
  const cluster = state as Cluster;
  for (const hostId of await liveChildren(bus.store, links.hostsOfCluster, clusterId, after))
    await steps.run(`factors:${hostId}`, 'host', hostId, {
      type: 'UpdateHostOverprovisioning',
      data: {
        hostId,
        cpuOverprovisioning: cluster.cpuOverprovisioning,
        memoryOverprovisioning: cluster.memoryOverprovisioning,
      },
    });
  return { position: steps.position };
};

export const setClusterEnabled = enabling('cluster', 'clusterId', 'clusters', {
  enable: 'EnableCluster',
  disable: 'DisableCluster',
});

/** deleteCluster (sync): refused while the cluster still has hosts. */
export const deleteCluster = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { clusterId }: { readonly clusterId: string },
): Promise<Positioned> =>
  deleteParent(
    bus,
    invocation,
    'delete clusters',
    'cluster',
    clusterId,
    links.hostsOfCluster,
    (hostCount) => ({
      type: 'DeleteCluster',
      data: { clusterId, hostCount },
    }),
  );
