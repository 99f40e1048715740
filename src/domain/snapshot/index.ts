import type { Decider } from '../shared/index.ts';
import type { SnapshotCommand } from './snapshot.commands.ts';
import { decide } from './snapshot.decide.ts';
import type { SnapshotEvent } from './snapshot.events.ts';
import { evolve, initialState, type SnapshotState } from './snapshot.state.ts';

/** Stream `snapshot-<snapshotId>`. */
export const snapshotCategory = 'snapshot';

export const snapshotDecider: Decider<SnapshotCommand, SnapshotState, SnapshotEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = snapshotDecider;

export * from './snapshot.commands.ts';
export * from './snapshot.events.ts';
export {
  type SnapshotOperation,
  type SnapshotStatus,
  snapshotStatuses,
  snapshotTransitions,
} from './snapshot.machine.ts';
export { isRevertable } from './snapshot.revert.ts';
export type { Snapshot, SnapshotState } from './snapshot.state.ts';
