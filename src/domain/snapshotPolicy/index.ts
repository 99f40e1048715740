import type { Decider } from '../shared/index.ts';
import type { SnapshotPolicyCommand } from './snapshotPolicy.commands.ts';
import { decide } from './snapshotPolicy.decide.ts';
import type { SnapshotPolicyEvent } from './snapshotPolicy.events.ts';
import { evolve, initialState, type SnapshotPolicyState } from './snapshotPolicy.state.ts';

/** Stream `snapshotpolicy-<volumeId>`: all policies of one volume, one writer per volume. */
export const snapshotPolicyCategory = 'snapshotpolicy';

export const snapshotPolicyDecider: Decider<SnapshotPolicyCommand, SnapshotPolicyState, SnapshotPolicyEvent> =
  {
    initialState,
    evolve,
    decide,
  };
export const decider = snapshotPolicyDecider;

export { dueSlots, nextRun, type PolicySchedule } from './nextRun.ts';
export { type RetainedSnapshot, retention } from './retention.ts';
export { type IntervalType, intervalTypes, parseSchedule, type Schedule } from './schedule.ts';
export * from './snapshotPolicy.commands.ts';
export { defaultIntervalMaxSnaps } from './snapshotPolicy.decide.ts';
export * from './snapshotPolicy.events.ts';
export { policyById, type SnapshotPolicy, type SnapshotPolicyState } from './snapshotPolicy.state.ts';
export { isTimeZone } from './timeZone.ts';
