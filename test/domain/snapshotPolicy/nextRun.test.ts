import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/shared/index.ts';
import {
  dueSlots,
  type IntervalType,
  nextRun,
  type PolicySchedule,
} from '../../../src/domain/snapshotPolicy/index.ts';

const policy = (intervalType: IntervalType, schedule: string, timezone: string): PolicySchedule => ({
  intervalType,
  schedule,
  timezone,
});

const berlin = 'Europe/Berlin';
const newYork = 'America/New_York';

describe('nextRun', () => {
  it.each([
    // Europe/Berlin springs forward on 2026-03-29 at 02:00 CET (01:00Z) to 03:00 CEST.
    [
      'DAILY 02:30 on the spring-forward night fires 03:30 CEST, an hour after the jump',
      'DAILY',
      '30:02',
      berlin,
      '2026-03-28T12:00:00Z',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'DAILY 02:30 the day after spring-forward is 02:30 CEST',
      'DAILY',
      '30:02',
      berlin,
      '2026-03-29T01:30:00Z',
      '2026-03-30T00:30:00.000Z',
    ],
    [
      'DAILY 01:30 on the spring-forward night is still CET',
      'DAILY',
      '30:01',
      berlin,
      '2026-03-28T12:00:00Z',
      '2026-03-29T00:30:00.000Z',
    ],
    [
      'HOURLY :15 skips the hour that does not exist, one run per real hour',
      'HOURLY',
      '15',
      berlin,
      '2026-03-29T00:15:00Z',
      '2026-03-29T01:15:00.000Z',
    ],
    // Europe/Berlin falls back on 2026-10-25 at 03:00 CEST (01:00Z) to 02:00 CET.
    [
      'DAILY 02:30 on the fall-back night fires once, at the first 02:30 (CEST)',
      'DAILY',
      '30:02',
      berlin,
      '2026-10-24T12:00:00Z',
      '2026-10-25T00:30:00.000Z',
    ],
    [
      'DAILY 02:30 does not fire again at the repeated 02:30 (CET)',
      'DAILY',
      '30:02',
      berlin,
      '2026-10-25T00:30:00Z',
      '2026-10-26T01:30:00.000Z',
    ],
    [
      'DAILY midnight before fall-back is midnight CEST',
      'DAILY',
      '00:00',
      berlin,
      '2026-10-24T21:59:00Z',
      '2026-10-24T22:00:00.000Z',
    ],
    [
      'HOURLY :15 fires in both 02:xx hours of the fall-back night',
      'HOURLY',
      '15',
      berlin,
      '2026-10-25T00:15:00Z',
      '2026-10-25T01:15:00.000Z',
    ],
    // America/New_York springs forward on 2026-03-08 at 02:00 EST (07:00Z), falls back on 2026-11-01 at 02:00 EDT (06:00Z).
    [
      'WEEKLY Sunday 09:00 after spring-forward is 09:00 EDT',
      'WEEKLY',
      '00:09:1',
      newYork,
      '2026-03-01T15:00:00Z',
      '2026-03-08T13:00:00.000Z',
    ],
    [
      'WEEKLY Sunday 02:30 on the spring-forward day fires 03:30 EDT',
      'WEEKLY',
      '30:02:1',
      newYork,
      '2026-03-07T00:00:00Z',
      '2026-03-08T07:30:00.000Z',
    ],
    [
      'DAILY 01:30 on the fall-back night is the first 01:30 (EDT)',
      'DAILY',
      '30:01',
      newYork,
      '2026-11-01T04:00:00Z',
      '2026-11-01T05:30:00.000Z',
    ],
    [
      'DAILY 01:30 the day after fall-back is 01:30 EST',
      'DAILY',
      '30:01',
      newYork,
      '2026-11-01T05:30:00Z',
      '2026-11-02T06:30:00.000Z',
    ],
    // Month ends and calendar edges.
    [
      'MONTHLY day 28 after January 31 is February 28, local midnight',
      'MONTHLY',
      '00:00:28',
      berlin,
      '2026-01-31T12:00:00Z',
      '2026-02-27T23:00:00.000Z',
    ],
    [
      'MONTHLY day 28 rolls over the year end',
      'MONTHLY',
      '45:23:28',
      'UTC',
      '2026-12-28T23:45:00Z',
      '2027-01-28T23:45:00.000Z',
    ],
    [
      'MONTHLY day 1 after the last minute of January',
      'MONTHLY',
      '00:12:1',
      'UTC',
      '2026-01-31T23:59:00Z',
      '2026-02-01T12:00:00.000Z',
    ],
    [
      'WEEKLY day 7 is Saturday',
      'WEEKLY',
      '00:00:7',
      'UTC',
      '2026-05-01T00:00:00Z',
      '2026-05-02T00:00:00.000Z',
    ],
    // Strictly after, and zones off the whole hour.
    [
      'HOURLY :00 at exactly :00 is the next hour',
      'HOURLY',
      '00',
      'UTC',
      '2026-05-01T10:00:00Z',
      '2026-05-01T11:00:00.000Z',
    ],
    [
      'HOURLY :30 in Asia/Kolkata (UTC+05:30) falls on the UTC hour',
      'HOURLY',
      '30',
      'Asia/Kolkata',
      '2026-05-01T00:00:00Z',
      '2026-05-01T01:00:00.000Z',
    ],
  ] as const)('%s', (_title, intervalType, schedule, timezone, after, expected) => {
    expect(nextRun(policy(intervalType, schedule, timezone), after)).toBe(expected);
  });

  it('refuses an instant that is not ISO-8601', () => {
    expect(() => nextRun(policy('HOURLY', '00', 'UTC'), 'yesterday')).toThrowError(
      expect.objectContaining({ code: 'INSTANT_INVALID' }),
    );
  });

  it('refuses a malformed schedule', () => {
    expect(() => nextRun(policy('DAILY', '61:00', 'UTC'), '2026-05-01T00:00:00Z')).toThrow(DomainError);
  });
});

