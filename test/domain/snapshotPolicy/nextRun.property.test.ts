import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dueSlots,
  type IntervalType,
  nextRun,
  type PolicySchedule,
} from '../../../src/domain/snapshotPolicy/index.ts';

const zones = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Asia/Kolkata', // UTC+05:30
  'Asia/Kathmandu', // UTC+05:45
  'America/Santiago', // clocks jump at midnight
] as const;

const two = (n: number) => String(n).padStart(2, '0');

const policyArb: fc.Arbitrary<PolicySchedule> = fc
  .record({
    intervalType: fc.constantFrom<IntervalType>('HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'),
    minute: fc.integer({ min: 0, max: 59 }),
    hour: fc.integer({ min: 0, max: 23 }),
    dayOfWeek: fc.integer({ min: 1, max: 7 }),
    dayOfMonth: fc.integer({ min: 1, max: 28 }),
    timezone: fc.constantFrom(...zones),
  })
  .map(({ intervalType, minute, hour, dayOfWeek, dayOfMonth, timezone }) => ({
    intervalType,
    timezone,
    schedule: {
      HOURLY: two(minute),
      DAILY: `${two(minute)}:${two(hour)}`,
      WEEKLY: `${two(minute)}:${two(hour)}:${dayOfWeek}`,
      MONTHLY: `${two(minute)}:${two(hour)}:${dayOfMonth}`,
    }[intervalType],
  }));

const instantArb = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

// An independent reading of the wall clock (not the module's), to check slots against the schedule.
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const local = (ms: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const n = (type: string) => Number(get(type));
  return {
    year: n('year'),
    month: n('month'),
    day: n('day'),
    hour: n('hour'),
    minute: n('minute'),
    second: n('second'),
    weekday: weekdays.indexOf(get('weekday')) + 1,
  };
};
const offsetMs = (ms: number, timeZone: string) => {
  const l = local(ms, timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - ms;
};

/**
 * Whether an instant is one the schedule fires at: the wall clock shows the scheduled minute (and hour,
 * and day); or, for a once-a-day schedule whose time was skipped by a spring-forward jump, the clock
 * shows it that many minutes late and jumped forward by exactly that much just before.
 */
const matches = (p: PolicySchedule, iso: string): boolean => {
  const ms = Date.parse(iso);
  const l = local(ms, p.timezone);
  const [minute = -1, hour = -1, day = -1] = p.schedule.split(':').map(Number);
  if (l.second !== 0 || ms % 1000 !== 0) return false;
  if (p.intervalType === 'HOURLY') return l.minute === minute;
  const dayOk =
    p.intervalType === 'WEEKLY' ? l.weekday === day : p.intervalType === 'MONTHLY' ? l.day === day : true;
  const lateBy = l.hour * 60 + l.minute - (hour * 60 + minute);
  if (!dayOk) return false;
  if (lateBy === 0) return true;
  const jumped = offsetMs(ms, p.timezone) - offsetMs(ms - lateBy * 60_000, p.timezone);
  return lateBy > 0 && lateBy <= 120 && jumped === lateBy * 60_000;
};

const hour = 3_600_000;
const longestGap: Record<IntervalType, number> = {
  HOURLY: 2 * hour,
  DAILY: 26 * hour,
  WEEKLY: 8 * 24 * hour,
  MONTHLY: 32 * 24 * hour,
};
const window: Record<IntervalType, number> = {
  HOURLY: 2 * 24 * hour,
  DAILY: 20 * 24 * hour,
  WEEKLY: 60 * 24 * hour,
  MONTHLY: 200 * 24 * hour,
};

describe('nextRun, for any schedule, zone and instant', () => {
  it('is strictly after its input, on the schedule, and not too far', () => {
    fc.assert(
      fc.property(policyArb, instantArb, (p, after) => {
        const next = nextRun(p, after);
        const gap = Date.parse(next) - Date.parse(after);
        expect(gap).toBeGreaterThan(0);
        expect(gap).toBeLessThanOrEqual(longestGap[p.intervalType]);
        expect(matches(p, next), `${next} in ${p.timezone} for ${p.intervalType} ${p.schedule}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dueSlots, for any schedule, zone and window', () => {
  it('are ascending, inside the window, on the schedule, and chain with nextRun', () => {
    fc.assert(
      fc.property(policyArb, instantArb, fc.double({ min: 0, max: 1, noNaN: true }), (p, from, fraction) => {
        const to = new Date(Date.parse(from) + Math.floor(fraction * window[p.intervalType])).toISOString();
        const slots = dueSlots(p, from, to);
        const ms = slots.map(Date.parse);
        ms.forEach((m, i) => {
          expect(m).toBeGreaterThan(i === 0 ? Date.parse(from) : (ms[i - 1] as number));
          expect(m).toBeLessThanOrEqual(Date.parse(to));
        });
        for (const slot of slots)
          expect(matches(p, slot), `${slot} in ${p.timezone} for ${p.schedule}`).toBe(true);
        const first = nextRun(p, from);
        if (slots.length > 0) expect(slots[0]).toBe(first);
        else expect(Date.parse(first)).toBeGreaterThan(Date.parse(to));
        if (slots.length > 0)
          expect(Date.parse(nextRun(p, slots.at(-1) as string))).toBeGreaterThan(Date.parse(to));
        if (p.intervalType !== 'HOURLY') {
          const dates = slots.map((s) => {
            const l = local(Date.parse(s), p.timezone);
            return `${l.year}-${l.month}-${l.day}`;
          });
          expect(new Set(dates).size, 'one run per local day at most').toBe(dates.length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
