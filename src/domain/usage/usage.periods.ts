import { invalid } from '../shared/index.ts';

/**
 * Aggregation periods on the wall clock of an IANA time zone (CloudStack's
 * usage.aggregation.timezone), found with Intl only. A day is local midnight to local midnight, so
 * it lasts 23 or 25 hours on DST changes; an hour is a wall-clock hour, so the repeated hour of a
 * fall-back change is two periods. Instants are epoch milliseconds.
 */
export type Granularity = 'hourly' | 'daily' | 'monthly';
export const granularities: readonly Granularity[] = ['hourly', 'daily', 'monthly'];

const HOUR = 3_600_000;
const DAY = 86_400_000;
const SAMPLE = 6 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw invalid(
        'USAGE_TIMEZONE_INVALID',
        `${timeZone} is not an IANA time zone; use e.g. UTC or Europe/Paris`,
        {
          timeZone,
        },
      );
    }
    formatters.set(timeZone, f);
  }
  return f;
};

/** Refuses a time zone Intl does not know; returns it for chaining. */
export const assertTimeZone = (timeZone: string): string => {
  formatterOf(timeZone);
  return timeZone;
};

/** The wall-clock reading of an instant, as if it were UTC (epoch ms of the local date and time). */
const wallOf = (timeZone: string, instant: number): number => {
  const p: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(instant))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return (
    Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) +
    (instant - Math.floor(instant / 1000) * 1000)
  );
};

/** The zone's UTC offset at an instant, in ms (local = instant + offset). */
export const offsetAt = (timeZone: string, instant: number): number => wallOf(timeZone, instant) - instant;

type Segment = { readonly start: number; readonly end: number; readonly offset: number };

/** [from, to) cut where the offset changes: sampled every 6 hours, each change found to the ms. */
const segmentsOf = (timeZone: string, from: number, to: number): Segment[] => {
  const out: Segment[] = [];
  let start = from;
  let offset = offsetAt(timeZone, from);
  for (let t = from; t < to; ) {
    const next = Math.min(t + SAMPLE, to);
    const o = offsetAt(timeZone, next);
    if (o !== offset) {
      let lo = t;
      let hi = next; // offsetAt(lo) === offset, offsetAt(hi) !== offset
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      out.push({ start, end: hi, offset });
      start = hi;
      offset = offsetAt(timeZone, hi);
    }
    t = next;
  }
  out.push({ start, end: to, offset });
  return out;
};

/** The start of the wall-clock period that contains a wall reading. */
const wallFloor = (g: Granularity, wall: number): number => {
  if (g === 'hourly') return Math.floor(wall / HOUR) * HOUR;
  if (g === 'daily') return Math.floor(wall / DAY) * DAY;
  const d = new Date(wall);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** The start of the wall-clock period after the one that contains a wall reading. */
const wallNext = (g: Granularity, wall: number): number => {
  if (g === 'hourly') return wallFloor(g, wall) + HOUR;
  if (g === 'daily') return wallFloor(g, wall) + DAY;
  const d = new Date(wall);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

const margin = (g: Granularity) => (g === 'hourly' ? 3 * HOUR : g === 'daily' ? 2 * DAY : 33 * DAY);

/**
 * The instants where periods start, from the start of the period containing `from` to the end of
 * the one containing `to - 1`: consecutive pairs are the periods covering [from, to).
 */
export const periodBoundaries = (timeZone: string, g: Granularity, from: number, to: number): number[] => {
  const key = `${timeZone}|${g}|${from}|${to}`;
  const known = memo.get(key);
  if (known) return [...known];
  const found = computeBoundaries(timeZone, g, from, to);
  if (memo.size >= 256) memo.delete(memo.keys().next().value!);
  memo.set(key, found);
  return [...found];
};

/** Recent answers: statements and ratings ask for the same months and days again and again. */
const memo = new Map<string, readonly number[]>();

const computeBoundaries = (timeZone: string, g: Granularity, from: number, to: number): number[] => {
  const lo = from - margin(g);
  const hi = Math.max(to, from + 1) + margin(g);
  const all: number[] = [];
  let previous: Segment | null = null;
  for (const s of segmentsOf(timeZone, lo, hi)) {
    const local = s.start + s.offset;
    if (previous) {
      const before = s.start - 1 + previous.offset;
      if (wallFloor(g, local) === local || wallFloor(g, local) !== wallFloor(g, before)) all.push(s.start);
    }
    for (let w = wallNext(g, local); w - s.offset < s.end; w = wallNext(g, w)) all.push(w - s.offset);
    previous = s;
  }
  let first = 0;
  while (first + 1 < all.length && all[first + 1]! <= from) first++;
  let last = first;
  while (last < all.length - 1 && all[last]! < to) last++;
  return all.slice(first, last + 1);
};

/** The period [start, end) that contains an instant. */
export const periodContaining = (timeZone: string, g: Granularity, instant: number) => {
  const [start, end] = periodBoundaries(timeZone, g, instant, instant + 1);
  return { start: start!, end: end! };
};

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** An instant as local ISO-8601 with its offset, e.g. 2025-10-26T02:00:00+01:00 (unambiguous on fall-back). */
export const formatLocal = (timeZone: string, instant: number): string => {
  const offset = offsetAt(timeZone, instant);
  const d = new Date(instant + offset);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
};

const datePattern = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** A local noon of a calendar date (or the 15th of a month): an instant safely inside that day or month. */
const noonOf = (timeZone: string, text: string, what: 'date' | 'month'): number => {
  const m = datePattern.exec(text);
  if (!m || (what === 'date') !== (m[3] !== undefined))
    throw invalid(
      'USAGE_DATE_INVALID',
      `${text} is not a ${what === 'date' ? 'YYYY-MM-DD date' : 'YYYY-MM month'}`,
      {
        value: text,
      },
    );
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 15, 12);
  return wall - offsetAt(timeZone, wall);
};

/** The local day of a YYYY-MM-DD date in the zone: [first instant of the date, first of the next). */
export const localDay = (timeZone: string, date: string) =>
  periodContaining(timeZone, 'daily', noonOf(timeZone, date, 'date'));

/** The local calendar month of YYYY-MM in the zone. */
export const localMonth = (timeZone: string, month: string) =>
  periodContaining(timeZone, 'monthly', noonOf(timeZone, month, 'month'));

const months = new Map<string, { readonly start: number; readonly end: number }>();

/** The local calendar month containing an instant, remembered per zone and month (rating asks per record). */
export const monthContaining = (
  timeZone: string,
  instant: number,
): { readonly start: number; readonly end: number } => {
  const wall = new Date(instant + offsetAt(timeZone, instant));
  const key = `${timeZone}|${wall.getUTCFullYear()}-${wall.getUTCMonth()}`;
  let m = months.get(key);
  if (!m) {
    m = periodContaining(timeZone, 'monthly', instant);
    if (months.size >= 1024) months.delete(months.keys().next().value!);
    months.set(key, m);
  }
  return m;
};
