import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/shared/index.ts';
import { type IntervalType, parseSchedule } from '../../../src/domain/snapshotPolicy/index.ts';

describe('parseSchedule', () => {
  it.each([
    ['HOURLY', '0', { intervalType: 'HOURLY', minute: 0 }],
    ['HOURLY', '59', { intervalType: 'HOURLY', minute: 59 }],
    ['HOURLY', '05', { intervalType: 'HOURLY', minute: 5 }],
    ['DAILY', '30:02', { intervalType: 'DAILY', minute: 30, hour: 2 }],
    ['DAILY', '0:23', { intervalType: 'DAILY', minute: 0, hour: 23 }],
    ['WEEKLY', '00:09:1', { intervalType: 'WEEKLY', minute: 0, hour: 9, dayOfWeek: 1 }],
    ['WEEKLY', '15:18:7', { intervalType: 'WEEKLY', minute: 15, hour: 18, dayOfWeek: 7 }],
    ['MONTHLY', '00:00:1', { intervalType: 'MONTHLY', minute: 0, hour: 0, dayOfMonth: 1 }],
    ['MONTHLY', '45:23:28', { intervalType: 'MONTHLY', minute: 45, hour: 23, dayOfMonth: 28 }],
  ] as const)('reads %s "%s"', (intervalType, schedule, expected) => {
    expect(parseSchedule(intervalType, schedule)).toEqual(expected);
  });

  it.each([
    [
      'HOURLY',
      '30:02',
      'SCHEDULE_FORMAT_INVALID',
      'A HOURLY schedule is written MM; "30:02" has 2 part(s) instead of 1',
    ],
    ['HOURLY', '', 'SCHEDULE_MINUTE_INVALID', 'The minute "" in schedule "" must be a number from 0 to 59'],
    [
      'HOURLY',
      '60',
      'SCHEDULE_MINUTE_INVALID',
      'The minute "60" in schedule "60" must be a number from 0 to 59',
    ],
    [
      'HOURLY',
      '-1',
      'SCHEDULE_MINUTE_INVALID',
      'The minute "-1" in schedule "-1" must be a number from 0 to 59',
    ],
    [
      'HOURLY',
      '1.5',
      'SCHEDULE_MINUTE_INVALID',
      'The minute "1.5" in schedule "1.5" must be a number from 0 to 59',
    ],
    [
      'HOURLY',
      '005',
      'SCHEDULE_MINUTE_INVALID',
      'The minute "005" in schedule "005" must be a number from 0 to 59',
    ],
    [
      'DAILY',
      '30',
      'SCHEDULE_FORMAT_INVALID',
      'A DAILY schedule is written MM:HH; "30" has 1 part(s) instead of 2',
    ],
    [
      'DAILY',
      'ab:02',
      'SCHEDULE_MINUTE_INVALID',
      'The minute "ab" in schedule "ab:02" must be a number from 0 to 59',
    ],
    [
      'DAILY',
      '30:24',
      'SCHEDULE_HOUR_INVALID',
      'The hour "24" in schedule "30:24" must be a number from 0 to 23',
    ],
    [
      'DAILY',
      '30: 2',
      'SCHEDULE_HOUR_INVALID',
      'The hour " 2" in schedule "30: 2" must be a number from 0 to 23',
    ],
    [
      'WEEKLY',
      '00:09',
      'SCHEDULE_FORMAT_INVALID',
      'A WEEKLY schedule is written MM:HH:DD; "00:09" has 2 part(s) instead of 3',
    ],
    [
      'WEEKLY',
      '00:09:0',
      'SCHEDULE_DAY_OF_WEEK_INVALID',
      'The day of the week (1 = Sunday … 7 = Saturday) "0" in schedule "00:09:0" must be a number from 1 to 7',
    ],
    [
      'WEEKLY',
      '00:09:8',
      'SCHEDULE_DAY_OF_WEEK_INVALID',
      'The day of the week (1 = Sunday … 7 = Saturday) "8" in schedule "00:09:8" must be a number from 1 to 7',
    ],
    [
      'MONTHLY',
      '00:09:29',
      'SCHEDULE_DAY_OF_MONTH_INVALID',
      'The day of the month "29" in schedule "00:09:29" must be a number from 1 to 28',
    ],
    [
      'MONTHLY',
      '00:09:0',
      'SCHEDULE_DAY_OF_MONTH_INVALID',
      'The day of the month "0" in schedule "00:09:0" must be a number from 1 to 28',
    ],
    [
      'MONTHLY',
      '00:25:1',
      'SCHEDULE_HOUR_INVALID',
      'The hour "25" in schedule "00:25:1" must be a number from 0 to 23',
    ],
    [
      'MONTHLY',
      '00:09:1:1',
      'SCHEDULE_FORMAT_INVALID',
      'A MONTHLY schedule is written MM:HH:DD; "00:09:1:1" has 4 part(s) instead of 3',
    ],
  ] as const)('refuses %s "%s" with %s', (intervalType: IntervalType, schedule, code, message) => {
    let thrown: unknown;
    try {
      parseSchedule(intervalType, schedule);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ kind: 'invalid', code, message });
  });
});
