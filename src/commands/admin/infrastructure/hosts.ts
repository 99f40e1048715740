import type { Host } from '../../../domain/host/index.ts';
import type { HypervisorType } from '../../../domain/hypervisor/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import { links, liveChildren } from '../links.ts';
import {
  type AdminDeps,
  type Invocation,
  infrastructureCommand,
  newId,
  type Positioned,
  requireRootAdmin,
  Steps,
} from '../shared.ts';
import { requireCluster } from './clusters.ts';
import { requireLiveAggregate } from './resource.ts';

export const requireHost = (bus: CommandBus, hostId: string): Promise<Host> =>
  requireLiveAggregate(bus, 'host', hostId);

/** The simulator's registration hook (SimulatorDriver.addHost): it then sends the host's heartbeats. */
export type SimulatorRegistry = { addHost(hostId: string): void };

export type HostDeps = AdminDeps & { readonly simulator?: SimulatorRegistry };

export type AddHostInput = {
  readonly hostId?: string;
  readonly clusterId: string;
  readonly name: string;
  /** Defaults to the cluster's; a different one is refused by the domain. */
  readonly hypervisor?: HypervisorType;
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryMiB: number;
  readonly tags?: readonly string[];
};

/**
 * addHost (sync): the host joins a cluster with the cluster's hypervisor and over-provisioning
 * factors. Skyledger has no agents to wait for: discovery succeeds at once (AgentConnected, then
 * Ready), so the host is Up and Enabled when the call returns. A Simulator host is also registered
 * with the simulator, which then sends its heartbeats.
 */
export const addHost = async (
  { bus, simulator }: HostDeps,
  { caller, ctx, after }: Invocation,
  input: AddHostInput,
): Promise<Positioned & { hostId: string }> => {
  requireRootAdmin(caller, 'add hosts');
  const cluster = await requireCluster(bus, input.clusterId);
  const hostCount = (await liveChildren(bus.store, links.hostsOfCluster, cluster.clusterId, after)).length;
  const hostId = newId(ctx, 'host', input.hostId);
  const steps = new Steps(bus, ctx);
  await steps.run('add', 'host', hostId, {
    type: 'AddHost',
    data: {
      hostId,
      zoneId: cluster.zoneId,
      podId: cluster.podId,
      clusterId: cluster.clusterId,
      name: input.name,
      hypervisor: input.hypervisor ?? cluster.hypervisor,
      clusterHypervisor: cluster.hypervisor,
      clusterHostCount: hostCount,
      cpuCores: input.cpuCores,
      cpuSpeedMhz: input.cpuSpeedMhz,
      memoryMiB: input.memoryMiB,
      tags: input.tags ?? [],
      cpuOverprovisioning: cluster.cpuOverprovisioning,
      memoryOverprovisioning: cluster.memoryOverprovisioning,
    },
  });
  if (cluster.hypervisor === 'Simulator') simulator?.addHost(hostId);
  await steps.run('connected', 'host', hostId, {
    type: 'RecordHostStatusEvent',
    data: { hostId, event: 'AgentConnected' },
  });
  await steps.run('ready', 'host', hostId, {
    type: 'RecordHostStatusEvent',
    data: { hostId, event: 'Ready' },
  });
  return { hostId, position: steps.position };
};

export type UpdateHostInput = {
  readonly hostId: string;
  /** CloudStack's allocationstate Enable / Disable. */
  readonly enabled?: boolean;
  readonly tags?: readonly string[];
};

/** updateHost (sync): allocation state and host tags. */
export const updateHost = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  { hostId, enabled, tags }: UpdateHostInput,
): Promise<Positioned> => {
  requireRootAdmin(caller, 'update hosts');
  const steps = new Steps(bus, ctx);
  if (enabled !== undefined)
    await steps.run(
      'allocation',
      'host',
      hostId,
      enabled ? { type: 'EnableHost', data: { hostId } } : { type: 'DisableHost', data: { hostId } },
    );
  if (tags !== undefined)
    await steps.run('tags', 'host', hostId, { type: 'UpdateHostTags', data: { hostId, tags } });
  return { position: steps.position };
};

/** deleteHost (sync): the domain refuses unless the host is in Maintenance (or Disabled) and empty. */
export const deleteHost = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { hostId }: { readonly hostId: string },
) =>
  infrastructureCommand(bus, invocation, 'delete hosts', 'host', hostId, {
    type: 'RemoveHost',
    data: { hostId },
  });
