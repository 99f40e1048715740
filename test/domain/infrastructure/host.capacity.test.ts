import { describe, expect, it } from 'vitest';
import {
  type HostCommand,
  type HostEvent,
  hostDecider,
  load,
  type ReserveHostCapacity,
} from '../../../src/domain/host/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  committed,
  compute,
  hostAdded,
  hostId,
  hostPlace,
  kept,
  later,
  muchLater,
  now,
  reserved,
  resourceChanged,
  statusChanged,
  upHost,
  vmA,
  vmB,
} from './fixtures.ts';

const spec = DeciderSpecification.for(hostDecider);

const reserve = (
  reservationId: string,
  vmId: string,
  changes: Partial<ReserveHostCapacity['data']> = {},
): ReserveHostCapacity => ({
  type: 'ReserveHostCapacity',
  data: { hostId, reservationId, vmId, ...compute, now, expiresAt: later, ...changes },
});

const released = (
  reservationId: string,
  vmId: string,
  held: 'Pending' | 'Used' | 'Kept',
  reason: 'Released' | 'Expired' | 'Restarted',
  size = compute,
): HostEvent => ({
  type: 'HostCapacityReleased',
  data: { ...hostPlace, reservationId, vmId, ...size, held, reason },
});

/** Many small VMs: 1 × 100 MHz, 128 MiB each. */
const tiny = { cpuNumber: 1, cpuSpeedMhz: 100, memoryMiB: 128 };
const tinyGuests = (count: number): HostEvent[] =>
  Array.from({ length: count }, (_, i) => reserved(`t${i}`, `vm-${i}`, tiny));

const factorUpdate = (cpuOverprovisioning: number, memoryOverprovisioning: number): HostEvent => ({
  type: 'HostOverprovisioningUpdated',
  data: { ...hostPlace, cpuOverprovisioning, memoryOverprovisioning },
});

describe('host capacity: Up and Enabled, empty', () => {
  it('reserves capacity for a VM, carrying the host place and the window', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA))
      .then([reserved('r1', vmA)]));

  it('refuses more cores than the host has (capability, not capacity)', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA, { cpuNumber: 8 }))
      .thenThrows('HOST_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({ reason: 'cpu_capability' }),
      ));

  it('refuses a per-core speed above the host', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA, { cpuSpeedMhz: 2500 }))
      .thenThrows('HOST_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({ reason: 'cpu_capability' }),
      ));

  it('refuses more memory than the host has', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA, { memoryMiB: 9000 }))
      .thenThrows('HOST_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({
          reason: 'memory_capacity',
          requestedMemoryMiB: 9000,
          freeMemoryMiB: 8192,
        }),
      ));

  it('fits more memory when the memory factor is 2', () =>
    spec
      .given([...upHost(), factorUpdate(1, 2)])
      .when(reserve('r1', vmA, { memoryMiB: 12000 }))
      .then([reserved('r1', vmA, { ...compute, memoryMiB: 12000 })]));

  it('refuses a zero CPU count', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA, { cpuNumber: 0 }))
      .thenThrows('HOST_RESERVATION_INVALID'));

  it('refuses a malformed now', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA, { now: 'yesterday' }))
      .thenThrows('HOST_RESERVATION_INVALID'));

  it('refuses an expiry that is not after now', () =>
    spec
      .given(upHost())
      .when(reserve('r1', vmA, { expiresAt: now }))
      .thenThrows('HOST_RESERVATION_INVALID'));

  it('KVM enforces no guest limit', () =>
    spec
      .given([...upHost('KVM'), ...tinyGuests(60)])
      .when(reserve('r1', vmA, tiny))
      .then([reserved('r1', vmA, tiny)]));

  it('refuses a 51st VM on a XenServer host (max 50 guests)', () =>
    spec
      .given([...upHost('XenServer'), ...tinyGuests(50)])
      .when(reserve('r1', vmA, tiny))
      .thenThrows('HOST_MAX_GUESTS', (e) =>
        expect(e.details).toMatchObject({ guests: 50, maxGuestsPerHost: 50 }),
      ));

  it('refuses a second VM on a BareMetal host', () =>
    spec
      .given([...upHost('BareMetal'), reserved('r0', vmB, tiny)])
      .when(reserve('r1', vmA, tiny))
      .thenThrows('HOST_MAX_GUESTS'));

  it('refuses a reservation on a host never added', () =>
    spec.given([]).when(reserve('r1', vmA)).thenThrows('HOST_NOT_FOUND'));
});

