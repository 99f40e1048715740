import { z } from 'zod';
import { hypervisorTypes } from '../hypervisor/index.ts';
import { reservationStatuses } from '../infrastructure/index.ts';
import { type EventsOf, v1 } from '../shared/index.ts';
import { hostStatusEvents, hostStatuses, resourceStateEvents, resourceStates } from './host.machines.ts';

const id = z.string().min(1);
const count = z.number().int().positive();
const factor = z.number().min(1);
const instant = z.string().min(1);

/** Every host event names its whole place in the hierarchy, so read models never join. */
const place = { hostId: id, zoneId: id, podId: id, clusterId: id };
const factors = { cpuOverprovisioning: factor, memoryOverprovisioning: factor };
const compute = { cpuNumber: count, cpuSpeedMhz: count, memoryMiB: count };
const reservation = { ...place, reservationId: id, vmId: id, ...compute };

export const hostEventSchemas = {
  HostAdded: v1(
    z.object({
      ...place,
      name: z.string().min(1),
      hypervisor: z.enum(hypervisorTypes),
      cpuCores: count,
      cpuSpeedMhz: count,
      memoryMiB: count,
      ...factors,
      tags: z.array(z.string()),
      status: z.enum(hostStatuses),
      resourceState: z.enum(resourceStates),
    }),
  ),
  HostStatusChanged: v1(
    z.object({
      ...place,
      event: z.enum(hostStatusEvents),
      from: z.enum(hostStatuses),
      to: z.enum(hostStatuses),
    }),
  ),
  HostResourceStateChanged: v1(
    z.object({
      ...place,
      event: z.enum(resourceStateEvents),
      from: z.enum(resourceStates),
      to: z.enum(resourceStates),
    }),
  ),
  HostTagsUpdated: v1(z.object({ ...place, tags: z.array(z.string()) })),
  /** New factors count for reservations made afterwards; what is already placed stays. */
  HostOverprovisioningUpdated: v1(z.object({ ...place, ...factors })),
  HostRemoved: v1(z.object({ ...place, name: z.string() })),
  HostCapacityReserved: v1(z.object({ ...reservation, reservedAt: instant, expiresAt: instant })),
  HostCapacityCommitted: v1(z.object(reservation)),
  /** A stopped VM's capacity stays counted as "reserved" on its last host until keptUntil (§8.1). */
  HostCapacityKept: v1(z.object({ ...reservation, keptAt: instant, keptUntil: instant })),
  HostCapacityReleased: v1(
    z.object({
      ...reservation,
      held: z.enum(reservationStatuses),
      /** Released on request, swept after its window, consumed by the VM restarting here, or the host removed. */
      reason: z.enum(['Released', 'Expired', 'Restarted', 'HostRemoved']),
    }),
  ),
};

export type HostEvent = EventsOf<typeof hostEventSchemas>;
export type HostCapacityReleased = Extract<HostEvent, { type: 'HostCapacityReleased' }>;
export type ReleaseReason = HostCapacityReleased['data']['reason'];
