import { mergeChanges } from '../../shared/index.ts';
import type { ServiceOfferingCreated, ServiceOfferingEvent } from './serviceOffering.events.ts';

export type ServiceOffering = ServiceOfferingCreated['data'] & { readonly removedAt: string | null };

export type ServiceOfferingState =
  | { readonly status: 'None' }
  | ({ readonly status: 'Active' | 'Removed' } & ServiceOffering);

export const initialState = (): ServiceOfferingState => ({ status: 'None' });

export const evolve = (state: ServiceOfferingState, event: ServiceOfferingEvent): ServiceOfferingState => {
  switch (event.type) {
    case 'ServiceOfferingCreated':
      return { status: 'Active', ...event.data, removedAt: null };
    case 'ServiceOfferingUpdated':
      return state.status === 'None' ? state : mergeChanges(state, event.data.changes);
    case 'ServiceOfferingDeleted':
      return state.status === 'None'
        ? state
        : { ...state, status: 'Removed', removedAt: event.data.removedAt };
    default:
      return state;
  }
};
