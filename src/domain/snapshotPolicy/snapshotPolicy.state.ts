import type { IntervalType } from './schedule.ts';
import type { SnapshotPolicyEvent, SnapshotPolicySettings } from './snapshotPolicy.events.ts';

export type SnapshotPolicy = SnapshotPolicySettings;

/**
 * The snapshot policies of ONE volume: the stream `snapshotpolicy-<volumeId>` is the single writer of
 * the rule "one policy per (volume, interval type)", so two concurrent creates for the same interval
 * can't both succeed (the second fails its expected version and, re-decided, updates the first).
 */
export type SnapshotPolicyState = {
  readonly policies: Readonly<Partial<Record<IntervalType, SnapshotPolicy>>>;
};

export const initialState = (): SnapshotPolicyState => ({ policies: {} });

export const evolve = (state: SnapshotPolicyState, event: SnapshotPolicyEvent): SnapshotPolicyState => {
  switch (event.type) {
    case 'SnapshotPolicyCreated':
    case 'SnapshotPolicyUpdated':
      return { policies: { ...state.policies, [event.data.intervalType]: event.data } };
    case 'SnapshotPolicyDeleted': {
      const { [event.data.intervalType]: _deleted, ...rest } = state.policies;
      return { policies: rest };
    }
    default:
      return state;
  }
};

export const policyById = (state: SnapshotPolicyState, policyId: string): SnapshotPolicy | undefined =>
  Object.values(state.policies).find((p) => p.policyId === policyId);