describe('dueSlots', () => {
  it('lists every hourly slot missed across the Berlin fall-back night, the repeated hour twice', () => {
    expect(dueSlots(policy('HOURLY', '30', berlin), '2026-10-24T22:00:00Z', '2026-10-25T03:00:00Z')).toEqual([
      '2026-10-24T22:30:00.000Z', // 00:30 CEST
      '2026-10-24T23:30:00.000Z', // 01:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T01:30:00.000Z', // 02:30 CET
      '2026-10-25T02:30:00.000Z', // 03:30 CET
    ]);
  });

  it('lists the hourly slots across the Berlin spring-forward night, without the missing hour', () => {
    expect(dueSlots(policy('HOURLY', '30', berlin), '2026-03-28T23:00:00Z', '2026-03-29T03:00:00Z')).toEqual([
      '2026-03-28T23:30:00.000Z', // 00:30 CET
      '2026-03-29T00:30:00.000Z', // 01:30 CET
      '2026-03-29T01:30:00.000Z', // 03:30 CEST
      '2026-03-29T02:30:00.000Z', // 04:30 CEST
    ]);
  });

  it('lists the daily slots missed over a week of downtime', () => {
    expect(dueSlots(policy('DAILY', '00:03', 'UTC'), '2026-05-01T03:00:00Z', '2026-05-04T12:00:00Z')).toEqual(
      ['2026-05-02T03:00:00.000Z', '2026-05-03T03:00:00.000Z', '2026-05-04T03:00:00.000Z'],
    );
  });

  it('includes a slot at the end of the window and excludes one at its start', () => {
    expect(dueSlots(policy('DAILY', '00:03', 'UTC'), '2026-05-01T03:00:00Z', '2026-05-02T03:00:00Z')).toEqual(
      ['2026-05-02T03:00:00.000Z'],
    );
  });

  it('is empty for an empty window', () => {
    expect(dueSlots(policy('HOURLY', '00', 'UTC'), '2026-05-01T03:00:00Z', '2026-05-01T03:00:00Z')).toEqual(
      [],
    );
  });

  it('is empty when no slot falls in the window', () => {
    expect(
      dueSlots(policy('MONTHLY', '00:00:1', 'UTC'), '2026-05-01T03:00:00Z', '2026-05-20T00:00:00Z'),
    ).toEqual([]);
  });

  it('refuses a window bound that is not ISO-8601', () => {
    expect(() => dueSlots(policy('HOURLY', '00', 'UTC'), '2026-05-01T03:00:00Z', 'soon')).toThrowError(
      expect.objectContaining({ code: 'INSTANT_INVALID' }),
    );
  });
});
