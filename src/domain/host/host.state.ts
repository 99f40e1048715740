import {
  type ComputeRequest,
  emptyLoad,
  type HostLoad,
  type HostSize,
  requestedCpuMhz,
} from '../capacity/index.ts';
import type { HypervisorType } from '../hypervisor/index.ts';
import {
  dropReservation,
  putReservation,
  type Reservation,
  type Reservations,
  recordReservation,
  type Tally,
} from '../infrastructure/index.ts';
import type { HostEvent } from './host.events.ts';
import type { HostStatus, ResourceState } from './host.machines.ts';

export type HostReservation = Reservation & ComputeRequest;

export type Host = {
  readonly hostId: string;
  readonly zoneId: string;
  readonly podId: string;
  readonly clusterId: string;
  readonly name: string;
  readonly hypervisor: HypervisorType;
  readonly tags: readonly string[];
  readonly status: HostStatus;
  readonly resourceState: ResourceState;
  /** Hardware and the over-provisioning factors in force for new reservations. */
  readonly size: HostSize;
  readonly reservations: Reservations<HostReservation>;
  /** Sums over `reservations`, kept in step by evolve so a reservation decision never re-adds them. */
  readonly load: HostLoad;
  /** VMs placed here (Pending or Used), for the hypervisor's max-guests limit. */
  readonly guests: number;
  readonly removed: boolean;
};

/** null until HostAdded. */
export type HostState = Host | null;

export const initialState = (): HostState => null;

/** What is taken on the host: Pending and Used count as used, Kept as reserved (CloudStack's op_host_capacity). */
export const load = (state: HostState): HostLoad => state?.load ?? emptyLoad;

const counted = (r: Reservation): 'used' | 'reserved' => (r.status === 'Kept' ? 'reserved' : 'used');

/** Adds (sign 1) or removes (sign -1) one reservation's share of the load and guest count. */
const account: Tally<Host, HostReservation> = (host, r, sign) => {
  const cpu = sign * requestedCpuMhz(r);
  const memory = sign * r.memoryMiB;
  const l = host.load;
  return counted(r) === 'used'
    ? {
        ...host,
        guests: host.guests + sign,
        load: { ...l, usedCpuMhz: l.usedCpuMhz + cpu, usedMemoryMiB: l.usedMemoryMiB + memory },
      }
    : {
        ...host,
        load: {
          ...l,
          reservedCpuMhz: l.reservedCpuMhz + cpu,
          reservedMemoryMiB: l.reservedMemoryMiB + memory,
        },
      };
};

/** Changes a held reservation's status and window, moving its share between used and reserved. */
const restate = (
  host: Host,
  reservationId: string,
  status: Reservation['status'],
  expiresAt: string | null,
) => {
  const held = host.reservations[reservationId];
  return held === undefined
    ? host
    : putReservation(dropReservation(host, reservationId, account), { ...held, status, expiresAt }, account);
};

export const evolve = (state: HostState, event: HostEvent): HostState => {
  if (event.type === 'HostAdded') {
    const d = event.data;
    return {
      hostId: d.hostId,
      zoneId: d.zoneId,
      podId: d.podId,
      clusterId: d.clusterId,
      name: d.name,
      hypervisor: d.hypervisor,
      tags: d.tags,
      status: d.status,
      resourceState: d.resourceState,
      size: {
        cpuCores: d.cpuCores,
        cpuSpeedMhz: d.cpuSpeedMhz,
        memoryMiB: d.memoryMiB,
        cpuOverprovisioning: d.cpuOverprovisioning,
        memoryOverprovisioning: d.memoryOverprovisioning,
      },
      reservations: {},
      load: emptyLoad,
      guests: 0,
      removed: false,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'HostStatusChanged':
      return { ...state, status: event.data.to };
    case 'HostResourceStateChanged':
      return { ...state, resourceState: event.data.to };
    case 'HostTagsUpdated':
      return { ...state, tags: event.data.tags };
    case 'HostOverprovisioningUpdated':
      return {
        ...state,
        size: {
          ...state.size,
          cpuOverprovisioning: event.data.cpuOverprovisioning,
          memoryOverprovisioning: event.data.memoryOverprovisioning,
        },
      };
    case 'HostRemoved':
      return { ...state, status: 'Removed', removed: true };
    case 'HostCapacityReserved': {
      const { reservationId, vmId, cpuNumber, cpuSpeedMhz, memoryMiB, expiresAt } = event.data;
      return recordReservation(
        state,
        { reservationId, holderId: vmId, status: 'Pending', expiresAt, cpuNumber, cpuSpeedMhz, memoryMiB },
        account,
      );
    }
    case 'HostCapacityCommitted':
      return restate(state, event.data.reservationId, 'Used', null);
    case 'HostCapacityKept':
      return restate(state, event.data.reservationId, 'Kept', event.data.keptUntil);
    case 'HostCapacityReleased':
      return dropReservation(state, event.data.reservationId, account);
    default:
      return state;
  }
};