describe('host capacity: not available', () => {
  it('refuses while the agent has not connected yet', () =>
    spec
      .given([hostAdded()])
      .when(reserve('r1', vmA))
      .thenThrows('HOST_NOT_AVAILABLE', (e) => expect(e.details).toMatchObject({ status: 'Creating' })));

  it('refuses on a Down host', () =>
    spec
      .given([...upHost(), statusChanged('HostDown', 'Up', 'Down')])
      .when(reserve('r1', vmA))
      .thenThrows('HOST_NOT_AVAILABLE'));

  it('refuses on a Disabled host', () =>
    spec
      .given([...upHost(), resourceChanged('Disable', 'Enabled', 'Disabled')])
      .when(reserve('r1', vmA))
      .thenThrows('HOST_NOT_AVAILABLE', (e) =>
        expect(e.details).toMatchObject({ resourceState: 'Disabled' }),
      ));

  it('refuses on a host preparing for maintenance', () =>
    spec
      .given([...upHost(), resourceChanged('AdminAskMaintenance', 'Enabled', 'PrepareForMaintenance')])
      .when(reserve('r1', vmA))
      .thenThrows('HOST_NOT_AVAILABLE'));

  it('a retried reservation already held is still acknowledged', () =>
    spec
      .given([...upHost(), reserved('r1', vmA), statusChanged('HostDown', 'Up', 'Down')])
      .when(reserve('r1', vmA))
      .thenNothingHappened());
});

describe('host capacity: with a pending reservation', () => {
  const given = [...upHost(), reserved('r1', vmA)];

  it('the same reservation again produces nothing (idempotent)', () =>
    spec.given(given).when(reserve('r1', vmA)).thenNothingHappened());

  it('refuses the same reservation id for a different request', () =>
    spec
      .given(given)
      .when(reserve('r1', vmA, { memoryMiB: 4096 }))
      .thenThrows('HOST_RESERVATION_CONFLICT'));

  it('refuses a second reservation for the same VM', () =>
    spec.given(given).when(reserve('r2', vmA)).thenThrows('HOST_VM_ALREADY_PLACED'));

  it('counts the pending reservation against the next VM', () =>
    spec
      .given(given)
      .when(reserve('r2', vmB, { cpuNumber: 4, cpuSpeedMhz: 1600 }))
      .thenThrows('HOST_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({ reason: 'cpu_capacity', requestedCpuMhz: 6400, freeCpuMhz: 6000 }),
      ));

  it('commits it', () =>
    spec
      .given(given)
      .when({ type: 'CommitHostCapacity', data: { hostId, reservationId: 'r1' } })
      .then([committed('r1', vmA)]));

  it('refuses to commit a reservation it does not hold', () =>
    spec
      .given(given)
      .when({ type: 'CommitHostCapacity', data: { hostId, reservationId: 'nope' } })
      .thenThrows('HOST_RESERVATION_NOT_FOUND'));

  it('releases it by reservation id', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseHostCapacity', data: { hostId, reservationId: 'r1' } })
      .then([released('r1', vmA, 'Pending', 'Released')]));

  it('releasing something not held produces nothing', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseHostCapacity', data: { hostId, vmId: vmB } })
      .thenNothingHappened());

  it('the sweep releases it once expired', () =>
    spec
      .given(given)
      .when({ type: 'ExpireHostReservations', data: { hostId, now: later } })
      .then([released('r1', vmA, 'Pending', 'Expired')]));

  it('the sweep leaves it before its expiry', () =>
    spec.given(given).when({ type: 'ExpireHostReservations', data: { hostId, now } }).thenNothingHappened());

  it('refuses a sweep with a malformed now', () =>
    spec
      .given(given)
      .when({ type: 'ExpireHostReservations', data: { hostId, now: 'soon' } })
      .thenThrows('HOST_RESERVATION_INVALID'));

  it('refuses to keep capacity for a VM that never started', () =>
    spec
      .given(given)
      .when({ type: 'KeepHostCapacityForStoppedVm', data: { hostId, vmId: vmA, now, keepUntil: muchLater } })
      .thenThrows('HOST_RESERVATION_NOT_COMMITTED'));
});

