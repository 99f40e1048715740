import { z } from 'zod';
import { hypervisorTypes, storagePoolTypes } from '../hypervisor/index.ts';
import { reservationStatuses } from '../infrastructure/index.ts';
import { type EventsOf, v1 } from '../shared/index.ts';

export const poolScopes = ['Host', 'Cluster', 'Zone'] as const;
export type PoolScope = (typeof poolScopes)[number];

export const poolStatuses = ['Up', 'Disabled', 'PrepareForMaintenance', 'Maintenance'] as const;
export type PoolStatus = (typeof poolStatuses)[number];

export const poolActions = [
  'Enable',
  'Disable',
  'PrepareMaintenance',
  'CompleteMaintenance',
  'CancelMaintenance',
] as const;
export type PoolAction = (typeof poolActions)[number];

const id = z.string().min(1);
const bytes = z.number().int().positive();
const instant = z.string().min(1);

/** Where the pool is: pod and cluster are null for a zone-wide pool, the host is set only for local storage. */
const place = {
  poolId: id,
  zoneId: id,
  podId: id.nullable(),
  clusterId: id.nullable(),
  hostId: id.nullable(),
};
const settings = {
  name: z.string().min(1),
  capacityBytes: bytes,
  overprovisioning: z.number().min(1),
  tags: z.array(z.string()),
};
const reservation = { ...place, reservationId: id, volumeId: id, sizeBytes: bytes };

export const storagePoolEventSchemas = {
  StoragePoolCreated: v1(
    z.object({
      ...place,
      ...settings,
      scope: z.enum(poolScopes),
      type: z.enum(storagePoolTypes),
      hypervisor: z.enum(hypervisorTypes),
      status: z.literal('Up'),
    }),
  ),
  StoragePoolUpdated: v1(z.object({ ...place, ...settings })),
  StoragePoolStatusChanged: v1(
    z.object({ ...place, action: z.enum(poolActions), from: z.enum(poolStatuses), to: z.enum(poolStatuses) }),
  ),
  /** The place fields are the new ones; the previous scope is kept for the audit trail. */
  StoragePoolScopeChanged: v1(
    z.object({ ...place, scope: z.enum(poolScopes), previousScope: z.enum(poolScopes) }),
  ),
  StoragePoolDeleted: v1(z.object({ ...place, name: z.string() })),
  StorageReserved: v1(z.object({ ...reservation, reservedAt: instant, expiresAt: instant })),
  StorageCommitted: v1(z.object(reservation)),
  StorageReleased: v1(
    z.object({ ...reservation, held: z.enum(reservationStatuses), reason: z.enum(['Released', 'Expired']) }),
  ),
};

export type StoragePoolEvent = EventsOf<typeof storagePoolEventSchemas>;
