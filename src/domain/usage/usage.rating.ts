import { monthContaining } from './usage.periods.ts';
import type { UsageRecord } from './usage.records.ts';
import { GIB, type QuotaTypeInfo, quotaTypeInfo, quotaTypesRating, type TariffUnit } from './usageTypes.ts';

/**
 * One price of a tariff over an effective range [from, until): what a tariff version says once its
 * aggregate has been folded. A tariff applies to records of its quota type, optionally only to one
 * offering (service offering for VM types, disk offering for VOLUME) and/or one zone.
 */
export type TariffRate = {
  readonly tariffId: string;
  readonly name: string;
  readonly quotaType: number;
  readonly currency: string;
  readonly offeringId: string | null;
  readonly zoneId: string | null;
  readonly value: number;
  readonly from: number;
  readonly until: number | null;
};

export type RatedRecord = {
  readonly record: UsageRecord;
  readonly quotaType: number;
  readonly tariffId: string;
  readonly currency: string;
  /** In the tariff's unit, e.g. GiB-months. */
  readonly quantity: number;
  /** The charge, unrounded: sums are rounded once, to micro-units, so a whole month costs exactly the tariff. */
  readonly amount: number;
};

/** Money is kept in micro-units: CloudStack's quota rounds to the same scale. */
export const toMicros = (amount: number): number => Math.round(amount * 1_000_000);
export const fromMicros = (micros: number): number => micros / 1_000_000;

const specificity = (r: TariffRate) => (r.offeringId ? 2 : 0) + (r.zoneId ? 1 : 0);

/**
 * The tariff that rates a record for one quota type: effective when the record's period starts
 * (as CloudStack's quota picks the tariff effective on the usage record's start date), matching its
 * offering and zone, the most specific first (offering and zone, offering, zone, neither), then the
 * latest effective, then the lowest id so the choice never depends on order.
 */
export const tariffFor = (
  rates: readonly TariffRate[],
  quotaType: number,
  record: UsageRecord,
): TariffRate | undefined => {
  let best: TariffRate | undefined;
  for (const r of rates) {
    if (r.quotaType !== quotaType) continue;
    if (r.from > record.periodStart || (r.until !== null && r.until <= record.periodStart)) continue;
    if (r.offeringId !== null && r.offeringId !== record.offeringId) continue;
    if (r.zoneId !== null && r.zoneId !== record.zoneId) continue;
    if (
      !best ||
      specificity(r) > specificity(best) ||
      (specificity(r) === specificity(best) &&
        (r.from > best.from || (r.from === best.from && r.tariffId < best.tariffId)))
    )
      best = r;
  }
  return best;
};

/** How many of the tariff's units a record is, over a month of `monthMs` (the record's calendar month). */
export const quantityOf = (unit: TariffUnit, record: UsageRecord, monthMs: number): number => {
  const months = record.durationMs / monthMs;
  switch (unit) {
    case 'month':
      return months;
    case 'gibMonth':
      return ((record.sizeBytes ?? 0) / GIB) * months;
    case 'vcpuMonth':
      return (record.cpuNumber ?? 0) * months;
    case 'memoryMbMonth':
      return (record.memoryMiB ?? 0) * months;
    case 'cpuClock100MhzMonth':
      // CloudStack's quota prices the offering's per-core speed in 100 MHz steps (not × cores).
      return ((record.cpuSpeedMhz ?? 0) / 100) * months;
    case 'gib':
    case 'operation':
      // Counter types: Skyledger records no network or disk counters, so no record of these types exists.
      return 0;
  }
};

/**
 * Rates records with tariffs of one currency. Monthly prices are spread over the record's local
 * calendar month (28–31 days, DST-length aware), so a whole month of use costs exactly the tariff.
 */
export const rateRecords = (
  records: readonly UsageRecord[],
  rates: readonly TariffRate[],
  timeZone: string,
): RatedRecord[] => {
  let month = { start: 0, end: 0 };
  const monthMsOf = (t: number): number => {
    if (t < month.start || t >= month.end) month = monthContaining(timeZone, t);
    return month.end - month.start;
  };
  const byType = new Map<number, readonly QuotaTypeInfo[]>();
  const out: RatedRecord[] = [];
  for (const record of records) {
    const types = byType.get(record.usageType) ?? quotaTypesRating(record.usageType);
    byType.set(record.usageType, types);
    for (const q of types) {
      const tariff = tariffFor(rates, q.id, record);
      if (!tariff) continue;
      const quantity = quantityOf(q.unit, record, monthMsOf(record.periodStart));
      out.push({
        record,
        quotaType: q.id,
        tariffId: tariff.tariffId,
        currency: tariff.currency,
        quantity,
        amount: tariff.value * quantity,
      });
    }
  }
  return out;
};

export type ChargeLine = {
  readonly quotaType: number;
  readonly name: string;
  readonly unit: string;
  readonly quantity: number;
  readonly amount: number;
  readonly amountMicros: number;
};

/** Charges summed per quota type, in quota-type order. */
export const chargeLines = (rated: readonly RatedRecord[]): ChargeLine[] => {
  const sums = new Map<number, { quantity: number; amount: number }>();
  for (const r of rated) {
    const s = sums.get(r.quotaType) ?? { quantity: 0, amount: 0 };
    s.quantity += r.quantity;
    s.amount += r.amount;
    sums.set(r.quotaType, s);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a - b)
    .map(([quotaType, s]) => {
      const info = quotaTypeInfo(quotaType)!;
      return {
        quotaType,
        name: info.name,
        unit: info.unitLabel,
        quantity: s.quantity,
        amount: fromMicros(toMicros(s.amount)),
        amountMicros: toMicros(s.amount),
      };
    });
};
