import type { HypervisorType, StoragePoolType } from '../../../domain/hypervisor/index.ts';
import { invalid } from '../../../domain/shared/index.ts';
import type { UpdateStoragePool } from '../../../domain/storagePool/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import {
  type AdminDeps,
  type Invocation,
  infrastructureCommand,
  newId,
  type Positioned,
  requireRootAdmin,
} from '../shared.ts';
import { requireCluster } from './clusters.ts';
import { requireHost } from './hosts.ts';
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

const placementOf = async (bus: CommandBus, input: PoolScopeInput): Promise<Placement> => {
  switch (input.scope) {
    case 'Cluster': {
      const c = await requireCluster(bus, input.clusterId);
      return {
        zoneId: c.zoneId,
        podId: c.podId,
        clusterId: c.clusterId,
        hostId: null,
        hypervisor: c.hypervisor,
      };
    }
    case 'Zone': {
      const z = await requireZone(bus, input.zoneId);
      return { zoneId: z.zoneId, podId: null, clusterId: null, hostId: null, hypervisor: input.hypervisor };
    }
    case 'Host': {
      const h = await requireHost(bus, input.hostId);
      return {
        zoneId: h.zoneId,
        podId: h.podId,
        clusterId: h.clusterId,
        hostId: h.hostId,
        hypervisor: h.hypervisor,
      };
    }
    default: {
      const unknown: never = input;
      throw invalid('POOL_SCOPE_INVALID', `Unknown storage pool scope ${JSON.stringify(unknown)}`);
    }
  }
};

/** createStoragePool (sync): the place and the hypervisor come from the cluster, zone or host named. */
export const createStoragePool = async (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: CreateStoragePoolInput,
): Promise<Positioned & { poolId: string }> => {
  requireRootAdmin(invocation.caller, 'create storage pools');
  const place = await placementOf(bus, input);
  const poolId = newId(invocation.ctx, 'storagepool', input.poolId);
  const { position } = await infrastructureCommand(
    bus,
    invocation,
    'create storage pools',
    'storagePool',
    poolId,
    {
      type: 'CreateStoragePool',
      data: {
        poolId,
        scope: input.scope,
        ...place,
        name: input.name,
        type: input.type,
        capacityBytes: input.capacityBytes,
        ...(input.overprovisioning !== undefined && { overprovisioning: input.overprovisioning }),
        tags: input.tags ?? [],
      },
    },
  );
  return { poolId, position };
};

export const updateStoragePool = (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: UpdateStoragePool['data'],
) =>
  infrastructureCommand(bus, invocation, 'update storage pools', 'storagePool', input.poolId, {
    type: 'UpdateStoragePool',
    data: input,
  });

export const setStoragePoolEnabled = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { poolId, enabled }: { readonly poolId: string; readonly enabled: boolean },
) =>
  infrastructureCommand(
    bus,
    invocation,
    'enable or disable storage pools',
    'storagePool',
    poolId,
    enabled
      ? { type: 'EnableStoragePool', data: { poolId } }
      : { type: 'DisableStoragePool', data: { poolId } },
  );

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
