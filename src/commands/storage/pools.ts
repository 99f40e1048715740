import {
  defaultStoragePlacementSettings,
  type PoolCandidate,
  planStoragePools,
  type StoragePlacementSettings,
  type VolumeRequest,
} from '../../domain/placement/index.ts';
import { DomainError, insufficientCapacity } from '../../domain/shared/index.ts';
import type { PoolScope, StoragePool } from '../../domain/storagePool/index.ts';
import type { CommandBus } from '../commandBus.ts';
import type { Exec } from './exec.ts';
import { allLookup, type StreamLookup } from './lookup.ts';

/**
 * Where a volume goes on primary storage. A strategy only PROPOSES pools, best first; the pool's
 * own stream disposes (ReserveStorage with its expected revision), and a refusal moves on to the next.
 */
export type PlaceVolume = (bus: CommandBus, request: VolumeRequest) => Promise<readonly string[]>;

const scopes: Readonly<Record<PoolScope, PoolCandidate['scope']>> = {
  Host: 'HOST',
  Cluster: 'CLUSTER',
  Zone: 'ZONE',
};

/** A pool stream's state as the pure planner sees it. Bytes written aren't tracked: used is 0. */
export const poolCandidate = (pool: StoragePool): PoolCandidate => ({
  poolId: pool.poolId,
  zoneId: pool.zoneId,
  scope: scopes[pool.scope],
  ...(pool.clusterId ? { clusterId: pool.clusterId } : {}),
  ...(pool.hostId ? { hostId: pool.hostId } : {}),
  hypervisor: pool.hypervisor,
  type: pool.type,
  status: pool.status,
  tags: pool.tags,
  capacityBytes: pool.capacityBytes,
  usedBytes: 0,
  allocatedBytes: pool.allocatedBytes,
  overprovisioning: pool.overprovisioning,
});

/** The ids of every pool ever created in a zone. */
export const poolIdsInZone = (lookup: StreamLookup, zoneId: string): Promise<string[]> =>
  lookup.ids(['StoragePoolCreated'], 'poolId', { field: 'zoneId', value: zoneId });

/**
 * The default strategy: folds the pool streams (those `poolIds` lists, else every pool of the zone)
 * and ranks them with the domain's planStoragePools.
 */
export const poolsFromStreams =
  (
    options: {
      readonly poolIds?: (zoneId: string) => Promise<readonly string[]>;
      readonly lookup?: StreamLookup;
      readonly settings?: StoragePlacementSettings;
    } = {},
  ): PlaceVolume =>
  async (bus, request) => {
    const lookup = options.lookup ?? allLookup(bus.store);
    const ids = await (options.poolIds ?? ((zoneId) => poolIdsInZone(lookup, zoneId)))(request.zoneId);
    const pools = await Promise.all(ids.map((id) => bus.load('storagePool', id)));
    const candidates = pools
      .map((p) => p.state)
      .filter((p): p is StoragePool => p !== null && !p.removed)
      .map(poolCandidate);
    return planStoragePools(request, candidates, options.settings ?? defaultStoragePlacementSettings).poolIds;
  };

/** Refusals that mean "this pool, not any pool": try the next one. */
const poolRefusals = new Set(['insufficient_capacity', 'illegal_state', 'conflict', 'not_found']);

export type StorageHold = { readonly poolId: string; readonly reservationId: string };

/**
 * Reserves `sizeBytes` for `holderId` on the first pool that accepts, in the order given. Each try
 * is its own step, so a resumed job finds the pool it already reserved on.
 */
export const reserveOnFirstPool = async (
  exec: Exec,
  request: {
    readonly poolIds: readonly string[];
    readonly holderId: string;
    readonly reservationId: string;
    readonly sizeBytes: number;
    readonly now: string;
    readonly ttlMs?: number;
  },
): Promise<StorageHold> => {
  const expiresAt = new Date(Date.parse(request.now) + (request.ttlMs ?? 600_000)).toISOString();
  const refusals: string[] = [];
  for (const poolId of request.poolIds) {
    try {
      await exec(`storage-reserve:${poolId}`, 'storagePool', poolId, {
        type: 'ReserveStorage',
        data: {
          poolId,
          reservationId: request.reservationId,
          volumeId: request.holderId,
          sizeBytes: request.sizeBytes,
          now: request.now,
          expiresAt,
        },
      });
      return { poolId, reservationId: request.reservationId };
    } catch (e) {
      if (!(e instanceof DomainError) || !poolRefusals.has(e.kind)) throw e;
      refusals.push(`${poolId}: ${e.code}`);
    }
  }
  throw insufficientCapacity(
    'STORAGE_POOL_UNAVAILABLE',
    `No primary storage pool can take ${request.sizeBytes} bytes for volume ${request.holderId}`,
    { volumeId: request.holderId, sizeBytes: request.sizeBytes, refusals },
  );
};

export const releaseStorage = (exec: Exec, hold: StorageHold) =>
  exec(`storage-release:${hold.reservationId}`, 'storagePool', hold.poolId, {
    type: 'ReleaseStorage',
    data: { poolId: hold.poolId, reservationId: hold.reservationId },
  });

export const commitStorage = (exec: Exec, hold: StorageHold) =>
  exec(`storage-commit:${hold.reservationId}`, 'storagePool', hold.poolId, {
    type: 'CommitStorage',
    data: { poolId: hold.poolId, reservationId: hold.reservationId },
  });

/** The holder id of a resize's extra bytes: the volume's own id keeps its base reservation. */
export const resizeHolderId = (volumeId: string, jobId: string): string => `${volumeId}:resize:${jobId}`;

/** Everything a volume holds on a pool: its base reservation and any resize deltas. */
export const releaseVolumeStorage = async (
  exec: Exec,
  bus: CommandBus,
  poolId: string,
  volumeId: string,
): Promise<void> => {
  const { state: pool } = await bus.load('storagePool', poolId);
  if (pool === null) return;
  const held = Object.values(pool.reservations).filter(
    (r) => r.holderId === volumeId || r.holderId.startsWith(`${volumeId}:`),
  );
  for (const r of held) await releaseStorage(exec, { poolId, reservationId: r.reservationId });
};
