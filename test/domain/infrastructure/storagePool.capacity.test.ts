import { describe, expect, it } from 'vitest';
import {
  type ReserveStorage,
  type StoragePoolEvent,
  storagePoolDecider,
} from '../../../src/domain/storagePool/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  GiB,
  later,
  now,
  poolCreated,
  poolId,
  poolPlace,
  storageCommitted,
  storageReserved,
  volumeA,
  volumeB,
} from './fixtures.ts';

const spec = DeciderSpecification.for(storagePoolDecider);

const reserve = (
  reservationId: string,
  volumeId: string,
  sizeBytes: number,
  changes: Partial<ReserveStorage['data']> = {},
): ReserveStorage => ({
  type: 'ReserveStorage',
  data: { poolId, reservationId, volumeId, sizeBytes, now, expiresAt: later, ...changes },
});

const released = (
  reservationId: string,
  volumeId: string,
  sizeBytes: number,
  held: 'Pending' | 'Used',
  reason: 'Released' | 'Expired',
): StoragePoolEvent => ({
  type: 'StorageReleased',
  data: { ...poolPlace, reservationId, volumeId, sizeBytes, held, reason },
});

const status = (
  action: 'Disable' | 'PrepareMaintenance',
  to: 'Disabled' | 'PrepareForMaintenance',
): StoragePoolEvent => ({
  type: 'StoragePoolStatusChanged',
  data: { ...poolPlace, action, from: 'Up', to },
});

// The fixture pool: 100 GiB × 2 = 200 GiB effective, 170 GiB below the 0.85 allocated threshold.
describe('storage ledger: Up, empty', () => {
  it('reserves space for a volume', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, 10 * GiB))
      .then([storageReserved('s1', volumeA, 10 * GiB)]));

  it('over-provisioning lets it allocate beyond the physical size', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, 150 * GiB))
      .then([storageReserved('s1', volumeA, 150 * GiB)]));

  it('refuses a volume beyond the over-provisioned capacity', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, 201 * GiB))
      .thenThrows('POOL_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({ effectiveCapacityBytes: 200 * GiB, freeBytes: 200 * GiB }),
      ));

  it('refuses a volume that crosses the 0.85 allocated threshold', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, 171 * GiB))
      .thenThrows('POOL_ALLOCATION_THRESHOLD_EXCEEDED', (e) =>
        expect(e.details).toMatchObject({ threshold: 0.85 }),
      ));

  it('honours a zone threshold of 1', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, 190 * GiB, { allocatedDisableThreshold: 1 }))
      .then([storageReserved('s1', volumeA, 190 * GiB)]));

  it('refuses a threshold outside (0, 1]', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, GiB, { allocatedDisableThreshold: 1.2 }))
      .thenThrows('POOL_RESERVATION_INVALID'));

  it('refuses a zero size', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, 0))
      .thenThrows('POOL_RESERVATION_INVALID'));

  it('refuses an expiry that is not after now', () =>
    spec
      .given([poolCreated])
      .when(reserve('s1', volumeA, GiB, { expiresAt: '2020-01-01T00:00:00Z' }))
      .thenThrows('POOL_RESERVATION_INVALID'));

  it('refuses a reservation on a pool that does not exist', () =>
    spec
      .given([])
      .when(reserve('s1', volumeA, GiB))
      .thenThrows('POOL_NOT_FOUND'));
});

describe('storage ledger: not Up', () => {
  it('refuses on a Disabled pool', () =>
    spec
      .given([poolCreated, status('Disable', 'Disabled')])
      .when(reserve('s1', volumeA, GiB))
      .thenThrows('POOL_NOT_AVAILABLE', (e) => expect(e.details).toMatchObject({ status: 'Disabled' })));

  it('refuses on a pool preparing for maintenance', () =>
    spec
      .given([poolCreated, status('PrepareMaintenance', 'PrepareForMaintenance')])
      .when(reserve('s1', volumeA, GiB))
      .thenThrows('POOL_NOT_AVAILABLE'));
});

