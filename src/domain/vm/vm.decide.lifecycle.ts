import { capabilitiesOf } from '../hypervisor/index.ts';
import { conflict, illegalState, invalid, unsupported } from '../shared/index.ts';
import type {
  CompleteVmStart,
  CompleteVmStop,
  DeployVm,
  FailVmStart,
  FailVmStop,
  HostDownForVm,
  RebootVm,
  ReportVmPowerState,
  RequestVmStart,
  RequestVmStop,
} from './vm.commands.ts';
import type { VmEvent } from './vm.events.ts';
import { vmEventTransitions } from './vm.eventTransitions.ts';
import { assertSize, hostOf, operation, placementOf, requireStatus, usageFacts, vmRef } from './vm.guards.ts';
import type { Vm, VmState } from './vm.state.ts';
import { vmStatuses } from './vm.stateMachine.ts';

/** CloudStack's instance-name rule: a hostname label (letters, digits, hyphens; no leading digit or hyphen). */
const validName = /^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

export const deployVm = ({ data: c }: DeployVm, state: VmState): VmEvent[] => {
  if (state.status !== 'Initial')
    throw conflict('VM_ALREADY_EXISTS', `A VM with id ${c.vmId} already exists`, {
      vmId: c.vmId,
      state: state.status,
    });
  if (!validName.test(c.name))
    throw invalid(
      'VM_INVALID_NAME',
      'A VM name may contain ASCII letters, digits and hyphens, must be 1 to 63 characters long, start with a letter and not end with a hyphen',
      { name: c.name },
    );
  assertSize(c.size);
  return [
    {
      type: 'VmCreated',
      data: {
        vmId: c.vmId,
        accountId: c.accountId,
        tenantDomainId: c.tenantDomainId,
        zoneId: c.zoneId,
        name: c.name,
        serviceOfferingId: c.serviceOfferingId,
        image: c.image,
        size: c.size,
        hypervisor: c.hypervisor,
        hostId: null,
        displayName: c.displayName || c.name,
        userId: c.userId,
        rootVolumeId: c.rootVolumeId,
        group: c.group,
        haEnabled: c.haEnabled,
        templateDynamicallyScalable: c.dynamicallyScalable,
        dynamicScalingEnabled: c.dynamicScalingEnabled ?? true,
        startVm: c.startVm,
        createdAt: c.now,
      },
    },
  ];
};

export const requestVmStart = ({ data: c }: RequestVmStart, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('start vm', 'VM_NOT_STOPPED', 'VmStartRequested'));
  const { hostId, podId, clusterId } = c;
  return [{ type: 'VmStartRequested', data: { ...vmRef(vm), hostId, podId, clusterId, size: vm.size } }];
};

export const completeVmStart = (_: CompleteVmStart, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('complete vm start', 'VM_NOT_STARTING', 'VmStarted'));
  return [{ type: 'VmStarted', data: usageFacts(vm, hostOf(vm)) }];
};

/**
 * A failed start returns the VM to Stopped; when the start was its creation (`toError`), CloudStack
 * then moves it on to Error (OperationFailedToError), which also ends its ALLOCATED_VM usage.
 */
export const failVmStart = ({ data: c }: FailVmStart, state: VmState): VmEvent[] => {
  const { VmStartFailed, VmCreationFailed } = vmEventTransitions;
  const vm = requireStatus(state, {
    name: 'fail vm start',
    code: 'VM_NOT_STARTING',
    allowed: c.toError ? [...VmStartFailed.from, ...VmCreationFailed.from] : VmStartFailed.from,
  });
  if (c.toError && vm.everStarted)
    throw illegalState(
      'VM_NOT_NEWLY_CREATED',
      `VM ${vm.name} has run before: a failed start returns it to Stopped, only a failed creation ends in Error`,
      { vmId: vm.vmId },
    );
  const stopped: VmEvent[] =
    vm.status === 'Starting'
      ? [{ type: 'VmStartFailed', data: { ...vmRef(vm), hostId: hostOf(vm), reason: c.reason } }]
      : [];
  const errored: VmEvent[] = c.toError
    ? [{ type: 'VmCreationFailed', data: { ...usageFacts(vm, null), reason: c.reason } }]
    : [];
  return [...stopped, ...errored];
};

