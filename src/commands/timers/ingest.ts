import type { RecordedEvent } from '../../adapters/eventstore/port.ts';
import { nextRun, type SnapshotPolicySettings } from '../../domain/snapshotPolicy/index.ts';
import { deleteTimer, getTimer, putTimer, type Timer } from './timerStore.ts';

type Queryable = Parameters<typeof getTimer>[0];

/** A recurring snapshot this policy took, and the slot it stands for. */
export type TakenSnapshot = { readonly snapshotId: string; readonly slot: string };

/** What a policy's timer row carries: the policy, its recent snapshots (for retention), the last slot fired. */
export type PolicyPayload = {
  readonly policy: SnapshotPolicySettings;
  readonly taken: readonly TakenSnapshot[];
  readonly lastSlot: string | null;
};

export const timerKinds = {
  snapshotPolicy: 'snapshot-policy',
  expungeVm: 'expunge-vm',
  sweep: 'sweep',
} as const;

export const policyTimerId = (policyId: string): string => `${timerKinds.snapshotPolicy}:${policyId}`;
export const expungeTimerId = (vmId: string): string => `${timerKinds.expungeVm}:${vmId}`;

/** The events that make, move or remove timers. */
export const timerEventTypes = [
  'SnapshotPolicyCreated',
  'SnapshotPolicyUpdated',
  'SnapshotPolicyDeleted',
  'VmDestroyed',
  'VmRecovered',
  'VmExpunged',
] as const;

const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * When a created or edited policy fires next. An unchanged schedule keeps the timer's due slot, so
 * an edit of maxsnaps never skips a slot that is due; a new schedule starts at the event's nextRunAt,
 * and never at or before a slot already fired.
 */
const policyDue = (policy: SnapshotPolicySettings, existing: Timer | null): string => {
  const previous = existing?.payload as PolicyPayload | undefined;
  if (
    existing &&
    previous &&
    previous.policy.schedule === policy.schedule &&
    previous.policy.timezone === policy.timezone
  )
    return existing.dueAt.toISOString();
  const lastSlot = previous?.lastSlot ?? null;
  return lastSlot ? later(policy.nextRunAt, nextRun(policy, lastSlot)) : policy.nextRunAt;
};

/** Applies one event to the timers table (inside the transaction that also moves the checkpoint). */
export const ingestEvent = async (
  db: Queryable,
  event: RecordedEvent,
  settings: { readonly expungeDelaySeconds: number },
): Promise<void> => {
  switch (event.type) {
    case 'SnapshotPolicyCreated':
    case 'SnapshotPolicyUpdated': {
      const policy = event.data as SnapshotPolicySettings;
      const timerId = policyTimerId(policy.policyId);
      const existing = await getTimer(db, timerId);
      const previous = existing?.payload as PolicyPayload | undefined;
      const payload: PolicyPayload = {
        policy,
        taken: previous?.taken ?? [],
        lastSlot: previous?.lastSlot ?? null,
      };
      await putTimer(db, {
        timerId,
        kind: timerKinds.snapshotPolicy,
        dueAt: new Date(policyDue(policy, existing)),
        payload,
      });
      return;
    }
    case 'SnapshotPolicyDeleted':
      await deleteTimer(db, policyTimerId((event.data as { policyId: string }).policyId));
      return;
    case 'VmDestroyed': {
      const { vmId, expunge } = event.data as { vmId: string; expunge: boolean };
      // expunge=true is expunged by the destroy itself; otherwise it stays recoverable for expunge.delay.
      if (expunge) return;
      await putTimer(db, {
        timerId: expungeTimerId(vmId),
        kind: timerKinds.expungeVm,
        dueAt: new Date(event.createdAt.getTime() + settings.expungeDelaySeconds * 1000),
        payload: { vmId },
      });
      return;
    }
    case 'VmRecovered':
    case 'VmExpunged':
      await deleteTimer(db, expungeTimerId((event.data as { vmId: string }).vmId));
      return;
    default:
      return;
  }
};
