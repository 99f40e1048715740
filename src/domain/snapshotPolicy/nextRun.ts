import { invalid } from '../shared/index.ts';
import { type IntervalType, parseSchedule, type Schedule } from './schedule.ts';
import { instantsOf, type LocalTime, resolveLocalTime, wallClockAt } from './timeZone.ts';

/** What the scheduler needs of a policy. */
export type PolicySchedule = {
  readonly intervalType: IntervalType;
  readonly schedule: string;
  readonly timezone: string;
};

type LocalDate = { readonly year: number; readonly month: number; readonly day: number };

/** Calendar arithmetic on plain dates (no zone involved): `day` may overflow, Date.UTC normalises it. */
const addDays = (date: LocalDate, days: number): LocalDate & { readonly weekday: number } => {
  const ms = Date.UTC(date.year, date.month - 1, date.day + days);
  const normal = new Date(ms);
  return {
    year: normal.getUTCFullYear(),
    month: normal.getUTCMonth() + 1,
    day: normal.getUTCDate(),
    weekday: normal.getUTCDay() + 1, // 1 = Sunday, as the WEEKLY schedule counts
  };
};

/**
 * The instants a schedule fires on one local date, ascending. HOURLY fires at every instant whose
 * local minute matches, so the repeated hour of a fall-back night fires twice (one snapshot per real
 * hour) and the skipped hour of a spring-forward night not at all. The other intervals fire once on
 * each matching date (see `resolveLocalTime`).
 */
const slotsOn = (s: Schedule, date: LocalDate & { readonly weekday: number }, timeZone: string): number[] => {
  const at = (hour: number): LocalTime => ({ ...date, hour, minute: s.minute });
  switch (s.intervalType) {
    case 'HOURLY':
      return Array.from({ length: 24 }, (_, hour) => instantsOf(at(hour), timeZone)).flat();
    case 'DAILY':
      return [resolveLocalTime(at(s.hour), timeZone)];
    case 'WEEKLY':
      return date.weekday === s.dayOfWeek ? [resolveLocalTime(at(s.hour), timeZone)] : [];
    case 'MONTHLY':
      return date.day === s.dayOfMonth ? [resolveLocalTime(at(s.hour), timeZone)] : [];
  }
};

const parseInstant = (iso: string, name: string): number => {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms))
    throw invalid('INSTANT_INVALID', `${name} "${iso}" is not an ISO-8601 date and time`, { [name]: iso });
  return ms;
};

/**
 * The scheduled instants strictly after `afterMs`, ascending, for ever. Walks local dates from the
 * day before `afterMs` (a slot resolved across a gap may land on the next local date).
 */
function* slotsAfter(policy: PolicySchedule, afterMs: number): Generator<number> {
  const s = parseSchedule(policy.intervalType, policy.schedule);
  const start = wallClockAt(afterMs, policy.timezone);
  let last = afterMs;
  for (let offset = -1; ; offset++) {
    for (const slot of slotsOn(s, addDays(start, offset), policy.timezone)) {
      if (slot > last) {
        last = slot;
        yield slot;
      }
    }
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The next instant (ISO-8601 UTC) the policy fires strictly after `after`. */
export const nextRun = (policy: PolicySchedule, after: string): string => {
  const { value } = slotsAfter(policy, parseInstant(after, 'after')).next();
  return iso(value as number);
};

/**
 * Every instant the policy should have fired in (fromExclusive, toInclusive], ascending: what a
 * scheduler that was down catches up on.
 */
export const dueSlots = (policy: PolicySchedule, fromExclusive: string, toInclusive: string): string[] => {
  const from = parseInstant(fromExclusive, 'fromExclusive');
  const to = parseInstant(toInclusive, 'toInclusive');
  const due: string[] = [];
  if (to <= from) return due;
  for (const slot of slotsAfter(policy, from)) {
    if (slot > to) break;
    due.push(iso(slot));
  }
  return due;
};
