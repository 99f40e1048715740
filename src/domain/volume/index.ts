import type { Decider } from '../shared/index.ts';
import type { VolumeCommand } from './volume.commands.ts';
import { decide } from './volume.decide.ts';
import type { VolumeEvent } from './volume.events.ts';
import { evolve, initialState, type VolumeState } from './volume.state.ts';

/** Stream `volume-<volumeId>`. */
export const volumeCategory = 'volume';

export const volumeDecider: Decider<VolumeCommand, VolumeState, VolumeEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = volumeDecider;

export * from './volume.commands.ts';
export { cdromDeviceId, chooseDeviceId, maxDeviceId, rootDeviceId } from './volume.devices.ts';
export type { VolumeFacts } from './volume.emit.ts';
export * from './volume.events.ts';
export {
  statusAfter,
  type VolumeOperation,
  type VolumeStatus,
  volumeStatuses,
  volumeTransitions,
} from './volume.machine.ts';
export { assertRevertible, assertVolumeReady } from './volume.rules.ts';
export type { Attachment, PendingOperation, Volume, VolumeState } from './volume.state.ts';
