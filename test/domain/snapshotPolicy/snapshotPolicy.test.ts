import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import {
  type CreateSnapshotPolicy,
  type SnapshotPolicyEvent,
  type SnapshotPolicySettings,
  snapshotPolicyDecider,
  snapshotPolicyEventSchemas,
  type UpdateSnapshotPolicy,
} from '../../../src/domain/snapshotPolicy/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';

const spec = DeciderSpecification.for(snapshotPolicyDecider);

// The day before Europe/Berlin springs forward: the next 02:30 does not exist and resolves to 03:30 CEST.
const now = '2026-03-28T12:00:00.000Z';

const create = (over: Partial<CreateSnapshotPolicy['data']> = {}): CreateSnapshotPolicy => ({
  type: 'CreateSnapshotPolicy',
  data: {
    policyId: 'pol-1',
    volumeId: 'vol-1',
    accountId: 'acct-1',
    tenantDomainId: 'tdom-1',
    intervalType: 'DAILY',
    schedule: '30:02',
    timezone: 'Europe/Berlin',
    maxSnaps: 7,
    volumeState: 'Ready',
    hypervisor: 'KVM',
    now,
    ...over,
  },
});

const update = (over: Partial<UpdateSnapshotPolicy['data']> = {}): UpdateSnapshotPolicy => ({
  type: 'UpdateSnapshotPolicy',
  data: { policyId: 'pol-1', volumeId: 'vol-1', now, ...over },
});

const del = (policyId = 'pol-1') => ({
  type: 'DeleteSnapshotPolicy' as const,
  data: { policyId, volumeId: 'vol-1' },
});

const daily: SnapshotPolicySettings = {
  policyId: 'pol-1',
  volumeId: 'vol-1',
  intervalType: 'DAILY',
  accountId: 'acct-1',
  tenantDomainId: 'tdom-1',
  schedule: '30:02',
  timezone: 'Europe/Berlin',
  maxSnaps: 7,
  forDisplay: true,
  nextRunAt: '2026-03-29T01:30:00.000Z',
};
const created = (data: SnapshotPolicySettings = daily): SnapshotPolicyEvent => ({
  type: 'SnapshotPolicyCreated',
  data,
});
const updated = (over: Partial<SnapshotPolicySettings>): SnapshotPolicyEvent => ({
  type: 'SnapshotPolicyUpdated',
  data: { ...daily, ...over },
});
const deleted: SnapshotPolicyEvent = {
  type: 'SnapshotPolicyDeleted',
  data: { policyId: 'pol-1', volumeId: 'vol-1', intervalType: 'DAILY' },
};

describe('a volume without snapshot policies', () => {
  it('gets a policy, stamped with when it fires next in its zone', () => {
    spec.given([]).when(create()).then([created()]);
  });

  it('gets a hidden policy when asked', () => {
    spec
      .given([])
      .when(create({ forDisplay: false }))
      .then([created({ ...daily, forDisplay: false })]);
  });

  it('gets as many snapshots as the configured interval maximum allows', () => {
    spec
      .given([])
      .when(create({ maxSnaps: 24, intervalMaxSnaps: 24 }))
      .then([created({ ...daily, maxSnaps: 24 })]);
  });

  it('refuses a volume that is not Ready', () => {
    spec
      .given([])
      .when(create({ volumeState: 'Allocated' }))
      .thenThrows('VOLUME_NOT_READY');
  });

  it('refuses a volume on OVM, which has no volume snapshots', () => {
    spec
      .given([])
      .when(create({ hypervisor: 'Ovm' }))
      .thenThrows('HYPERVISOR_SNAPSHOT_UNSUPPORTED');
  });

  it('refuses a malformed schedule, naming the part', () => {
    spec
      .given([])
      .when(create({ schedule: '30:24' }))
      .thenThrows('SCHEDULE_HOUR_INVALID', (e) => expect(e.details.part).toBe('24'));
  });

  it('refuses a schedule written for another interval', () => {
    spec
      .given([])
      .when(create({ intervalType: 'WEEKLY' }))
      .thenThrows('SCHEDULE_FORMAT_INVALID');
  });

  it('refuses a time zone the zone database does not know', () => {
    spec
      .given([])
      .when(create({ timezone: 'Mars/Olympus_Mons' }))
      .thenThrows('TIMEZONE_INVALID', (e) => expect(e.details).toEqual({ timeZone: 'Mars/Olympus_Mons' }));
  });

  it('refuses maxsnaps of 0', () => {
    spec
      .given([])
      .when(create({ maxSnaps: 0 }))
      .thenThrows('MAX_SNAPS_INVALID');
  });

  it('refuses a fractional maxsnaps', () => {
    spec
      .given([])
      .when(create({ maxSnaps: 2.5 }))
      .thenThrows('MAX_SNAPS_INVALID');
  });

  it('refuses maxsnaps above the default interval maximum of 8', () => {
    spec
      .given([])
      .when(create({ maxSnaps: 9 }))
      .thenThrows('MAX_SNAPS_ABOVE_INTERVAL_LIMIT', (e) => expect(e.details.intervalMaxSnaps).toBe(8));
  });

  it('refuses an interval the cloud disabled (its maximum is 0)', () => {
    spec
      .given([])
      .when(create({ intervalType: 'HOURLY', schedule: '00', intervalMaxSnaps: 0 }))
      .thenThrows('SNAPSHOT_INTERVAL_DISABLED', (e) => expect(e.kind).toBe('unsupported'));
  });

  it('refuses maxsnaps above the account’s snapshot limit', () => {
    spec
      .given([])
      .when(create({ accountSnapshotLimit: 5 }))
      .thenThrows('MAX_SNAPS_ABOVE_ACCOUNT_LIMIT', (e) => expect(e.kind).toBe('limit_exceeded'));
  });

  it('refuses a `now` that is not an ISO-8601 instant', () => {
    spec
      .given([])
      .when(create({ now: 'noon' }))
      .thenThrows('INSTANT_INVALID');
  });

  it('has no policy to update', () => {
    spec
      .given([])
      .when(update({ maxSnaps: 3 }))
      .thenThrows('SNAPSHOT_POLICY_NOT_FOUND');
  });

  it('has no policy to delete', () => {
    spec.given([]).when(del()).thenThrows('SNAPSHOT_POLICY_NOT_FOUND');
  });
});

