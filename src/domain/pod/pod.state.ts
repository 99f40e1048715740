import type { AllocationState } from '../infrastructure/index.ts';
import type { PodNetwork } from './pod.commands.ts';
import type { PodEvent } from './pod.events.ts';

export type PodSettings = PodNetwork & { readonly name: string };

export type Pod = PodSettings & {
  readonly podId: string;
  readonly zoneId: string;
  readonly allocationState: AllocationState;
  readonly removed: boolean;
};

/** null until PodCreated. */
export type PodState = Pod | null;

export const initialState = (): PodState => null;

export const evolve = (state: PodState, event: PodEvent): PodState => {
  if (event.type === 'PodCreated') return { ...event.data, removed: false };
  if (state === null) return state;
  switch (event.type) {
    case 'PodUpdated':
      return { ...state, ...event.data };
    case 'PodEnabled':
      return { ...state, allocationState: 'Enabled' };
    case 'PodDisabled':
      return { ...state, allocationState: 'Disabled' };
    case 'PodDeleted':
      return { ...state, removed: true };
    default:
      return state;
  }
};
