import type { ComputeRequest } from '../capacity/index.ts';
import type { HypervisorType } from '../hypervisor/index.ts';
import type { VmEvent, VmEventOf, VmImage } from './vm.events.ts';
import { vmEventTransitions } from './vm.eventTransitions.ts';
import { next, type VmStatus } from './vm.stateMachine.ts';

/** Where a VM is (Starting: the host it starts on; Migrating: the source host). */
export type VmPlacement = { readonly hostId: string; readonly podId: string; readonly clusterId: string };

export type Vm = {
  readonly status: VmStatus;
  readonly vmId: string;
  readonly name: string;
  readonly displayName: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly userId: string;
  readonly zoneId: string;
  readonly serviceOfferingId: string;
  readonly size: ComputeRequest;
  readonly image: VmImage;
  readonly rootVolumeId: string;
  readonly hypervisor: HypervisorType;
  readonly group: string | null;
  readonly haEnabled: boolean;
  /** The template's (or ISO's) "dynamically scalable" flag. */
  readonly templateDynamicallyScalable: boolean;
  /** The VM's own dynamic-scaling flag. */
  readonly dynamicScalingEnabled: boolean;
  /** Null exactly when the VM is on no host (Stopped, Destroyed, Error, ...). */
  readonly placement: VmPlacement | null;
  /** CloudStack's last_host_id: kept while Stopped so a restart prefers the same host. */
  readonly lastHostId: string | null;
  readonly migrationTarget: VmPlacement | null;
  /** Whether the VM ever ran: only a VM that never did may end in Error on a failed start. */
  readonly everStarted: boolean;
};

export type VmState = { readonly status: 'Initial' } | Vm;

export const initialState = (): VmState => ({ status: 'Initial' });

const created = (d: VmEventOf<'VmCreated'>['data']): Vm => ({
  status: 'Stopped',
  vmId: d.vmId,
  name: d.name,
  displayName: d.displayName,
  accountId: d.accountId,
  tenantDomainId: d.tenantDomainId,
  userId: d.userId,
  zoneId: d.zoneId,
  serviceOfferingId: d.serviceOfferingId,
  size: d.size,
  image: d.image,
  rootVolumeId: d.rootVolumeId,
  hypervisor: d.hypervisor,
  group: d.group,
  haEnabled: d.haEnabled,
  templateDynamicallyScalable: d.templateDynamicallyScalable,
  dynamicScalingEnabled: d.dynamicScalingEnabled,
  placement: null,
  lastHostId: null,
  migrationTarget: null,
  everStarted: false,
});

/** Leaving a host: CloudStack clears host_id and keeps it as last_host_id. */
const offHost = (vm: Vm): Vm => ({
  ...vm,
  placement: null,
  lastHostId: vm.placement?.hostId ?? vm.lastHostId,
  migrationTarget: null,
});

const placed = (vm: Vm, d: { hostId: string; podId: string; clusterId: string }): Vm => ({
  ...vm,
  placement: { hostId: d.hostId, podId: d.podId, clusterId: d.clusterId },
  migrationTarget: null,
});

/** The fields an event changes besides the status. */
const applyData = (vm: Vm, event: Exclude<VmEvent, { type: 'VmCreated' }>): Vm => {
  switch (event.type) {
    case 'VmStartRequested':
      return placed(vm, event.data);
    case 'VmStarted':
      return { ...vm, everStarted: true };
    case 'VmStartFailed':
    case 'VmCreationFailed':
      return { ...vm, placement: null };
    case 'VmStopped':
    case 'VmPowerOffReported':
    case 'VmStoppedByHostFailure':
      return offHost(vm);
    case 'VmMigrationRequested':
      return {
        ...vm,
        migrationTarget: {
          hostId: event.data.targetHostId,
          podId: event.data.targetPodId,
          clusterId: event.data.targetClusterId,
        },
      };
    case 'VmMigrated':
    case 'VmRunningConfirmedByPowerReport':
      return placed(vm, event.data);
    case 'VmMigrationFailed':
      return { ...vm, migrationTarget: null };
    case 'VmPowerOnReported':
      return { ...placed(vm, event.data), everStarted: true };
    case 'VmRestored':
      return {
        ...vm,
        image: event.data.image,
        rootVolumeId: event.data.rootVolumeId,
        templateDynamicallyScalable: event.data.templateDynamicallyScalable,
      };
    case 'VmServiceOfferingChanged':
    case 'VmScaled':
      return { ...vm, serviceOfferingId: event.data.serviceOfferingId, size: event.data.size };
    case 'VmUpdated':
      return {
        ...vm,
        displayName: event.data.displayName ?? vm.displayName,
        group: event.data.group === undefined ? vm.group : event.data.group,
        haEnabled: event.data.haEnabled ?? vm.haEnabled,
        dynamicScalingEnabled: event.data.dynamicScalingEnabled ?? vm.dynamicScalingEnabled,
      };
    default:
      return vm;
  }
};

/** Applies one event: its edge in the transition table gives the status; out-of-place events are ignored. */
export const evolve = (state: VmState, event: VmEvent): VmState => {
  if (event.type === 'VmCreated') return state.status === 'Initial' ? created(event.data) : state;
  if (state.status === 'Initial') return state;
  const { from, fsm } = vmEventTransitions[event.type];
  if (!from.includes(state.status)) return state;
  const status = fsm === null ? state.status : (next(state.status, fsm) ?? state.status);
  return { ...applyData(state, event), status };
};