describe('a volume with a DAILY policy', () => {
  it('updates that policy, keeping its id, when a DAILY policy is created again', () => {
    spec
      .given([created()])
      .when(create({ policyId: 'pol-9', schedule: '00:23', maxSnaps: 3 }))
      .then([updated({ schedule: '00:23', maxSnaps: 3, nextRunAt: '2026-03-28T22:00:00.000Z' })]);
  });

  it('does nothing when the same DAILY policy is created again', () => {
    spec
      .given([created()])
      .when(create({ policyId: 'pol-9' }))
      .thenNothingHappened();
  });

  it('does nothing when only the time has moved on', () => {
    spec
      .given([created()])
      .when(create({ now: '2026-04-10T00:00:00.000Z' }))
      .thenNothingHappened();
  });

  it('gets an HOURLY policy beside it', () => {
    spec
      .given([created()])
      .when(create({ policyId: 'pol-2', intervalType: 'HOURLY', schedule: '15', maxSnaps: 8 }))
      .then([
        created({
          ...daily,
          policyId: 'pol-2',
          intervalType: 'HOURLY',
          schedule: '15',
          maxSnaps: 8,
          nextRunAt: '2026-03-28T12:15:00.000Z',
        }),
      ]);
  });

  it('refuses the DAILY policy’s id for another interval', () => {
    spec
      .given([created()])
      .when(create({ intervalType: 'HOURLY', schedule: '15' }))
      .thenThrows('SNAPSHOT_POLICY_ID_IN_USE', (e) => expect(e.details.intervalType).toBe('DAILY'));
  });

  it('is updated with a new schedule and time zone, and a new next run', () => {
    spec
      .given([created()])
      .when(update({ schedule: '00:09', timezone: 'America/New_York' }))
      .then([
        updated({ schedule: '00:09', timezone: 'America/New_York', nextRunAt: '2026-03-28T13:00:00.000Z' }),
      ]);
  });

  it('is hidden without rechecking maxsnaps against limits lowered since', () => {
    spec
      .given([created()])
      .when(update({ forDisplay: false, intervalMaxSnaps: 5 }))
      .then([updated({ forDisplay: false })]);
  });

  it('refuses a new maxsnaps above the interval maximum', () => {
    spec
      .given([created()])
      .when(update({ maxSnaps: 8, intervalMaxSnaps: 5 }))
      .thenThrows('MAX_SNAPS_ABOVE_INTERVAL_LIMIT');
  });

  it('refuses a new malformed schedule', () => {
    spec
      .given([created()])
      .when(update({ schedule: '30' }))
      .thenThrows('SCHEDULE_FORMAT_INVALID');
  });

  it('refuses a new unknown time zone', () => {
    spec
      .given([created()])
      .when(update({ timezone: 'Berlin' }))
      .thenThrows('TIMEZONE_INVALID');
  });

  it('does nothing on an update that changes nothing', () => {
    spec
      .given([created()])
      .when(update({ maxSnaps: 7 }))
      .thenNothingHappened();
  });

  it('refuses an update of a policy id it does not have', () => {
    spec
      .given([created()])
      .when(update({ policyId: 'pol-2' }))
      .thenThrows('SNAPSHOT_POLICY_NOT_FOUND');
  });

  it('deletes the policy', () => {
    spec.given([created()]).when(del()).then([deleted]);
  });
});

describe('a volume whose DAILY policy was deleted', () => {
  it('gets a new DAILY policy with a new id', () => {
    spec
      .given([created(), deleted])
      .when(create({ policyId: 'pol-3' }))
      .then([created({ ...daily, policyId: 'pol-3' })]);
  });

  it('refuses to update the deleted policy', () => {
    spec
      .given([created(), deleted])
      .when(update({ maxSnaps: 3 }))
      .thenThrows('SNAPSHOT_POLICY_NOT_FOUND');
  });

  it('refuses to delete it again', () => {
    spec.given([created(), deleted]).when(del()).thenThrows('SNAPSHOT_POLICY_NOT_FOUND');
  });
});

describe('the snapshot policy stream', () => {
  it('folds into one policy per interval type', () => {
    const hourly = { ...daily, policyId: 'pol-2', intervalType: 'HOURLY' as const, schedule: '15' };
    const state = fold(snapshotPolicyDecider, [
      created(),
      created(hourly),
      updated({ maxSnaps: 2 }),
      deleted,
    ]);
    expect(state.policies).toEqual({ HOURLY: hourly });
  });

  it('writes events valid against their schemas', () => {
    const events: SnapshotPolicyEvent[] = [];
    for (const command of [create(), update({ maxSnaps: 2 }), del()])
      events.push(...snapshotPolicyDecider.decide(command, fold(snapshotPolicyDecider, events)));
    expect(events.map((e) => e.type)).toEqual([
      'SnapshotPolicyCreated',
      'SnapshotPolicyUpdated',
      'SnapshotPolicyDeleted',
    ]);
    for (const e of events)
      expect(snapshotPolicyEventSchemas[e.type].schema.safeParse(e.data).success, e.type).toBe(true);
  });
});
