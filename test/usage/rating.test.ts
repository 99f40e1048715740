import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildStatement,
  localMonth,
  rateRecords,
  type TariffRate,
  tariffFor,
  type UsageRecord,
  usageRecords,
} from '../../src/domain/usage/index.ts';
import {
  GIB,
  meter,
  type Timed,
  type VmFacts,
  type VolumeFacts,
  vmEvents,
  volumeEvents,
} from './fixtures.ts';

const rate = (over: Partial<TariffRate> & Pick<TariffRate, 'quotaType' | 'value'>): TariffRate => ({
  tariffId: `t-${over.quotaType}-${over.value}`,
  name: 'tariff',
  currency: 'EUR',
  offeringId: null,
  zoneId: null,
  from: 0,
  until: null,
  ...over,
});

const vm: VmFacts = {
  vmId: 'vm-1',
  offering: 'o1',
  size: { cpuNumber: 4, cpuSpeedMhz: 2000, memoryMiB: 8192 },
  templateId: 't',
};
const volume: VolumeFacts = { volumeId: 'v1', sizeBytes: 100 * GIB, diskOfferingId: 'd1' };

/** A VM running and a volume existing through a whole local month, as daily records in that zone. */
const wholeMonth = (timeZone: string, month: string) => {
  const { start, end } = localMonth(timeZone, month);
  const timed: Timed[] = [
    { event: vmEvents.created(vm, start - 1000), at: start - 1000 },
    { event: vmEvents.started(vm), at: start - 500 },
    { event: volumeEvents.allocated(volume, start - 1000), at: start - 1000 },
  ];
  return usageRecords(meter(timed), {
    from: start,
    to: end,
    now: end + 5000,
    timeZone,
    granularity: 'daily',
  });
};

const sumOf = (rated: ReturnType<typeof rateRecords>, quotaType: number) =>
  Math.round(rated.filter((r) => r.quotaType === quotaType).reduce((s, r) => s + r.amount, 0) * 1e6);

describe('rating', () => {
  it('a whole month of use costs the monthly tariff, whatever the month length or DST change', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
        fc.constantFrom('2024-02', '2025-02', '2025-03', '2025-10', '2025-11', '2025-12'),
        fc.integer({ min: 0, max: 100_000_000 }).map((c) => c / 100),
        (timeZone, month, value) => {
          const records = wholeMonth(timeZone, month);
          const rated = rateRecords(
            records,
            [rate({ quotaType: 1, value }), rate({ quotaType: 6, value })],
            timeZone,
          );
          expect(Math.abs(sumOf(rated, 1) - Math.round(value * 1e6))).toBeLessThanOrEqual(1);
          // 100 GiB for a month at `value` per GiB-month
          expect(Math.abs(sumOf(rated, 6) - Math.round(100 * value * 1e6))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('prices the compute parts of a running VM per vCPU, per MB and per 100 MHz', () => {
    const records = wholeMonth('UTC', '2025-04');
    const rated = rateRecords(
      records,
      [
        rate({ quotaType: 16, value: 2 }),
        rate({ quotaType: 17, value: 0.001 }),
        rate({ quotaType: 15, value: 0.5 }),
      ],
      'UTC',
    );
    expect(sumOf(rated, 16)).toBe(8_000_000); // 4 vCPU × 2
    expect(sumOf(rated, 17)).toBe(8_192_000); // 8192 MB × 0.001
    expect(sumOf(rated, 15)).toBe(10_000_000); // 2000 MHz / 100 × 0.5
  });

  it('uses the tariff in effect when each record starts: a price change mid-month splits the charge', () => {
    const { start, end } = localMonth('UTC', '2025-04');
    const change = start + 10 * 86_400_000;
    const records = wholeMonth('UTC', '2025-04');
    const rated = rateRecords(
      records,
      [
        rate({ quotaType: 1, value: 30, until: change }),
        rate({ quotaType: 1, value: 60, from: change, tariffId: 'new' }),
      ],
      'UTC',
    );
    expect(sumOf(rated, 1)).toBe(10_000_000 + 40_000_000);
    expect(
      rated
        .filter((r) => r.tariffId === 'new')
        .every((r) => r.record.periodStart >= change && r.record.periodEnd <= end),
    ).toBe(true);
  });

  it('prefers the tariff of the record’s offering and zone over broader ones; a tariff of another offering does not apply', () => {
    const record = wholeMonth('UTC', '2025-04').find((r) => r.usageType === 1) as UsageRecord;
    const general = rate({ quotaType: 1, value: 1, tariffId: 'general' });
    const zone = rate({ quotaType: 1, value: 2, zoneId: 'zone-1', tariffId: 'zone' });
    const offering = rate({ quotaType: 1, value: 3, offeringId: 'o1', tariffId: 'offering' });
    const other = rate({ quotaType: 1, value: 9, offeringId: 'o2', zoneId: 'zone-1', tariffId: 'other' });
    expect(tariffFor([general, zone, offering, other], 1, record)?.tariffId).toBe('offering');
    expect(tariffFor([general, zone, other], 1, record)?.tariffId).toBe('zone');
    expect(tariffFor([other], 1, record)).toBeUndefined();
  });

  it('rates nothing without a tariff', () => {
    expect(rateRecords(wholeMonth('UTC', '2025-04'), [], 'UTC')).toEqual([]);
  });
});

describe('statements', () => {
  it('opening balance = credits − charges before; closing = opening + credits − charges of the period', () => {
    const april = localMonth('UTC', '2025-04');
    const may = localMonth('UTC', '2025-05');
    const rates = [rate({ quotaType: 1, value: 30 })];
    const before = rateRecords(wholeMonth('UTC', '2025-04'), rates, 'UTC');
    const during = rateRecords(wholeMonth('UTC', '2025-05'), rates, 'UTC');
    const s = buildStatement({
      accountId: 'acct-1',
      currency: 'EUR',
      from: may.start,
      to: may.end,
      before,
      during,
      credits: [
        { creditId: 'c1', amount: 100, currency: 'EUR', at: april.start, note: 'deposit' },
        { creditId: 'c2', amount: 20.5, currency: 'EUR', at: may.start + 1000, note: 'top-up' },
        { creditId: 'c3', amount: 999, currency: 'USD', at: may.start + 1000, note: 'other currency' },
      ],
    });
    expect(s.openingBalance).toBeCloseTo(70, 5);
    expect(s.charges).toEqual([
      expect.objectContaining({ quotaType: 1, name: 'RUNNING_VM', unit: 'Compute*Month' }),
    ]);
    expect(s.totalCharges).toBeCloseTo(30, 5);
    expect(s.totalCredits).toBe(20.5);
    expect(s.credits.map((c) => c.creditId)).toEqual(['c2']);
    expect(s.closingBalance).toBeCloseTo(60.5, 5);
  });
});
