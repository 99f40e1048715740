import { mergeChanges } from '../../shared/index.ts';
import type { DiskOfferingCreated, DiskOfferingEvent } from './diskOffering.events.ts';

export type DiskOffering = DiskOfferingCreated['data'] & { readonly removedAt: string | null };

export type DiskOfferingState =
  | { readonly status: 'None' }
  | ({ readonly status: 'Active' | 'Removed' } & DiskOffering);

export const initialState = (): DiskOfferingState => ({ status: 'None' });

export const evolve = (state: DiskOfferingState, event: DiskOfferingEvent): DiskOfferingState => {
  switch (event.type) {
    case 'DiskOfferingCreated':
      return { status: 'Active', ...event.data, removedAt: null };
    case 'DiskOfferingUpdated':
      return state.status === 'None' ? state : mergeChanges(state, event.data.changes);
    case 'DiskOfferingDeleted':
      return state.status === 'None'
        ? state
        : { ...state, status: 'Removed', removedAt: event.data.removedAt };
    default:
      return state;
  }
};
