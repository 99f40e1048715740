import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';

const id = z.string().min(1);

/** CloudStack's quotaCredits: money added to (or, negative, taken from) an account's quota balance. */
export const creditEventSchemas = {
  CreditAdded: v1(
    z.object({
      accountId: id,
      tenantDomainId: id,
      creditId: id,
      amount: z.number(),
      currency: z.string(),
      note: z.string(),
      addedBy: id,
      addedAt: z.iso.datetime(),
    }),
  ),
};

export type CreditEvent = EventsOf<typeof creditEventSchemas>;
