import type { HypervisorType, StoragePoolType } from '../hypervisor/index.ts';
import {
  dropReservation,
  type Reservation,
  type Reservations,
  recordReservation,
  type Tally,
  withReservation,
} from '../infrastructure/index.ts';
import type { PoolScope, PoolStatus, StoragePoolEvent } from './storagePool.events.ts';

export type StorageReservation = Reservation & { readonly sizeBytes: number };

export type StoragePool = {
  readonly poolId: string;
  readonly zoneId: string;
  readonly podId: string | null;
  readonly clusterId: string | null;
  readonly hostId: string | null;
  readonly name: string;
  readonly scope: PoolScope;
  readonly type: StoragePoolType;
  readonly hypervisor: HypervisorType;
  readonly capacityBytes: number;
  readonly overprovisioning: number;
  readonly tags: readonly string[];
  readonly status: PoolStatus;
  readonly reservations: Reservations<StorageReservation>;
  /** Σ sizeBytes of Pending and Used reservations, kept in step by evolve. */
  readonly allocatedBytes: number;
  readonly removed: boolean;
};

/** null until StoragePoolCreated. */
export type StoragePoolState = StoragePool | null;

export const initialState = (): StoragePoolState => null;

/** The over-provisioned capacity that allocation is measured against. */
export const effectiveCapacityBytes = (
  pool: Pick<StoragePool, 'capacityBytes' | 'overprovisioning'>,
): number => pool.capacityBytes * pool.overprovisioning;

const allocate: Tally<StoragePool, StorageReservation> = (pool, r, sign) => ({
  ...pool,
  allocatedBytes: pool.allocatedBytes + sign * r.sizeBytes,
});

export const evolve = (state: StoragePoolState, event: StoragePoolEvent): StoragePoolState => {
  if (event.type === 'StoragePoolCreated')
    return { ...event.data, reservations: {}, allocatedBytes: 0, removed: false };
  if (state === null) return state;
  switch (event.type) {
    case 'StoragePoolUpdated':
      return { ...state, ...event.data };
    case 'StoragePoolStatusChanged':
      return { ...state, status: event.data.to };
    case 'StoragePoolScopeChanged': {
      const { podId, clusterId, hostId, scope } = event.data;
      return { ...state, podId, clusterId, hostId, scope };
    }
    case 'StoragePoolDeleted':
      return { ...state, removed: true };
    case 'StorageReserved': {
      const { reservationId, volumeId, sizeBytes, expiresAt } = event.data;
      return recordReservation(
        state,
        { reservationId, holderId: volumeId, status: 'Pending', expiresAt, sizeBytes },
        allocate,
      );
    }
    // Pending and Used both count as allocated: committing moves no bytes.
    case 'StorageCommitted': {
      const held = state.reservations[event.data.reservationId];
      return held === undefined
        ? state
        : {
            ...state,
            reservations: withReservation(state.reservations, { ...held, status: 'Used', expiresAt: null }),
          };
    }
    case 'StorageReleased':
      return dropReservation(state, event.data.reservationId, allocate);
    default:
      return state;
  }
};
