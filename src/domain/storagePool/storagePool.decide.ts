import { assertStoragePoolType } from '../hypervisor/index.ts';
import { requireResourceName } from '../infrastructure/index.ts';
import {
  conflict,
  illegalState,
  invalid,
  nextState,
  normaliseTags,
  requireNew,
  sameTags,
  type TransitionTable,
} from '../shared/index.ts';
import {
  commitStorage,
  expireStorageReservations,
  releaseStorage,
  reserveStorage,
} from './storagePool.capacity.ts';
import type {
  ChangeStoragePoolScope,
  CreateStoragePool,
  StoragePoolCommand,
  UpdateStoragePool,
} from './storagePool.commands.ts';
import type { PoolAction, PoolStatus, StoragePoolEvent } from './storagePool.events.ts';
import { placeOf, requirePool } from './storagePool.guards.ts';
import { defaultOverprovisioning, resolvePlacement, validateCapacity } from './storagePool.rules.ts';
import { effectiveCapacityBytes, type StoragePoolState } from './storagePool.state.ts';

/** The pool's admin states as data; self-loops make repeated calls no-ops. */
export const poolTransitions: TransitionTable<PoolStatus, PoolAction> = {
  Up: { Enable: 'Up', Disable: 'Disabled', PrepareMaintenance: 'PrepareForMaintenance' },
  Disabled: { Enable: 'Up', Disable: 'Disabled', PrepareMaintenance: 'PrepareForMaintenance' },
  PrepareForMaintenance: { CompleteMaintenance: 'Maintenance', CancelMaintenance: 'Up' },
  Maintenance: { CancelMaintenance: 'Up' },
};

const createPool = ({ data }: CreateStoragePool, state: StoragePoolState): StoragePoolEvent[] => {
  requireNew(state, () =>
    conflict('POOL_ALREADY_EXISTS', `Storage pool ${data.poolId} already exists`, { poolId: data.poolId }),
  );
  const name = requireResourceName(data.name, 'POOL_NAME_REQUIRED', 'storage pool');
  const placement = resolvePlacement(data, data.type, data.hypervisor);
  assertStoragePoolType(data.hypervisor, data.type);
  const overprovisioning = data.overprovisioning ?? defaultOverprovisioning(data.hypervisor, data.type);
  validateCapacity(data.hypervisor, data.type, data.capacityBytes, overprovisioning);
  return [
    {
      type: 'StoragePoolCreated',
      data: {
        poolId: data.poolId,
        zoneId: data.zoneId,
        podId: placement.podId,
        clusterId: placement.clusterId,
        hostId: placement.hostId,
        scope: placement.scope,
        name,
        type: data.type,
        hypervisor: data.hypervisor,
        capacityBytes: data.capacityBytes,
        overprovisioning,
        tags: normaliseTags(data.tags),
        status: 'Up',
      },
    },
  ];
};

const updatePool = ({ data }: UpdateStoragePool, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, data.poolId);
  const name =
    data.name === undefined
      ? pool.name
      : requireResourceName(data.name, 'POOL_NAME_REQUIRED', 'storage pool');
  const capacityBytes = data.capacityBytes ?? pool.capacityBytes;
  const overprovisioning = data.overprovisioning ?? pool.overprovisioning;
  const tags = data.tags === undefined ? pool.tags : normaliseTags(data.tags);
  validateCapacity(pool.hypervisor, pool.type, capacityBytes, overprovisioning);
  if (effectiveCapacityBytes({ capacityBytes, overprovisioning }) < pool.allocatedBytes)
    throw illegalState(
      'POOL_CAPACITY_BELOW_ALLOCATED',
      `Storage pool ${pool.name} already has ${pool.allocatedBytes} bytes allocated; it can't shrink below that`,
      { poolId: pool.poolId, capacityBytes, overprovisioning, allocatedBytes: pool.allocatedBytes },
    );
  const unchanged =
    name === pool.name &&
    capacityBytes === pool.capacityBytes &&
    overprovisioning === pool.overprovisioning &&
    sameTags(tags, pool.tags);
  return unchanged
    ? []
    : [
        {
          type: 'StoragePoolUpdated',
          data: { ...placeOf(pool), name, capacityBytes, overprovisioning, tags: [...tags] },
        },
      ];
};

