import type { Decider } from '../shared/index.ts';
import type { StoragePoolCommand } from './storagePool.commands.ts';
import { decide } from './storagePool.decide.ts';
import type { StoragePoolEvent } from './storagePool.events.ts';
import { evolve, initialState, type StoragePoolState } from './storagePool.state.ts';

export const storagePoolCategory = 'storagepool';

export const storagePoolDecider: Decider<StoragePoolCommand, StoragePoolState, StoragePoolEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = storagePoolDecider;

export * from './storagePool.commands.ts';
export { poolTransitions } from './storagePool.decide.ts';
export * from './storagePool.events.ts';
export {
  defaultAllocatedDisableThreshold,
  defaultOverprovisioning,
  zoneWideHypervisors,
} from './storagePool.rules.ts';
export {
  effectiveCapacityBytes,
  type StoragePool,
  type StoragePoolState,
  type StorageReservation,
} from './storagePool.state.ts';
