import { invalid } from '../shared/index.ts';

/**
 * Wall-clock arithmetic in an IANA time zone with the Intl API only (no libraries, no clock): the
 * zone database ships with the runtime, so every function here is a pure function of its arguments.
 */

export type WallClock = {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
};

const minuteMs = 60_000;
const dayMs = 86_400_000;

// A formatter is costly to build and holds no per-call state, so one per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether the runtime's zone database knows this IANA name (e.g. `Europe/Berlin`, `UTC`). */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

export const assertTimeZone = (timeZone: string): void => {
  if (!isTimeZone(timeZone))
    throw invalid('TIMEZONE_INVALID', `"${timeZone}" is not an IANA time zone such as Europe/Berlin or UTC`, {
      timeZone,
    });
};

/** The local date and time of an instant (epoch milliseconds) in a zone. */
export const wallClockAt = (epochMs: number, timeZone: string): WallClock => {
  const part = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const { type, value } of formatterFor(timeZone).formatToParts(epochMs))
    if (type in part) part[type as keyof typeof part] = Number(value);
  return part;
};

/** The wall clock read as if it were UTC: lets calendar arithmetic run on plain numbers. */
export const wallClockMs = (w: WallClock): number =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The zone's offset from UTC at an instant, in milliseconds (whole minutes). */
const offsetAt = (epochMs: number, timeZone: string): number => {
  const floored = Math.floor(epochMs / minuteMs) * minuteMs;
  return wallClockMs({ ...wallClockAt(floored, timeZone), second: 0 }) - floored;
};

export type LocalTime = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
};

/**
 * Every instant at which the zone's clocks show this local time, ascending: one normally, two in the
 * hour repeated when clocks go back, none in the hour skipped when they go forward.
 */
export const instantsOf = (local: LocalTime, timeZone: string): number[] => {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side bracket any single transition near this local time.
  const offsets = new Set([
    offsetAt(asUtc - dayMs, timeZone),
    offsetAt(asUtc, timeZone),
    offsetAt(asUtc + dayMs, timeZone),
  ]);
  return [...new Set([...offsets].map((offset) => asUtc - offset))]
    .filter((instant) => wallClockMs({ ...wallClockAt(instant, timeZone), second: 0 }) === asUtc)
    .sort((a, b) => a - b);
};

/**
 * The instant a once-a-day schedule fires at this local time: the first occurrence when the hour is
 * repeated, and when the time is skipped, the same distance after the jump (02:30 on a spring-forward
 * night that jumps from 02:00 to 03:00 fires at 03:30), as java.time resolves a gap.
 */
export const resolveLocalTime = (local: LocalTime, timeZone: string): number => {
  const [first] = instantsOf(local, timeZone);
  if (first !== undefined) return first;
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return asUtc - offsetAt(asUtc - dayMs, timeZone);
};