/** A graceful stop runs from Running; a forced one may also escalate a graceful stop still in progress. */
export const requestVmStop = ({ data: c }: RequestVmStop, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, {
    name: c.forced ? 'force stop vm' : 'stop vm',
    code: 'VM_NOT_RUNNING',
    allowed: c.forced ? vmEventTransitions.VmStopRequested.from : ['Running'],
  });
  return [{ type: 'VmStopRequested', data: { ...vmRef(vm), hostId: hostOf(vm), forced: c.forced } }];
};

export const completeVmStop = (_: CompleteVmStop, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('complete vm stop', 'VM_NOT_STOPPING', 'VmStopped'));
  return [{ type: 'VmStopped', data: usageFacts(vm, hostOf(vm)) }];
};

export const failVmStop = ({ data: c }: FailVmStop, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('fail vm stop', 'VM_NOT_STOPPING', 'VmStopFailed'));
  return [{ type: 'VmStopFailed', data: { ...vmRef(vm), hostId: hostOf(vm), reason: c.reason } }];
};

/** Reboot needs a Running VM on a host and re-applies nothing (unlike start, per CloudStack docs). */
export const rebootVm = (_: RebootVm, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('reboot vm', 'VM_NOT_RUNNING', 'VmRebooted'));
  return [{ type: 'VmRebooted', data: { ...vmRef(vm), hostId: hostOf(vm) } }];
};

const powerOn = (vm: Vm, c: ReportVmPowerState['data']): VmEvent[] => {
  const reported = { hostId: c.hostId, podId: c.podId, clusterId: c.clusterId };
  switch (vm.status) {
    case 'Stopped':
    case 'Starting':
      return [{ type: 'VmPowerOnReported', data: { ...usageFacts(vm, c.hostId), ...reported } }];
    case 'Running':
    case 'Migrating':
      // Running where we placed it, or still on the migration source: nothing new.
      return c.hostId === hostOf(vm)
        ? []
        : [{ type: 'VmRunningConfirmedByPowerReport', data: { ...vmRef(vm), ...reported } }];
    default:
      return [];
  }
};

const powerOff = (vm: Vm, c: ReportVmPowerState['data']): VmEvent[] =>
  (vm.status === 'Running' || vm.status === 'Stopping') && c.hostId === hostOf(vm)
    ? [{ type: 'VmPowerOffReported', data: usageFacts(vm, c.hostId) }]
    : [];

/**
 * The FollowAgentPowerOn/OffReport edges. CloudStack follows power reports only for VMs without a
 * pending job; here a transitional state is the pending job, so a report the running operation
 * expects (Off while Starting, On while Stopping, On from the migration source, Off from it during
 * switch-over) changes nothing, while one showing its outcome settles the state. Reports from a
 * host the VM is not on are stale and ignored. A destroyed VM reported On is refused: it leaked.
 */
export const reportVmPowerState = ({ data: c }: ReportVmPowerState, state: VmState): VmEvent[] => {
  if (c.power === 'On') {
    const vm = requireStatus(state, {
      name: 'follow a power-on report',
      code: 'VM_UNEXPECTEDLY_RUNNING',
      allowed: ['Stopped', 'Starting', 'Running', 'Stopping', 'Migrating'],
    });
    return powerOn(vm, c);
  }
  // Any existing VM may be reported off; only an expunged one is refused (VM_EXPUNGED).
  const vm = requireStatus(state, {
    name: 'follow a power-off report',
    code: 'VM_EXPUNGED',
    allowed: vmStatuses.filter((s) => s !== 'Expunged'),
  });
  return powerOff(vm, c);
};

/** HA after fencing (§1.4): the VM is stopped where it ran; the HA workflow restarts it when `haEnabled`. */
export const hostDownForVm = ({ data: c }: HostDownForVm, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('handle host down', 'VM_NOT_RUNNING', 'VmStoppedByHostFailure'));
  if (!capabilitiesOf(vm.hypervisor).cloudstackHa)
    throw unsupported(
      'HYPERVISOR_HA_NOT_MANAGED',
      `${vm.hypervisor} VMs are not restarted by CloudStack HA; the hypervisor manager handles host failures`,
      { vmId: vm.vmId, hypervisor: vm.hypervisor },
    );
  if (placementOf(vm).hostId !== c.hostId)
    throw illegalState('VM_NOT_ON_HOST', `VM ${vm.name} is not on host ${c.hostId}`, {
      vmId: vm.vmId,
      hostId: c.hostId,
      currentHostId: hostOf(vm),
    });
  return [
    {
      type: 'VmStoppedByHostFailure',
      data: { ...usageFacts(vm, c.hostId), hostId: c.hostId, reason: c.reason, haEnabled: vm.haEnabled },
    },
  ];
};
