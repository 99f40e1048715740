import type { ComputeRequest } from '../capacity/index.ts';
import { illegalState, invalid, notFound } from '../shared/index.ts';
import type { VmEventType } from './vm.events.ts';
import { vmEventTransitions } from './vm.eventTransitions.ts';
import type { Vm, VmPlacement, VmState } from './vm.state.ts';
import type { VmStatus } from './vm.stateMachine.ts';

/** An operation as CloudStack names it in messages ("restore vm"), the code used when the state is wrong, and where it is allowed. */
export type VmOperation = {
  readonly name: string;
  readonly code: string;
  readonly allowed: readonly VmStatus[];
};

/** An operation allowed exactly where the event it records may follow (the transition table decides). */
export const operation = (
  name: string,
  code: string,
  recorded: Exclude<VmEventType, 'VmCreated'>,
): VmOperation => ({ name, code, allowed: vmEventTransitions[recorded].from });

const listed = (statuses: readonly VmStatus[]): string => statuses.join(' or ');

/**
 * The VM, when `op` is allowed in its state; otherwise the refusal. A missing or expunged VM is not
 * found, a destroyed one says so, anything else gets the operation's own code.
 */
export const requireStatus = (state: VmState, op: VmOperation): Vm => {
  if (state.status === 'Initial')
    throw notFound('VM_NOT_FOUND', `Unable to ${op.name}: the VM does not exist`);
  if (op.allowed.includes(state.status)) return state;
  const details = { vmId: state.vmId, state: state.status, allowed: op.allowed };
  if (state.status === 'Expunged')
    throw notFound('VM_EXPUNGED', `Unable to ${op.name}: VM ${state.name} has been expunged`, details);
  if (state.status === 'Destroyed')
    throw illegalState(
      'VM_ALREADY_DESTROYED',
      `Unable to ${op.name}: VM ${state.name} is destroyed; recover it first`,
      details,
    );
  if (state.status === 'Expunging')
    throw illegalState('VM_EXPUNGING', `Unable to ${op.name}: VM ${state.name} is being expunged`, details);
  throw illegalState(
    op.code,
    `${op.name} can only execute when VM in ${listed(op.allowed)}; VM ${state.name} is ${state.status}`,
    details,
  );
};

/** The ids every VM event carries. */
export const vmRef = (vm: Vm) => ({
  vmId: vm.vmId,
  accountId: vm.accountId,
  tenantDomainId: vm.tenantDomainId,
  zoneId: vm.zoneId,
});

/** What usage metering keys on, with the host involved. */
export const usageFacts = (vm: Vm, hostId: string | null) => ({
  ...vmRef(vm),
  name: vm.name,
  serviceOfferingId: vm.serviceOfferingId,
  image: vm.image,
  size: vm.size,
  hypervisor: vm.hypervisor,
  hostId,
});

/**
 * The state machine keeps `placement` set while a VM is Starting, Running, Stopping or Migrating and
 * `migrationTarget` set while Migrating; a state without them was not built by this decider's events.
 */
const required = <T>(vm: Vm, value: T | null, what: string): T => {
  if (value === null)
    throw illegalState('VM_INCONSISTENT_STATE', `VM ${vm.name} is ${vm.status} but has no ${what}`, {
      vmId: vm.vmId,
      state: vm.status,
    });
  return value;
};

export const placementOf = (vm: Vm): VmPlacement => required(vm, vm.placement, 'host');
export const hostOf = (vm: Vm): string => placementOf(vm).hostId;
export const migrationTargetOf = (vm: Vm): VmPlacement =>
  required(vm, vm.migrationTarget, 'migration target');

export const assertSize = (size: ComputeRequest): void => {
  const { cpuNumber, cpuSpeedMhz, memoryMiB } = size;
  if (![cpuNumber, cpuSpeedMhz, memoryMiB].every((n) => Number.isInteger(n) && n > 0))
    throw invalid(
      'VM_INVALID_SIZE',
      'CPU number, CPU speed (MHz) and memory (MiB) must be positive whole numbers',
      { cpuNumber, cpuSpeedMhz, memoryMiB },
    );
};

const sameSize = (a: ComputeRequest, b: ComputeRequest): boolean =>
  a.cpuNumber === b.cpuNumber && a.cpuSpeedMhz === b.cpuSpeedMhz && a.memoryMiB === b.memoryMiB;

/** A new offering (or custom size) must be valid and differ from the VM's current one. */
export const assertOfferingChange = (vm: Vm, serviceOfferingId: string, size: ComputeRequest): void => {
  assertSize(size);
  if (serviceOfferingId === vm.serviceOfferingId && sameSize(size, vm.size))
    throw invalid(
      'VM_OFFERING_UNCHANGED',
      `Not upgrading VM ${vm.name} since it already has the requested service offering`,
      { vmId: vm.vmId, serviceOfferingId },
    );
};

export const offeringChangeFacts = (vm: Vm, serviceOfferingId: string, size: ComputeRequest) => ({
  ...usageFacts(vm, vm.placement?.hostId ?? null),
  serviceOfferingId,
  size,
  previousServiceOfferingId: vm.serviceOfferingId,
  previousSize: vm.size,
});
