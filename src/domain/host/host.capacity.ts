import { freeCpuMhz, freeMemoryMiB, type HostLoad, misfit, requestedCpuMhz } from '../capacity/index.ts';
import { capabilitiesOf } from '../hypervisor/index.ts';
import {
  holdingsOf,
  isRetriedReservation,
  type LedgerOwner,
  releaseTargets,
  requireWindow,
  toCommit,
  toExpire,
} from '../infrastructure/index.ts';
import { illegalState, insufficientCapacity, notFound } from '../shared/index.ts';
import type {
  CommitHostCapacity,
  ExpireHostReservations,
  KeepHostCapacityForStoppedVm,
  ReleaseHostCapacity,
  ReserveHostCapacity,
} from './host.commands.ts';
import type { HostEvent, ReleaseReason } from './host.events.ts';
import { placeOf, requireHost } from './host.guards.ts';
import type { Host, HostReservation, HostState } from './host.state.ts';

/** The host capacity ledger: this stream is the only writer of the host's reservations (§4.5). */

const ledgerOf = (host: Host): LedgerOwner<HostReservation> => ({
  code: 'HOST',
  label: `Host ${host.name}`,
  ref: { hostId: host.hostId },
  reservations: host.reservations,
});

const reservationData = (host: Host, r: HostReservation) => ({
  ...placeOf(host),
  reservationId: r.reservationId,
  vmId: r.holderId,
  cpuNumber: r.cpuNumber,
  cpuSpeedMhz: r.cpuSpeedMhz,
  memoryMiB: r.memoryMiB,
});

export const released = (host: Host, r: HostReservation, reason: ReleaseReason): HostEvent => ({
  type: 'HostCapacityReleased',
  data: { ...reservationData(host, r), held: r.status, reason },
});

/** The load once the given reservations are gone: a VM restarting on its last host reuses its kept share. */
const loadWithout = (load: HostLoad, kept: readonly HostReservation[]): HostLoad => {
  const cpu = kept.reduce((sum, r) => sum + requestedCpuMhz(r), 0);
  const memory = kept.reduce((sum, r) => sum + r.memoryMiB, 0);
  return {
    ...load,
    reservedCpuMhz: load.reservedCpuMhz - cpu,
    reservedMemoryMiB: load.reservedMemoryMiB - memory,
  };
};

export const reserveHostCapacity = ({ data }: ReserveHostCapacity, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const request = { cpuNumber: data.cpuNumber, cpuSpeedMhz: data.cpuSpeedMhz, memoryMiB: data.memoryMiB };
  const sameRequest = (held: HostReservation) =>
    held.holderId === data.vmId &&
    held.cpuNumber === request.cpuNumber &&
    held.cpuSpeedMhz === request.cpuSpeedMhz &&
    held.memoryMiB === request.memoryMiB;
  if (isRetriedReservation(ledgerOf(host), data, request, sameRequest)) return [];
  if (host.status !== 'Up' || host.resourceState !== 'Enabled')
    throw illegalState(
      'HOST_NOT_AVAILABLE',
      `Host ${host.name} takes no new VMs: it is ${host.status} and ${host.resourceState} (needs Up and Enabled)`,
      { hostId: host.hostId, status: host.status, resourceState: host.resourceState },
    );
  const holdings = holdingsOf(host.reservations, data.vmId);
  const placed = holdings.find((r) => r.status !== 'Kept');
  if (placed !== undefined)
    throw illegalState(
      'HOST_VM_ALREADY_PLACED',
      `VM ${data.vmId} already holds capacity on host ${host.name}`,
      {
        hostId: host.hostId,
        vmId: data.vmId,
        reservationId: placed.reservationId,
      },
    );
  const maxGuests = capabilitiesOf(host.hypervisor).maxGuestsPerHost;
  if (maxGuests !== null && host.guests >= maxGuests)
    throw insufficientCapacity(
      'HOST_MAX_GUESTS',
      `Host ${host.name} already runs ${host.guests} VMs, the ${host.hypervisor} maximum`,
      { hostId: host.hostId, guests: host.guests, maxGuestsPerHost: maxGuests },
    );
  const available = loadWithout(host.load, holdings);
  const reason = misfit(host.size, available, request);
  if (reason !== null)
    throw insufficientCapacity('HOST_CAPACITY_INSUFFICIENT', `Host ${host.name} has no room for this VM`, {
      hostId: host.hostId,
      reason,
      requestedCpuMhz: requestedCpuMhz(request),
      freeCpuMhz: freeCpuMhz(host.size, available),
      requestedMemoryMiB: request.memoryMiB,
      freeMemoryMiB: freeMemoryMiB(host.size, available),
    });
  return [
    ...holdings.map((kept) => released(host, kept, 'Restarted')),
    {
      type: 'HostCapacityReserved',
      data: {
        ...placeOf(host),
        reservationId: data.reservationId,
        vmId: data.vmId,
        ...request,
        reservedAt: data.now,
        expiresAt: data.expiresAt,
      },
    },
  ];
};

export const commitHostCapacity = ({ data }: CommitHostCapacity, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const held = toCommit(ledgerOf(host), data.reservationId);
  if (held === null) return [];
  if (held.status === 'Kept')
    throw illegalState(
      'HOST_RESERVATION_NOT_PENDING',
      `Reservation ${data.reservationId} belongs to a stopped VM; reserve again to start it`,
      { hostId: host.hostId, reservationId: data.reservationId },
    );
  return [{ type: 'HostCapacityCommitted', data: reservationData(host, held) }];
};

export const releaseHostCapacity = ({ data }: ReleaseHostCapacity, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const target = 'reservationId' in data ? { reservationId: data.reservationId } : { holderId: data.vmId };
  return releaseTargets(host.reservations, target).map((r) => released(host, r, 'Released'));
};

export const expireHostReservations = ({ data }: ExpireHostReservations, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  return toExpire(ledgerOf(host), data.now).map((r) => released(host, r, 'Expired'));
};

export const keepHostCapacityForStoppedVm = (
  { data }: KeepHostCapacityForStoppedVm,
  state: HostState,
): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  requireWindow(data.now, data.keepUntil, 'keepUntil', 'HOST_RESERVATION_INVALID');
  const holdings = holdingsOf(host.reservations, data.vmId);
  const used = holdings.find((r) => r.status === 'Used');
  if (used === undefined) {
    if (holdings.some((r) => r.status === 'Kept')) return [];
    if (holdings.length > 0)
      throw illegalState(
        'HOST_RESERVATION_NOT_COMMITTED',
        `VM ${data.vmId} never started on host ${host.name}; release its reservation instead`,
        { hostId: host.hostId, vmId: data.vmId },
      );
    throw notFound('HOST_VM_NOT_PLACED', `VM ${data.vmId} holds no capacity on host ${host.name}`, {
      hostId: host.hostId,
      vmId: data.vmId,
    });
  }
  return [
    {
      type: 'HostCapacityKept',
      data: { ...reservationData(host, used), keptAt: data.now, keptUntil: data.keepUntil },
    },
  ];
};
