import type { Decider } from '../../shared/index.ts';
import { assertOfferingAvailable, type OfferingRequester } from '../shared/index.ts';
import type { DiskOfferingCommand } from './diskOffering.commands.ts';
import { decide } from './diskOffering.decide.ts';
import type { DiskOfferingEvent } from './diskOffering.events.ts';
import { diskOfferingNoun } from './diskOffering.sizing.ts';
import { type DiskOfferingState, evolve, initialState } from './diskOffering.state.ts';

export const diskOfferingCategory = 'diskoffering';

export const decider: Decider<DiskOfferingCommand, DiskOfferingState, DiskOfferingEvent> = {
  initialState,
  evolve,
  decide,
};

/** For the command side before a volume is created: see assertOfferingAvailable. */
export const assertDiskOfferingAvailable = (
  offeringId: string,
  state: DiskOfferingState,
  requester: OfferingRequester,
): void => assertOfferingAvailable(diskOfferingNoun, offeringId, state, requester);

export type { OfferingRequester, StorageType } from '../shared/index.ts';
export * from './diskOffering.commands.ts';
export * from './diskOffering.events.ts';
export {
  bytesPerGiB,
  type DiskSize,
  resolveDiskSize,
  type SizedDiskOffering,
} from './diskOffering.sizing.ts';
export { type DiskOffering, type DiskOfferingState, evolve, initialState } from './diskOffering.state.ts';
export const diskOfferingDecider = decider;