const changeStatus = (poolId: string, action: PoolAction, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, poolId);
  const to = nextState(poolTransitions, pool.status, action, () =>
    illegalState(
      'POOL_STATUS_TRANSITION_INVALID',
      `Storage pool ${pool.name} is ${pool.status}, which does not allow ${action}`,
      { poolId, status: pool.status, action },
    ),
  );
  return to === null
    ? []
    : [{ type: 'StoragePoolStatusChanged', data: { ...placeOf(pool), action, from: pool.status, to } }];
};

/** Commands that only move the pool along its admin state machine, with the action each is. */
const statusCommands = {
  EnableStoragePool: 'Enable',
  DisableStoragePool: 'Disable',
  PrepareStoragePoolForMaintenance: 'PrepareMaintenance',
  CompleteStoragePoolMaintenance: 'CompleteMaintenance',
  CancelStoragePoolMaintenance: 'CancelMaintenance',
} as const satisfies Partial<Record<StoragePoolCommand['type'], PoolAction>>;

const changeScope = ({ data }: ChangeStoragePoolScope, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, data.poolId);
  if (pool.scope === 'Host')
    throw invalid(
      'POOL_SCOPE_CHANGE_UNSUPPORTED',
      'Local storage stays with its host; its scope cannot change',
      {
        poolId: pool.poolId,
      },
    );
  if (pool.status !== 'Disabled')
    throw illegalState('POOL_NOT_DISABLED', `Disable storage pool ${pool.name} before changing its scope`, {
      poolId: pool.poolId,
      status: pool.status,
    });
  if (data.scope === pool.scope)
    throw invalid('POOL_SCOPE_UNCHANGED', `Storage pool ${pool.name} is already ${pool.scope}-scoped`, {
      poolId: pool.poolId,
      scope: pool.scope,
    });
  const placement = resolvePlacement(data, pool.type, pool.hypervisor);
  return [
    {
      type: 'StoragePoolScopeChanged',
      data: { poolId: pool.poolId, zoneId: pool.zoneId, ...placement, previousScope: pool.scope },
    },
  ];
};

const deletePool = (poolId: string, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, poolId);
  const volumes = Object.keys(pool.reservations).length;
  if (volumes > 0)
    throw illegalState(
      'POOL_HAS_VOLUMES',
      `Storage pool ${pool.name} still holds ${volumes} volume(s); migrate or delete them first`,
      { poolId, volumes },
    );
  return [{ type: 'StoragePoolDeleted', data: { ...placeOf(pool), name: pool.name } }];
};

export const decide = (command: StoragePoolCommand, state: StoragePoolState): readonly StoragePoolEvent[] => {
  switch (command.type) {
    case 'CreateStoragePool':
      return createPool(command, state);
    case 'UpdateStoragePool':
      return updatePool(command, state);
    case 'EnableStoragePool':
    case 'DisableStoragePool':
    case 'PrepareStoragePoolForMaintenance':
    case 'CompleteStoragePoolMaintenance':
    case 'CancelStoragePoolMaintenance':
      return changeStatus(command.data.poolId, statusCommands[command.type], state);
    case 'ChangeStoragePoolScope':
      return changeScope(command, state);
    case 'DeleteStoragePool':
      return deletePool(command.data.poolId, state);
    case 'ReserveStorage':
      return reserveStorage(command, state);
    case 'CommitStorage':
      return commitStorage(command, state);
    case 'ReleaseStorage':
      return releaseStorage(command, state);
    case 'ExpireStorageReservations':
      return expireStorageReservations(command, state);
    default: {
      const unknown: never = command;
      throw invalid(
        'POOL_COMMAND_UNKNOWN',
        `Unknown storage pool command ${(unknown as { type: string }).type}`,
      );
    }
  }
};
