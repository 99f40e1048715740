import {
  holdingsOf,
  isRetriedReservation,
  type LedgerOwner,
  releaseTargets,
  toCommit,
  toExpire,
} from '../infrastructure/index.ts';
import { illegalState, insufficientCapacity, invalid } from '../shared/index.ts';
import type {
  CommitStorage,
  ExpireStorageReservations,
  ReleaseStorage,
  ReserveStorage,
} from './storagePool.commands.ts';
import type { StoragePoolEvent } from './storagePool.events.ts';
import { placeOf, requirePool } from './storagePool.guards.ts';
import { defaultAllocatedDisableThreshold } from './storagePool.rules.ts';
import {
  effectiveCapacityBytes,
  type StoragePool,
  type StoragePoolState,
  type StorageReservation,
} from './storagePool.state.ts';

/** The pool's storage ledger: like the host's, this stream alone hands out the pool's bytes. */

const ledgerOf = (pool: StoragePool): LedgerOwner<StorageReservation> => ({
  code: 'POOL',
  label: `Storage pool ${pool.name}`,
  ref: { poolId: pool.poolId },
  reservations: pool.reservations,
});

const reservationData = (pool: StoragePool, r: StorageReservation) => ({
  ...placeOf(pool),
  reservationId: r.reservationId,
  volumeId: r.holderId,
  sizeBytes: r.sizeBytes,
});

const released = (
  pool: StoragePool,
  r: StorageReservation,
  reason: 'Released' | 'Expired',
): StoragePoolEvent => ({
  type: 'StorageReleased',
  data: { ...reservationData(pool, r), held: r.status, reason },
});

const requireThreshold = (threshold: number): void => {
  if (!(threshold > 0 && threshold <= 1))
    throw invalid('POOL_RESERVATION_INVALID', 'allocatedDisableThreshold must be above 0 and at most 1', {
      threshold,
    });
};

export const reserveStorage = ({ data }: ReserveStorage, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, data.poolId);
  const sameRequest = (held: StorageReservation) =>
    held.holderId === data.volumeId && held.sizeBytes === data.sizeBytes;
  if (isRetriedReservation(ledgerOf(pool), data, { sizeBytes: data.sizeBytes }, sameRequest)) return [];
  const threshold = data.allocatedDisableThreshold ?? defaultAllocatedDisableThreshold;
  requireThreshold(threshold);
  if (pool.status !== 'Up')
    throw illegalState(
      'POOL_NOT_AVAILABLE',
      `Storage pool ${pool.name} is ${pool.status}; it takes no new volumes`,
      {
        poolId: pool.poolId,
        status: pool.status,
      },
    );
  const existing = holdingsOf(pool.reservations, data.volumeId)[0];
  if (existing !== undefined)
    throw illegalState(
      'POOL_VOLUME_ALREADY_ALLOCATED',
      `Volume ${data.volumeId} already has space on storage pool ${pool.name}`,
      { poolId: pool.poolId, volumeId: data.volumeId, reservationId: existing.reservationId },
    );
  const total = effectiveCapacityBytes(pool);
  const after = pool.allocatedBytes + data.sizeBytes;
  const details = {
    poolId: pool.poolId,
    requestedBytes: data.sizeBytes,
    allocatedBytes: pool.allocatedBytes,
    effectiveCapacityBytes: total,
  };
  if (after > total)
    throw insufficientCapacity(
      'POOL_CAPACITY_INSUFFICIENT',
      `Storage pool ${pool.name} has no room for this volume`,
      {
        ...details,
        freeBytes: total - pool.allocatedBytes,
      },
    );
  // CloudStack stops allocating from a pool once this volume would push it past the threshold.
  if (after > total * threshold)
    throw insufficientCapacity(
      'POOL_ALLOCATION_THRESHOLD_EXCEEDED',
      `This volume would fill storage pool ${pool.name} beyond ${threshold * 100}% of its capacity`,
      { ...details, threshold },
    );
  return [
    {
      type: 'StorageReserved',
      data: {
        ...placeOf(pool),
        reservationId: data.reservationId,
        volumeId: data.volumeId,
        sizeBytes: data.sizeBytes,
        reservedAt: data.now,
        expiresAt: data.expiresAt,
      },
    },
  ];
};

export const commitStorage = ({ data }: CommitStorage, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, data.poolId);
  const held = toCommit(ledgerOf(pool), data.reservationId);
  return held === null ? [] : [{ type: 'StorageCommitted', data: reservationData(pool, held) }];
};

export const releaseStorage = ({ data }: ReleaseStorage, state: StoragePoolState): StoragePoolEvent[] => {
  const pool = requirePool(state, data.poolId);
  const target =
    'reservationId' in data ? { reservationId: data.reservationId } : { holderId: data.volumeId };
  return releaseTargets(pool.reservations, target).map((r) => released(pool, r, 'Released'));
};

export const expireStorageReservations = (
  { data }: ExpireStorageReservations,
  state: StoragePoolState,
): StoragePoolEvent[] => {
  const pool = requirePool(state, data.poolId);
  return toExpire(ledgerOf(pool), data.now).map((r) => released(pool, r, 'Expired'));
};
