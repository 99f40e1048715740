import type { HypervisorType } from '../hypervisor/index.ts';
import type { AllocationState } from '../infrastructure/index.ts';
import type { ClusterEvent } from './cluster.events.ts';
import type { OverprovisioningFactors } from './overprovisioning.ts';

export type Cluster = OverprovisioningFactors & {
  readonly clusterId: string;
  readonly zoneId: string;
  readonly podId: string;
  readonly name: string;
  readonly hypervisor: HypervisorType;
  readonly allocationState: AllocationState;
  readonly removed: boolean;
};

/** null until ClusterCreated. */
export type ClusterState = Cluster | null;

export const initialState = (): ClusterState => null;

export const evolve = (state: ClusterState, event: ClusterEvent): ClusterState => {
  if (event.type === 'ClusterCreated') return { ...event.data, removed: false };
  if (state === null) return state;
  switch (event.type) {
    case 'ClusterRenamed':
      return { ...state, name: event.data.name };
    case 'ClusterOverprovisioningUpdated':
      return {
        ...state,
        cpuOverprovisioning: event.data.cpuOverprovisioning,
        memoryOverprovisioning: event.data.memoryOverprovisioning,
      };
    case 'ClusterEnabled':
      return { ...state, allocationState: 'Enabled' };
    case 'ClusterDisabled':
      return { ...state, allocationState: 'Disabled' };
    case 'ClusterDeleted':
      return { ...state, removed: true };
    default:
      return state;
  }
};
