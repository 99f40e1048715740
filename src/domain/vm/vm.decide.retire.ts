import { forbidden, illegalState } from '../shared/index.ts';
import type { DestroyVm, ExpungeVm, RecoverVm } from './vm.commands.ts';
import type { VmEvent } from './vm.events.ts';
import { operation, requireStatus, usageFacts, vmRef } from './vm.guards.ts';
import type { VmState } from './vm.state.ts';

const allowUserExpungeRecover = 'allow.user.expunge.recover.vm';

/**
 * Destroy: Stopped → Destroyed (recoverable until expunged); with `expunge` the retention window is
 * skipped and expunging starts at once. An Error VM has nothing to keep and goes straight to
 * Expunging. A Running VM is refused: the destroy workflow stops it first.
 */
export const destroyVm = ({ data: c }: DestroyVm, state: VmState): VmEvent[] => {
  if (c.expunge && !c.expungeRecoverAllowed)
    throw forbidden(
      'VM_EXPUNGE_NOT_ALLOWED',
      `Only a root admin may expunge a VM when destroying it, unless ${allowUserExpungeRecover} is enabled for the account`,
      { vmId: c.vmId },
    );
  if (state.status === 'Running')
    throw illegalState('VM_MUST_BE_STOPPED', `VM ${state.name} is Running: stop it before destroying it`, {
      vmId: state.vmId,
      state: state.status,
    });
  const vm = requireStatus(state, {
    name: 'destroy vm',
    code: 'VM_NOT_STOPPED',
    allowed: ['Stopped', 'Error'],
  });
  const expungeStarted: VmEvent = { type: 'VmExpungeStarted', data: vmRef(vm) };
  if (vm.status === 'Error') return [expungeStarted];
  const destroyed: VmEvent = {
    type: 'VmDestroyed',
    data: {
      ...usageFacts(vm, null),
      expunge: c.expunge,
      rootVolumeId: vm.rootVolumeId,
      dataVolumeIdsToDelete: [...(c.dataVolumeIdsToDelete ?? [])],
    },
  };
  return c.expunge ? [destroyed, expungeStarted] : [destroyed];
};

/** Recover: Destroyed → Stopped. Limits are re-checked by the quota ledger before this command. */
export const recoverVm = ({ data: c }: RecoverVm, state: VmState): VmEvent[] => {
  if (!c.expungeRecoverAllowed)
    throw forbidden(
      'VM_RECOVER_NOT_ALLOWED',
      `Only a root admin may recover a destroyed VM, unless ${allowUserExpungeRecover} is enabled for the account`,
      { vmId: c.vmId },
    );
  const vm = requireStatus(state, operation('recover vm', 'VM_NOT_DESTROYED', 'VmRecovered'));
  if (c.ownerAccountRemoved)
    throw illegalState(
      'VM_OWNER_REMOVED',
      `Unable to recover VM ${vm.name}: the account that owns it has been removed`,
      { vmId: vm.vmId, accountId: vm.accountId },
    );
  return [{ type: 'VmRecovered', data: usageFacts(vm, null) }];
};

/**
 * Expunge: Destroyed or Error → Expunging → Expunged (the row marked removed). A VM already Expunging
 * (destroyed with `expunge`, or a retry after a failed expunge) only completes.
 */
export const expungeVm = (_: ExpungeVm, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, {
    name: 'expunge vm',
    code: 'VM_NOT_DESTROYED',
    allowed: ['Destroyed', 'Error', 'Expunging'],
  });
  const expunged: VmEvent = { type: 'VmExpunged', data: vmRef(vm) };
  return vm.status === 'Expunging' ? [expunged] : [{ type: 'VmExpungeStarted', data: vmRef(vm) }, expunged];
};
