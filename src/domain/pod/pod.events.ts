import { z } from 'zod';
import { type EventsOf, v1 } from '../shared/index.ts';

const id = z.string().min(1);
const ipv4 = z.string().min(7);

const place = { podId: id, zoneId: id };

/** A pod's management network: the reserved range hands out IPs to hosts and system VMs. */
const settings = {
  ...place,
  name: z.string().min(1),
  gateway: ipv4,
  netmask: ipv4,
  startIp: ipv4,
  endIp: ipv4,
};

export const podEventSchemas = {
  PodCreated: v1(z.object({ ...settings, allocationState: z.literal('Disabled') })),
  PodUpdated: v1(z.object(settings)),
  PodEnabled: v1(z.object(place)),
  PodDisabled: v1(z.object(place)),
  PodDeleted: v1(z.object({ ...place, name: z.string() })),
};

export type PodEvent = EventsOf<typeof podEventSchemas>;