describe('host capacity: with a committed reservation (VM running)', () => {
  const given = [...upHost(), reserved('r1', vmA), committed('r1', vmA)];

  it('committing again produces nothing', () =>
    spec
      .given(given)
      .when({ type: 'CommitHostCapacity', data: { hostId, reservationId: 'r1' } })
      .thenNothingHappened());

  it('the sweep never releases used capacity', () =>
    spec
      .given(given)
      .when({ type: 'ExpireHostReservations', data: { hostId, now: muchLater } })
      .thenNothingHappened());

  it('releases everything the VM holds', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseHostCapacity', data: { hostId, vmId: vmA } })
      .then([released('r1', vmA, 'Used', 'Released')]));

  it('keeps it counted for the stopped VM', () =>
    spec
      .given(given)
      .when({ type: 'KeepHostCapacityForStoppedVm', data: { hostId, vmId: vmA, now, keepUntil: muchLater } })
      .then([kept('r1', vmA)]));

  it('refuses to keep capacity with a window that ends before now', () =>
    spec
      .given(given)
      .when({
        type: 'KeepHostCapacityForStoppedVm',
        data: { hostId, vmId: vmA, now: muchLater, keepUntil: now },
      })
      .thenThrows('HOST_RESERVATION_INVALID'));

  it('refuses to keep capacity for a VM that holds none', () =>
    spec
      .given(given)
      .when({ type: 'KeepHostCapacityForStoppedVm', data: { hostId, vmId: vmB, now, keepUntil: muchLater } })
      .thenThrows('HOST_VM_NOT_PLACED'));

  it('still counts against new VMs after the factor drops back to 1', () =>
    spec
      .given([
        ...upHost(),
        factorUpdate(1, 2),
        reserved('r1', vmA, { ...compute, memoryMiB: 12000 }),
        committed('r1', vmA, { ...compute, memoryMiB: 12000 }),
        factorUpdate(1, 1),
      ])
      .when(reserve('r2', vmB, tiny))
      .thenThrows('HOST_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({ reason: 'memory_capacity' }),
      ));
});

describe('host capacity: with capacity kept for a stopped VM', () => {
  const big = { cpuNumber: 4, cpuSpeedMhz: 1500, memoryMiB: 6144 };
  const given = [
    ...upHost(),
    reserved('r1', vmA, big),
    committed('r1', vmA, big),
    kept('r1', vmA, muchLater, big),
  ];

  it('keeping it again produces nothing', () =>
    spec
      .given(given)
      .when({ type: 'KeepHostCapacityForStoppedVm', data: { hostId, vmId: vmA, now, keepUntil: muchLater } })
      .thenNothingHappened());

  it('counts it against other VMs', () =>
    spec
      .given(given)
      .when(reserve('r2', vmB, { cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 4096 }))
      .thenThrows('HOST_CAPACITY_INSUFFICIENT', (e) =>
        expect(e.details).toMatchObject({ reason: 'memory_capacity' }),
      ));

  it('the same VM restarting here reuses it', () =>
    spec
      .given(given)
      .when(reserve('r2', vmA, big))
      .then([released('r1', vmA, 'Kept', 'Restarted', big), reserved('r2', vmA, big)]));

  it('refuses to commit the kept reservation', () =>
    spec
      .given(given)
      .when({ type: 'CommitHostCapacity', data: { hostId, reservationId: 'r1' } })
      .thenThrows('HOST_RESERVATION_NOT_PENDING'));

  it('refuses to reuse the kept reservation id for a new start', () =>
    spec
      .given(given)
      .when(reserve('r1', vmA, big))
      .thenThrows('HOST_RESERVATION_CONFLICT'));

  it('releases it when the VM is destroyed or starts elsewhere', () =>
    spec
      .given(given)
      .when({ type: 'ReleaseHostCapacity', data: { hostId, vmId: vmA } })
      .then([released('r1', vmA, 'Kept', 'Released', big)]));

  it('the sweep releases it after capacity.skipcounting.hours', () =>
    spec
      .given(given)
      .when({ type: 'ExpireHostReservations', data: { hostId, now: muchLater } })
      .then([released('r1', vmA, 'Kept', 'Expired', big)]));
});

describe('host capacity: load', () => {
  it('counts pending and committed as used and kept as reserved', () => {
    const state = fold(hostDecider, [
      ...upHost(),
      reserved('r1', vmA),
      reserved('r2', vmB, tiny),
      committed('r2', vmB, tiny),
      kept('r2', vmB, muchLater, tiny),
    ]);
    expect(load(state)).toEqual({
      usedCpuMhz: 2000,
      usedMemoryMiB: 2048,
      reservedCpuMhz: 100,
      reservedMemoryMiB: 128,
    });
    expect(state?.size).toEqual({
      cpuCores: 4,
      cpuSpeedMhz: 2000,
      memoryMiB: 8192,
      cpuOverprovisioning: 1,
      memoryOverprovisioning: 1,
    });
  });

  it('is empty for a host never added', () => {
    expect(load(null)).toEqual({ usedCpuMhz: 0, usedMemoryMiB: 0, reservedCpuMhz: 0, reservedMemoryMiB: 0 });
  });

  it('drops back to empty once everything is released', () => {
    const release: HostCommand = { type: 'ReleaseHostCapacity', data: { hostId, vmId: vmA } };
    const history = [...upHost(), reserved('r1', vmA), committed('r1', vmA)];
    const events = hostDecider.decide(release, fold(hostDecider, history));
    expect(load(fold(hostDecider, [...history, ...events]))).toEqual({
      usedCpuMhz: 0,
      usedMemoryMiB: 0,
      reservedCpuMhz: 0,
      reservedMemoryMiB: 0,
    });
  });
});
