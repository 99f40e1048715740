import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';
import { entityId, timestamp } from '../../tenancy/names.ts';
import { resourceTypeSchema } from '../resourceTypes.ts';

/** Amounts in base units (bytes for storage): whole, never negative. */
export const resourceAmountsSchema = z.partialRecord(resourceTypeSchema, z.number().int().nonnegative());

/** Every event names its ledger: the account or tenant domain it limits. */
const ledger = { scope: z.enum(['account', 'domain']), ownerId: entityId };
const reservation = { ...ledger, reservationId: entityId, resources: resourceAmountsSchema };

export const quotaEventSchemas = {
  LimitSet: v1(
    z.object({ ...ledger, type: resourceTypeSchema, max: z.number().int().min(-1), setAt: timestamp }),
  ),
  QuotaReserved: v1(z.object({ ...reservation, reservedAt: timestamp, expiresAt: timestamp })),
  QuotaCommitted: v1(z.object({ ...reservation, committedAt: timestamp })),
  /** `from`: a pending reservation (`reserved`) or committed usage (`count`, e.g. a destroyed VM). */
  QuotaReleased: v1(z.object({ ...reservation, from: z.enum(['reserved', 'count']), releasedAt: timestamp })),
  QuotaReservationExpired: v1(z.object({ ...reservation, expiredAt: timestamp })),
};

export type QuotaEvent = EventsOf<typeof quotaEventSchemas>;
