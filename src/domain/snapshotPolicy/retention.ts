import type { SnapshotType } from '../snapshot/snapshot.events.ts';
import type { SnapshotStatus } from '../snapshot/snapshot.machine.ts';

/** What retention needs to know of a snapshot. */
export type RetainedSnapshot = {
  readonly snapshotId: string;
  readonly type: SnapshotType;
  readonly createdAt: string;
  readonly state: SnapshotStatus;
};

// Snapshots on their way out (or never made) no longer hold a place among the kept ones.
const gone: ReadonlySet<SnapshotStatus> = new Set(['Destroying', 'Destroyed', 'Error']);

const byId = (a: RetainedSnapshot, b: RetainedSnapshot): number =>
  a.snapshotId < b.snapshotId ? -1 : a.snapshotId > b.snapshotId ? 1 : 0;

/**
 * The ids to delete so that at most `maxSnaps` recurring snapshots remain, oldest first (reference:
 * cloudstack-domain.md §9). Manual snapshots are never pruned and don't count.
 */
export const retention = (snapshotsOfPolicy: readonly RetainedSnapshot[], maxSnaps: number): string[] => {
  const kept = snapshotsOfPolicy
    .filter((s) => s.type !== 'MANUAL' && !gone.has(s.state))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || byId(a, b));
  return kept.slice(0, Math.max(0, kept.length - maxSnaps)).map((s) => s.snapshotId);
};
