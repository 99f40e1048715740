import type { Command } from '../../shared/index.ts';

export type CreateTariff = Command<
  'CreateTariff',
  {
    readonly tariffId: string;
    readonly name: string;
    readonly description: string;
    /** A quota type (usageTypes.ts quotaTypes): 1 RUNNING_VM, 6 VOLUME, 16 CPU_NUMBER, ... */
    readonly quotaType: number;
    readonly currency: string;
    /** Only records of this service or disk offering; null for all. */
    readonly offeringId: string | null;
    /** Only records in this zone; null for all. */
    readonly zoneId: string | null;
    readonly value: number;
    readonly effectiveFrom: string;
    readonly effectiveUntil: string | null;
    readonly now: string;
  }
>;

export type ChangeTariffValue = Command<
  'ChangeTariffValue',
  { readonly tariffId: string; readonly value: number; readonly effectiveFrom: string; readonly now: string }
>;

export type EndTariff = Command<
  'EndTariff',
  { readonly tariffId: string; readonly effectiveUntil: string; readonly now: string }
>;

export type TariffCommand = CreateTariff | ChangeTariffValue | EndTariff;
