import { invalid } from '../shared/index.ts';

/**
 * Recurring snapshot schedules (reference: cloudstack-domain.md §9). Each interval type has its own
 * schedule string, read in the policy's time zone:
 *   HOURLY  `MM`        minute of every hour
 *   DAILY   `MM:HH`     minute and hour of every day
 *   WEEKLY  `MM:HH:DD`  DD is the day of the week, 1 = Sunday … 7 = Saturday (java.util.Calendar)
 *   MONTHLY `MM:HH:DD`  DD is the day of the month, 1–28 so every month has it
 */
export const intervalTypes = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type IntervalType = (typeof intervalTypes)[number];

export type Schedule =
  | { readonly intervalType: 'HOURLY'; readonly minute: number }
  | { readonly intervalType: 'DAILY'; readonly minute: number; readonly hour: number }
  | {
      readonly intervalType: 'WEEKLY';
      readonly minute: number;
      readonly hour: number;
      readonly dayOfWeek: number;
    }
  | {
      readonly intervalType: 'MONTHLY';
      readonly minute: number;
      readonly hour: number;
      readonly dayOfMonth: number;
    };

type Field = { readonly name: string; readonly code: string; readonly min: number; readonly max: number };

const minute: Field = { name: 'minute', code: 'SCHEDULE_MINUTE_INVALID', min: 0, max: 59 };
const hour: Field = { name: 'hour', code: 'SCHEDULE_HOUR_INVALID', min: 0, max: 23 };
const dayOfWeek: Field = {
  name: 'day of the week (1 = Sunday … 7 = Saturday)',
  code: 'SCHEDULE_DAY_OF_WEEK_INVALID',
  min: 1,
  max: 7,
};
const dayOfMonth: Field = {
  name: 'day of the month',
  code: 'SCHEDULE_DAY_OF_MONTH_INVALID',
  min: 1,
  max: 28,
};

/** The parts of each format, in the order they are written. */
const formats: Readonly<
  Record<IntervalType, { readonly pattern: string; readonly fields: readonly Field[] }>
> = {
  HOURLY: { pattern: 'MM', fields: [minute] },
  DAILY: { pattern: 'MM:HH', fields: [minute, hour] },
  WEEKLY: { pattern: 'MM:HH:DD', fields: [minute, hour, dayOfWeek] },
  MONTHLY: { pattern: 'MM:HH:DD', fields: [minute, hour, dayOfMonth] },
};

const readField = (field: Field, text: string, schedule: string): number => {
  const value = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value) || value < field.min || value > field.max)
    throw invalid(
      field.code,
      `The ${field.name} "${text}" in schedule "${schedule}" must be a number from ${field.min} to ${field.max}`,
      { schedule, part: text, min: field.min, max: field.max },
    );
  return value;
};

/** Reads a schedule string, or throws an `invalid` DomainError naming the malformed part. */
export const parseSchedule = (intervalType: IntervalType, schedule: string): Schedule => {
  const { pattern, fields } = formats[intervalType];
  const parts = schedule.split(':');
  if (parts.length !== fields.length)
    throw invalid(
      'SCHEDULE_FORMAT_INVALID',
      `A ${intervalType} schedule is written ${pattern}; "${schedule}" has ${parts.length} part(s) instead of ${fields.length}`,
      { intervalType, schedule, expected: pattern },
    );
  const [m = 0, h = 0, d = 0] = fields.map((field, i) => readField(field, parts[i] ?? '', schedule));
  switch (intervalType) {
    case 'HOURLY':
      return { intervalType, minute: m };
    case 'DAILY':
      return { intervalType, minute: m, hour: h };
    case 'WEEKLY':
      return { intervalType, minute: m, hour: h, dayOfWeek: d };
    case 'MONTHLY':
      return { intervalType, minute: m, hour: h, dayOfMonth: d };
  }
};
