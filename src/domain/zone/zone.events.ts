import { z } from 'zod';
import { type EventsOf, v1 } from '../shared/index.ts';

export const networkTypes = ['Basic', 'Advanced'] as const;
export type NetworkType = (typeof networkTypes)[number];

const id = z.string().min(1);
const ipv4 = z.string().min(7);

/** Everything an admin can set on a zone; events carry all of it so read models just overwrite. */
const settings = {
  zoneId: id,
  name: z.string().min(1),
  dns1: ipv4,
  dns2: ipv4.nullable(),
  internalDns1: ipv4,
  internalDns2: ipv4.nullable(),
  guestCidr: z.string().nullable(),
  localStorageEnabled: z.boolean(),
};

export const zoneEventSchemas = {
  ZoneCreated: v1(
    z.object({ ...settings, networkType: z.enum(networkTypes), allocationState: z.literal('Disabled') }),
  ),
  ZoneUpdated: v1(z.object({ ...settings, networkType: z.enum(networkTypes) })),
  ZoneEnabled: v1(z.object({ zoneId: id })),
  ZoneDisabled: v1(z.object({ zoneId: id })),
  ZoneDeleted: v1(z.object({ zoneId: id, name: z.string() })),
};

export type ZoneEvent = EventsOf<typeof zoneEventSchemas>;
export type ZoneCreated = Extract<ZoneEvent, { type: 'ZoneCreated' }>;
