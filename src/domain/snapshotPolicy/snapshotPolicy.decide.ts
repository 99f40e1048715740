import { assertVolumeSnapshots } from '../hypervisor/index.ts';
import { conflict, invalid, limitExceeded, notFound, unsupported } from '../shared/index.ts';
import { assertVolumeReady } from '../volume/volume.rules.ts';
import { nextRun } from './nextRun.ts';
import { type IntervalType, parseSchedule } from './schedule.ts';
import type {
  CreateSnapshotPolicy,
  DeleteSnapshotPolicy,
  MaxSnapsLimits,
  SnapshotPolicyCommand,
  UpdateSnapshotPolicy,
} from './snapshotPolicy.commands.ts';
import type { SnapshotPolicyEvent, SnapshotPolicySettings } from './snapshotPolicy.events.ts';
import { policyById, type SnapshotPolicy, type SnapshotPolicyState } from './snapshotPolicy.state.ts';
import { assertTimeZone } from './timeZone.ts';

/** CloudStack's default for each of `snapshot.max.hourly|daily|weekly|monthly`. */
export const defaultIntervalMaxSnaps = 8;

const assertMaxSnaps = (intervalType: IntervalType, maxSnaps: number, limits: MaxSnapsLimits): void => {
  if (!Number.isInteger(maxSnaps) || maxSnaps <= 0)
    throw invalid('MAX_SNAPS_INVALID', `maxsnaps must be a whole number above 0, not ${maxSnaps}`, {
      maxSnaps,
    });
  const intervalMax = limits.intervalMaxSnaps ?? defaultIntervalMaxSnaps;
  if (intervalMax <= 0)
    throw unsupported(
      'SNAPSHOT_INTERVAL_DISABLED',
      `${intervalType} snapshots are disabled in this cloud (snapshot.max.${intervalType.toLowerCase()} is 0)`,
      { intervalType },
    );
  if (maxSnaps > intervalMax)
    throw invalid(
      'MAX_SNAPS_ABOVE_INTERVAL_LIMIT',
      `maxsnaps ${maxSnaps} is above the ${intervalMax} ${intervalType} snapshots this cloud keeps per volume`,
      { intervalType, maxSnaps, intervalMaxSnaps: intervalMax },
    );
  const accountLimit = limits.accountSnapshotLimit ?? null;
  if (accountLimit !== null && maxSnaps > accountLimit)
    throw limitExceeded(
      'MAX_SNAPS_ABOVE_ACCOUNT_LIMIT',
      `maxsnaps ${maxSnaps} is above the account's snapshot limit of ${accountLimit}`,
      { maxSnaps, accountSnapshotLimit: accountLimit },
    );
};

/** Checks the schedule and zone, and stamps when the policy fires next. */
const scheduled = (s: Omit<SnapshotPolicySettings, 'nextRunAt'>, now: string): SnapshotPolicySettings => {
  parseSchedule(s.intervalType, s.schedule);
  assertTimeZone(s.timezone);
  return { ...s, nextRunAt: nextRun(s, now) };
};

// `nextRunAt` moves with `now`, so it alone never makes a change.
const sameSettings = (a: SnapshotPolicySettings, b: SnapshotPolicySettings): boolean =>
  a.policyId === b.policyId &&
  a.schedule === b.schedule &&
  a.timezone === b.timezone &&
  a.maxSnaps === b.maxSnaps &&
  a.forDisplay === b.forDisplay;

const updated = (before: SnapshotPolicy, after: SnapshotPolicySettings): SnapshotPolicyEvent[] =>
  sameSettings(before, after) ? [] : [{ type: 'SnapshotPolicyUpdated', data: after }];

const existingPolicy = (state: SnapshotPolicyState, policyId: string, volumeId: string): SnapshotPolicy => {
  const policy = policyById(state, policyId);
  if (!policy)
    throw notFound('SNAPSHOT_POLICY_NOT_FOUND', `Volume ${volumeId} has no snapshot policy ${policyId}`, {
      policyId,
      volumeId,
    });
  return policy;
};

/** One policy per (volume, interval type): creating again for the interval updates the existing one. */
const createSnapshotPolicy = (
  { data: c }: CreateSnapshotPolicy,
  state: SnapshotPolicyState,
): SnapshotPolicyEvent[] => {
  assertVolumeReady(c.volumeId, c.volumeState, 'a snapshot policy');
  assertVolumeSnapshots(c.hypervisor, false);
  assertMaxSnaps(c.intervalType, c.maxSnaps, c);
  const existing = state.policies[c.intervalType];
  const sameId = policyById(state, c.policyId);
  if (sameId && sameId.intervalType !== c.intervalType)
    throw conflict(
      'SNAPSHOT_POLICY_ID_IN_USE',
      `Policy id ${c.policyId} already names the ${sameId.intervalType} policy of volume ${c.volumeId}`,
      { policyId: c.policyId, intervalType: sameId.intervalType },
    );
  const settings = scheduled(
    {
      policyId: existing?.policyId ?? c.policyId,
      volumeId: c.volumeId,
      intervalType: c.intervalType,
      accountId: c.accountId,
      tenantDomainId: c.tenantDomainId,
      schedule: c.schedule,
      timezone: c.timezone,
      maxSnaps: c.maxSnaps,
      forDisplay: c.forDisplay ?? existing?.forDisplay ?? true,
    },
    c.now,
  );
  return existing ? updated(existing, settings) : [{ type: 'SnapshotPolicyCreated', data: settings }];
};

const updateSnapshotPolicy = (
  { data: c }: UpdateSnapshotPolicy,
  state: SnapshotPolicyState,
): SnapshotPolicyEvent[] => {
  const policy = existingPolicy(state, c.policyId, c.volumeId);
  // maxsnaps is re-checked only when it changes: lowered limits don't block an unrelated edit.
  if (c.maxSnaps !== undefined) assertMaxSnaps(policy.intervalType, c.maxSnaps, c);
  const settings = scheduled(
    {
      ...policy,
      schedule: c.schedule ?? policy.schedule,
      timezone: c.timezone ?? policy.timezone,
      maxSnaps: c.maxSnaps ?? policy.maxSnaps,
      forDisplay: c.forDisplay ?? policy.forDisplay,
    },
    c.now,
  );
  return updated(policy, settings);
};

const deleteSnapshotPolicy = (
  { data: c }: DeleteSnapshotPolicy,
  state: SnapshotPolicyState,
): SnapshotPolicyEvent[] => {
  const { policyId, volumeId, intervalType } = existingPolicy(state, c.policyId, c.volumeId);
  return [{ type: 'SnapshotPolicyDeleted', data: { policyId, volumeId, intervalType } }];
};

export const decide = (
  command: SnapshotPolicyCommand,
  state: SnapshotPolicyState,
): readonly SnapshotPolicyEvent[] => {
  switch (command.type) {
    case 'CreateSnapshotPolicy':
      return createSnapshotPolicy(command, state);
    case 'UpdateSnapshotPolicy':
      return updateSnapshotPolicy(command, state);
    case 'DeleteSnapshotPolicy':
      return deleteSnapshotPolicy(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown snapshot policy command ${JSON.stringify(unknown)}`);
    }
  }
};
