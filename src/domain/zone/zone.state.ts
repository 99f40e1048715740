import type { AllocationState } from '../infrastructure/index.ts';
import type { NetworkType, ZoneEvent } from './zone.events.ts';

export type ZoneSettings = {
  readonly name: string;
  readonly dns1: string;
  readonly dns2: string | null;
  readonly internalDns1: string;
  readonly internalDns2: string | null;
  readonly guestCidr: string | null;
  readonly localStorageEnabled: boolean;
};

export type Zone = ZoneSettings & {
  readonly zoneId: string;
  readonly networkType: NetworkType;
  readonly allocationState: AllocationState;
  readonly removed: boolean;
};

/** null until ZoneCreated. */
export type ZoneState = Zone | null;

export const initialState = (): ZoneState => null;

export const evolve = (state: ZoneState, event: ZoneEvent): ZoneState => {
  if (event.type === 'ZoneCreated') return { ...event.data, removed: false };
  if (state === null) return state;
  switch (event.type) {
    case 'ZoneUpdated':
      return { ...state, ...event.data };
    case 'ZoneEnabled':
      return { ...state, allocationState: 'Enabled' };
    case 'ZoneDisabled':
      return { ...state, allocationState: 'Disabled' };
    case 'ZoneDeleted':
      return { ...state, removed: true };
    default:
      return state;
  }
};
