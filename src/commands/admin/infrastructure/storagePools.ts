import type { HypervisorType, StoragePoolType } from '../../../domain/hypervisor/index.ts';
import { invalid } from '../../../domain/shared/index.ts';
import type { UpdateStoragePool } from '../../../domain/storagePool/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import { type AdminDeps, type Invocation, infrastructureCommand, type Positioned } from '../shared.ts';
import { requireCluster } from './clusters.ts';
import { requireHost } from './hosts.ts';
import { createInfrastructure, enabling } from './resource.ts';
import { requireZone } from './zones.ts';

/**
 * Where a pool goes. Cluster: mounted by the cluster's hosts, with its hypervisor. Zone: mounted by
 * every host of one hypervisor in the zone (KVM, VMware, Simulator). Host: a host's local storage.
 */
export type PoolScopeInput =
  | { readonly scope: 'Cluster'; readonly clusterId: string }
  | { readonly scope: 'Zone'; readonly zoneId: string; readonly hypervisor: HypervisorType }
  | { readonly scope: 'Host'; readonly hostId: string };

export type CreateStoragePoolInput = PoolScopeInput & {
  readonly poolId?: string;
  readonly name: string;
  readonly type: StoragePoolType;
  readonly capacityBytes: number;
  readonly overprovisioning?: number;
  readonly tags?: readonly string[];
};

type Placement = {
  zoneId: string;
  podId: string | null;
  clusterId: string | null;
  hostId: string | null;
  hypervisor: HypervisorType;
};

/** The place of a cluster, or of a host (whose local storage it is). */
const placeOf = (
  where: Pick<Placement, 'zoneId' | 'podId' | 'clusterId' | 'hypervisor'>,
  hostId: string | null,
): Placement => ({
  zoneId: where.zoneId,
  podId: where.podId,
  clusterId: where.clusterId,
  hostId,
  hypervisor: where.hypervisor,
});

const placementOf = async (bus: CommandBus, input: PoolScopeInput): Promise<Placement> => {
  switch (input.scope) {
    case 'Cluster':
      return placeOf(await requireCluster(bus, input.clusterId), null);
    case 'Zone': {
      const z = await requireZone(bus, input.zoneId);
      return { zoneId: z.zoneId, podId: null, clusterId: null, hostId: null, hypervisor: input.hypervisor };
    }
    case 'Host': {
      const host = await requireHost(bus, input.hostId);
      return placeOf(host, host.hostId);
    }
    default: {
      const unknown: never = input;
      throw invalid('POOL_SCOPE_INVALID', `Unknown storage pool scope ${JSON.stringify(unknown)}`);
    }
  }
};

/** createStoragePool (sync): the place and the hypervisor come from the cluster, zone or host named. */
export const createStoragePool = (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: CreateStoragePoolInput,
) =>
  createInfrastructure(
    bus,
    invocation,
    'create storage pools',
    { aggregate: 'storagePool', idField: 'poolId', given: input.poolId },
    async (poolId) => ({
      type: 'CreateStoragePool',
      data: {
        poolId,
        scope: input.scope,
        ...(await placementOf(bus, input)),
        name: input.name,
        type: input.type,
        capacityBytes: input.capacityBytes,
        ...(input.overprovisioning !== undefined && { overprovisioning: input.overprovisioning }),
        tags: input.tags ?? [],
      },
    }),
  );

export const updateStoragePool = (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: UpdateStoragePool['data'],
) =>
  infrastructureCommand(bus, invocation, 'update storage pools', 'storagePool', input.poolId, {
    type: 'UpdateStoragePool',
    data: input,
  });

export const setStoragePoolEnabled = enabling('storagePool', 'poolId', 'storage pools', {
  enable: 'EnableStoragePool',
  disable: 'DisableStoragePool',
});

/** deleteStoragePool (sync): the pool's own ledger refuses while volumes hold space on it. */
export const deleteStoragePool = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { poolId }: { readonly poolId: string },
): Promise<Positioned> =>
  infrastructureCommand(bus, invocation, 'delete storage pools', 'storagePool', poolId, {
    type: 'DeleteStoragePool',
    data: { poolId },
  });
