import type { Decider } from '../../shared/index.ts';
import { assertOfferingAvailable, type OfferingRequester } from '../shared/index.ts';
import type { ServiceOfferingCommand } from './serviceOffering.commands.ts';
import { decide } from './serviceOffering.decide.ts';
import type { ServiceOfferingEvent } from './serviceOffering.events.ts';
import { serviceOfferingNoun } from './serviceOffering.sizing.ts';
import { evolve, initialState, type ServiceOfferingState } from './serviceOffering.state.ts';

export const serviceOfferingCategory = 'serviceoffering';

export const decider: Decider<ServiceOfferingCommand, ServiceOfferingState, ServiceOfferingEvent> = {
  initialState,
  evolve,
  decide,
};

/** For the command side before a deploy or scale: see assertOfferingAvailable. */
export const assertServiceOfferingAvailable = (
  offeringId: string,
  state: ServiceOfferingState,
  requester: OfferingRequester,
): void => assertOfferingAvailable(serviceOfferingNoun, offeringId, state, requester);

export type { OfferingRequester, StorageType } from '../shared/index.ts';
export * from './serviceOffering.commands.ts';
export * from './serviceOffering.events.ts';
export {
  resolveComputeSize,
  type SizedServiceOffering,
  validateComputeSizing,
} from './serviceOffering.sizing.ts';
export {
  evolve,
  initialState,
  type ServiceOffering,
  type ServiceOfferingState,
} from './serviceOffering.state.ts';
export const serviceOfferingDecider = decider;
