import { z } from 'zod';
import { type EventsOf, v1 } from '../../shared/index.ts';

const id = z.string().min(1);
const at = z.iso.datetime();
/** Every tariff event says which tariff and what it prices, so a read model needs no earlier event. */
const ref = {
  tariffId: id,
  name: z.string().min(1),
  quotaType: z.number().int().positive(),
  currency: z.string(),
};

/** CloudStack's QUOTA.TARIFF.CREATE / UPDATE / DELETE (§6.3), with effective dates. */
export const tariffEventSchemas = {
  TariffCreated: v1(
    z.object({
      ...ref,
      description: z.string(),
      offeringId: id.nullable(),
      zoneId: id.nullable(),
      value: z.number().nonnegative(),
      effectiveFrom: at,
      effectiveUntil: at.nullable(),
      createdAt: at,
    }),
  ),
  /** A new price from `effectiveFrom`; the previous one ends there. */
  TariffValueChanged: v1(
    z.object({
      ...ref,
      value: z.number().nonnegative(),
      previousValue: z.number(),
      effectiveFrom: at,
      changedAt: at,
    }),
  ),
  /** The tariff prices nothing from `effectiveUntil` on. */
  TariffEnded: v1(z.object({ ...ref, effectiveUntil: at, endedAt: at })),
};

export type TariffEvent = EventsOf<typeof tariffEventSchemas>;
