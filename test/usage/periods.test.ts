import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatLocal,
  type Granularity,
  localDay,
  localMonth,
  offsetAt,
  periodBoundaries,
} from '../../src/domain/usage/index.ts';
import { HOUR } from './fixtures.ts';

const local = (tz: string, iso: string) => {
  const [a, b] = periodBoundaries(tz, 'hourly', Date.parse(iso), Date.parse(iso) + 1);
  return [formatLocal(tz, a!), formatLocal(tz, b!)];
};
const hoursOf = (p: { start: number; end: number }) => (p.end - p.start) / HOUR;

describe('days on DST changes', () => {
  it('a spring-forward day lasts 23 hours and a fall-back day 25 (Europe/Paris)', () => {
    expect(hoursOf(localDay('Europe/Paris', '2025-03-30'))).toBe(23);
    expect(hoursOf(localDay('Europe/Paris', '2025-10-26'))).toBe(25);
    expect(hoursOf(localDay('Europe/Paris', '2025-10-27'))).toBe(24);
  });

  it('a day whose midnight does not exist starts at 01:00 (America/Santiago, 2025-09-07)', () => {
    expect(formatLocal('America/Santiago', localDay('America/Santiago', '2025-09-07').start)).toBe(
      '2025-09-07T01:00:00-03:00',
    );
    expect(hoursOf(localDay('America/Santiago', '2025-09-07'))).toBe(23);
  });

  it('Lord Howe Island changes by half an hour', () => {
    expect(hoursOf(localDay('Australia/Lord_Howe', '2025-04-06'))).toBe(24.5);
  });
});

describe('hours on DST changes', () => {
  it('the repeated hour of a fall-back change is two periods', () => {
    expect(local('Europe/Paris', '2025-10-26T00:30:00Z')).toEqual([
      '2025-10-26T02:00:00+02:00',
      '2025-10-26T02:00:00+01:00',
    ]);
    expect(local('Europe/Paris', '2025-10-26T01:30:00Z')).toEqual([
      '2025-10-26T02:00:00+01:00',
      '2025-10-26T03:00:00+01:00',
    ]);
  });

  it('the skipped hour of a spring-forward change does not exist', () => {
    expect(local('America/New_York', '2025-03-09T06:30:00Z')).toEqual([
      '2025-03-09T01:00:00-05:00',
      '2025-03-09T03:00:00-04:00',
    ]);
  });

  it('hours of a half-hour zone start at :00 local (Asia/Kolkata)', () => {
    expect(local('Asia/Kolkata', '2025-01-01T00:00:00Z')).toEqual([
      '2025-01-01T05:00:00+05:30',
      '2025-01-01T06:00:00+05:30',
    ]);
  });
});

describe('month ends', () => {
  it('months have their calendar length, leap February included, in local time', () => {
    expect(hoursOf(localMonth('UTC', '2024-02'))).toBe(29 * 24);
    expect(hoursOf(localMonth('UTC', '2025-02'))).toBe(28 * 24);
    expect(hoursOf(localMonth('Europe/Paris', '2025-03'))).toBe(31 * 24 - 1);
    expect(hoursOf(localMonth('Europe/Paris', '2025-10'))).toBe(31 * 24 + 1);
    expect(formatLocal('America/New_York', localMonth('America/New_York', '2025-12').end)).toBe(
      '2026-01-01T00:00:00-05:00',
    );
  });

  it('a day at a month end closes the month, a day after opens the next', () => {
    const last = localDay('Asia/Tokyo', '2025-01-31');
    expect(last.end).toBe(localMonth('Asia/Tokyo', '2025-02').start);
  });

  it('refuses malformed dates', () => {
    expect(() => localDay('UTC', '2025-13')).toThrow(/YYYY-MM-DD/);
    expect(() => localMonth('UTC', '2025-01-02')).toThrow(/YYYY-MM month/);
  });
});

describe('boundaries for any range', () => {
  const zones = [
    'UTC',
    'Europe/Paris',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Pacific/Chatham',
  ];
  const range = fc.record({
    tz: fc.constantFrom(...zones),
    g: fc.constantFrom<Granularity>('hourly', 'daily', 'monthly'),
    from: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
    length: fc.integer({ min: 1, max: 20 * 24 * HOUR }),
  });

  it('cover the range with increasing periods that start on a local period boundary', () => {
    fc.assert(
      fc.property(range, ({ tz, g, from, length }) => {
        const b = periodBoundaries(tz, g, from, from + length);
        expect(b[0]!).toBeLessThanOrEqual(from);
        expect(b.at(-1)!).toBeGreaterThanOrEqual(from + length);
        for (let i = 1; i < b.length; i++) {
          expect(b[i]!).toBeGreaterThan(b[i - 1]!);
          const wall = new Date(b[i]! + offsetAt(tz, b[i]!));
          const onBoundary =
            wall.getUTCMinutes() === 0 &&
            (g === 'hourly' || wall.getUTCHours() === 0) &&
            (g !== 'monthly' || wall.getUTCDate() === 1);
          // Otherwise a DST change skipped the boundary's wall time: the period starts at the change.
          const atChange = offsetAt(tz, b[i]! - 1) !== offsetAt(tz, b[i]!);
          expect(onBoundary || atChange).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