describe('storage ledger: with a pending reservation', () => {
  const given = [poolCreated, storageReserved('s1', volumeA, 100 * GiB)];

  it('the same reservation again produces nothing', () =>
    spec
      .given(given)
      .when(reserve('s1', volumeA, 100 * GiB))
      .thenNothingHappened());

  it('refuses the same id for a different size', () =>
    spec
      .given(given)
      .when(reserve('s1', volumeA, 5 * GiB))
      .thenThrows('POOL_RESERVATION_CONFLICT'));

  it('refuses a second reservation for the same volume', () =>
    spec
      .given(given)
      .when(reserve('s2', volumeA, GiB))
      .thenThrows('POOL_VOLUME_ALREADY_ALLOCATED'));

  it('counts it against the next volume', () =>
    spec
      .given(given)
      .when(reserve('s2', volumeB, 80 * GiB))
      .thenThrows('POOL_ALLOCATION_THRESHOLD_EXCEEDED', (e) =>
        expect(e.details).toMatchObject({ allocatedBytes: 100 * GiB, requestedBytes: 80 * GiB }),
      ));

  it('commits it', () =>
    spec
      .given(given)
      .when({ type: 'CommitStorage', data: { poolId, reservationId: 's1' } })
      .then([storageCommitted('s1', volumeA, 100 * GiB)]));

  it('refuses to commit a reservation it does not hold', () =>
    spec
      .given(given)
      .when({ type: 'CommitStorage', data: { poolId, reservationId: 'nope' } })
      .thenThrows('POOL_RESERVATION_NOT_FOUND'));

  it('releases it by volume', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseStorage', data: { poolId, volumeId: volumeA } })
      .then([released('s1', volumeA, 100 * GiB, 'Pending', 'Released')]));

  it('releasing something not held produces nothing', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseStorage', data: { poolId, reservationId: 's9' } })
      .thenNothingHappened());

  it('the sweep releases it once expired', () =>
    spec
      .given(given)
      .when({ type: 'ExpireStorageReservations', data: { poolId, now: later } })
      .then([released('s1', volumeA, 100 * GiB, 'Pending', 'Expired')]));

  it('the sweep leaves it before its expiry', () =>
    spec
      .given(given)
      .when({ type: 'ExpireStorageReservations', data: { poolId, now } })
      .thenNothingHappened());

  it('refuses a sweep with a malformed now', () =>
    spec
      .given(given)
      .when({ type: 'ExpireStorageReservations', data: { poolId, now: '' } })
      .thenThrows('POOL_RESERVATION_INVALID'));
});

describe('storage ledger: with a committed volume', () => {
  const given = [
    poolCreated,
    storageReserved('s1', volumeA, 10 * GiB),
    storageCommitted('s1', volumeA, 10 * GiB),
  ];

  it('committing again produces nothing', () =>
    spec
      .given(given)
      .when({ type: 'CommitStorage', data: { poolId, reservationId: 's1' } })
      .thenNothingHappened());

  it('the sweep never releases a committed volume', () =>
    spec
      .given(given)
      .when({ type: 'ExpireStorageReservations', data: { poolId, now: '2030-01-01T00:00:00Z' } })
      .thenNothingHappened());

  it('releases it when the volume is deleted', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseStorage', data: { poolId, reservationId: 's1' } })
      .then([released('s1', volumeA, 10 * GiB, 'Used', 'Released')]));

  it('lets a pool be deleted once its volume is released', () =>
    spec
      .given([...given, released('s1', volumeA, 10 * GiB, 'Used', 'Released')])
      .when({ type: 'DeleteStoragePool', data: { poolId } })
      .then([{ type: 'StoragePoolDeleted', data: { ...poolPlace, name: 'primary-1' } }]));
});
