import { DomainError } from '../../domain/shared/index.ts';
import { nextRun, type RetainedSnapshot, retention } from '../../domain/snapshotPolicy/index.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import { deterministicEventId } from '../eventIds.ts';
import { deleteSnapshot, type StreamLookup, takeSnapshot } from '../storage/index.ts';
import type { PolicyPayload, TakenSnapshot } from './ingest.ts';
import type { Timer } from './timerStore.ts';

/** What firing decided: the timer's next due time (and payload), or null when it is done. */
export type Outcome = {
  readonly next: {
    readonly dueAt: Date;
    readonly payload?: Record<string, unknown>;
    readonly error?: string;
  } | null;
};

export type HandlerDeps = {
  readonly bus: CommandBus;
  readonly lookup?: StreamLookup;
  readonly expungeVm: (vmId: string) => Promise<void>;
  readonly sweep: () => Promise<void>;
  readonly sweepIntervalMs: number;
};

/** The scheduler acts as the system: a root admin on behalf of the resource's owner. */
const systemRequester = (key: string, owner: { accountId: string; tenantDomainId: string }) => {
  const caller: Caller = {
    userId: 'system',
    accountId: owner.accountId,
    tenantDomainId: owner.tenantDomainId,
    tenantDomainPath: 'ROOT',
    roleType: 'Admin',
  };
  const ctx: CommandContext = {
    commandId: key,
    idempotencyKey: key,
    correlationId: key,
    actor: { userId: 'system', accountId: owner.accountId, tenantDomainId: owner.tenantDomainId },
  };
  return { caller, ctx };
};

/** A volume busy with another operation takes this slot's snapshot a moment later, not never. */
const busyVolumeStates = [
  'Snapshotting',
  'Resizing',
  'Migrating',
  'Attaching',
  'RevertSnapshotting',
  'Creating',
];
const isBusyVolume = (e: DomainError): boolean =>
  e.code === 'VOLUME_NOT_READY' && busyVolumeStates.includes(String(e.details.volumeState));

// Snapshots that no longer hold a place among the policy's kept ones, and are no longer tracked.
const finished = new Set(['Destroyed', 'Error']);

/**
 * Retention: at most maxsnaps recurring snapshots of the policy are kept, the oldest deleted first
 * (each deletion keyed by its snapshot, so it is never submitted twice). Returns the snapshots
 * still worth tracking.
 */
const prune = async (
  deps: HandlerDeps,
  payload: PolicyPayload,
  tracked: readonly TakenSnapshot[],
): Promise<TakenSnapshot[]> => {
  const states = await Promise.all(tracked.map((t) => deps.bus.load('snapshot', t.snapshotId)));
  const retained: RetainedSnapshot[] = tracked.flatMap((t, i) => {
    const s = states[i]?.state;
    // Ordered by the slot each stands for: catch-up snapshots are taken in the same instant.
    return s ? [{ snapshotId: t.snapshotId, type: s.snapshotType, createdAt: t.slot, state: s.status }] : [];
  });
  const statusOf = new Map(retained.map((r) => [r.snapshotId, r.state]));
  for (const snapshotId of retention(retained, payload.policy.maxSnaps))
    if (statusOf.get(snapshotId) === 'BackedUp')
      await deleteSnapshot(deps, systemRequester(`retention:${snapshotId}`, payload.policy), { snapshotId });
  return tracked.filter((t) => {
    const status = statusOf.get(t.snapshotId);
    return status !== undefined && !finished.has(status);
  });
};

/**
 * One slot of a snapshot policy: the snapshot is keyed by (policy, slot), so firing the same slot
 * again after a crash finds the snapshot and job of the first time. A refusal (volume gone, limit
 * reached) skips the slot, recording why; a busy volume retries it.
 */
export const fireSnapshotPolicy = async (deps: HandlerDeps, timer: Timer): Promise<Outcome> => {
  const payload = timer.payload as PolicyPayload;
  const { policy } = payload;
  const slot = timer.dueAt.toISOString();
  const key = `${timer.timerId}@${slot}`;
  let taken: TakenSnapshot | null = null;
  let error: string | undefined;
  try {
    const { snapshotId } = await takeSnapshot(deps, systemRequester(key, policy), {
      volumeId: policy.volumeId,
      snapshotId: deterministicEventId(key, 'snapshot', 0),
      policy: { policyId: policy.policyId, type: policy.intervalType },
      at: slot,
    });
    taken = { snapshotId, slot };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    if (isBusyVolume(e)) return { next: { dueAt: timer.dueAt, error: `${e.code}: ${e.message}` } };
    error = `${e.code}: ${e.message}`;
  }
  const tracked =
    taken && !payload.taken.some((t) => t.snapshotId === taken.snapshotId)
      ? [...payload.taken, taken]
      : payload.taken;
  const kept = await prune(deps, payload, tracked);
  const next: PolicyPayload = { policy, taken: kept, lastSlot: slot };
  return {
    next: { dueAt: new Date(nextRun(policy, slot)), payload: next, ...(error ? { error } : {}) },
  };
};

/** The delayed expunge: done once it succeeds, or once the VM is no longer there to expunge (recovered, gone). */
export const fireExpunge = async (deps: HandlerDeps, timer: Timer): Promise<Outcome> => {
  try {
    await deps.expungeVm(String(timer.payload.vmId));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
  return { next: null };
};

export const fireSweep = async (deps: HandlerDeps, _timer: Timer, now: Date): Promise<Outcome> => {
  await deps.sweep();
  return { next: { dueAt: new Date(now.getTime() + deps.sweepIntervalMs) } };
};
