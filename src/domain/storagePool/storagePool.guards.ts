import { notFound, requireLive } from '../shared/index.ts';
import type { StoragePool, StoragePoolState } from './storagePool.state.ts';

export const requirePool = (state: StoragePoolState, poolId: string): StoragePool =>
  requireLive(state, () =>
    notFound('POOL_NOT_FOUND', `Storage pool ${poolId} does not exist or was deleted`, { poolId }),
  );

/** The ids every pool event carries. */
export const placeOf = (p: StoragePool) => ({
  poolId: p.poolId,
  zoneId: p.zoneId,
  podId: p.podId,
  clusterId: p.clusterId,
  hostId: p.hostId,
});
