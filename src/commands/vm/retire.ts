import { z } from 'zod';
import { releaseHost } from '../capacity/reserve.ts';
import { later } from '../capacity/steps.ts';
import { deterministicEventId } from '../eventIds.ts';
import type { CommandResult } from '../handleCommand.ts';
import type { Workflow } from '../jobs/workflow.ts';
import { loadOwner, resolveQuotaScopes } from '../quota/limits.ts';
import { commitQuota, releaseCounted, releaseQuota, reserveQuota } from '../quota/reservations.ts';
import { type Request, type Submitted, settingsOf, type VmDeps, type VmHookDeps } from './deps.ts';
import { assertAllowed, isRootAdmin, loadOwnedVm, loadVm } from './facts.ts';
import {
  computeResources,
  type Flow,
  flowOf,
  hookFlow,
  plus,
  requestFlow,
  rootVolumeResources,
  submitVmJob,
  vmResult,
} from './flow.ts';
import { stopSteps } from './power.ts';
import { loadVolume, removeRootVolume } from './volumes.ts';

/**
 * destroyVirtualMachine (async), recoverVirtualMachine (sync), expungeVirtualMachine (async), and
 * `expungeVm(deps, vmId)` for the delayed-expunge timer. A destroyed VM and its ROOT volume no longer
 * count towards limits (cloudstack-domain.md §5.3); recovering counts them again, within the limits.
 */

const expungeRecoverAllowed = (deps: VmDeps, req: Request): boolean =>
  isRootAdmin(req.caller) || settingsOf(deps).allowUserExpungeRecoverVm;

// ---- destroy ----

export const destroyVmInput = z.object({
  vmId: z.string().min(1),
  expunge: z.boolean().optional(),
  /** DATADISK volumes to delete with the VM (recorded on the VM; the storage side deletes them). */
  volumeIds: z.array(z.string().min(1)).optional(),
});
export type DestroyVmInput = z.infer<typeof destroyVmInput>;

export const destroyVm = async (deps: VmDeps, req: Request, raw: DestroyVmInput): Promise<Submitted> => {
  const input = destroyVmInput.parse(raw);
  const { vm } = await loadOwnedVm(deps.bus, req.caller, input.vmId);
  const command = {
    type: 'DestroyVm' as const,
    data: {
      vmId: vm.vmId,
      expunge: input.expunge ?? false,
      expungeRecoverAllowed: expungeRecoverAllowed(deps, req),
      dataVolumeIdsToDelete: input.volumeIds ?? [],
    },
  };
  // A running VM is stopped first by the job; check the rest as if it were stopped.
  assertAllowed(command, vm.status === 'Running' ? { ...vm, status: 'Stopped' } : vm);
  return submitVmJob(deps.bus, req.ctx, 'DestroyVm', vm, command.data);
};

const destroyParams = z.object({
  vmId: z.string(),
  expunge: z.boolean(),
  expungeRecoverAllowed: z.boolean(),
  dataVolumeIdsToDelete: z.array(z.string()),
});

/**
 * Removes the VM from the hypervisor, marks it expunged, and takes its ROOT volume off storage. For
 * a VM already marked expunged (an expunge resumed after a crash) only what may be left is done: its
 * host's capacity and its ROOT volume; both are no-ops when nothing is left.
 */
export const expungeSteps = async (flow: Flow, vmId: string): Promise<void> => {
  const vm = await loadVm(flow.bus, vmId);
  if (vm.status !== 'Expunged') {
    assertAllowed({ type: 'ExpungeVm', data: { vmId } }, vm);
    await flow.driver.expungeVm({ vmId });
    await flow.runner.step('expunge', 'vm', vmId, { type: 'ExpungeVm', data: { vmId } });
  }
  if (vm.lastHostId) await releaseHost(flow.runner, flow.capacity, vm.lastHostId, { vmId });
  await removeRootVolume(flow, vm.rootVolumeId, vmId, null);
};

export type DestroyParams = z.infer<typeof destroyParams>;

/**
 * Destroys a VM: stopped first when running, its host capacity released, its ROOT volume destroyed,
 * what it counted given back to its owner's limits; expunged too with `expunge` (an Error VM always).
 */
export const destroySteps = async (flow: Flow, params: DestroyParams): Promise<void> => {
  const { runner, bus } = flow;
  const { vmId } = params;
  let vm = await loadVm(bus, vmId);
  if (vm.status === 'Running' || vm.status === 'Stopping') {
    await stopSteps(flow, vmId, false);
    vm = await loadVm(bus, vmId);
  }
  const destroyed = await runner.step('destroy', 'vm', vmId, { type: 'DestroyVm', data: params });
  // Only a Stopped VM is recorded destroyed, and only it counted: an Error VM's failed creation gave
  // everything back. The step's events (the first ones, for a resumed job) tell which it was.
  const counted = destroyed.events.some((e) => e.type === 'VmDestroyed');
  if (vm.lastHostId) await releaseHost(runner, flow.capacity, vm.lastHostId, { vmId });
  const volume = await loadVolume(flow, vm.rootVolumeId);
  if (volume && (volume.status === 'Ready' || volume.status === 'Allocated'))
    await runner.step('destroy-root-volume', 'volume', volume.volumeId, {
      type: 'DestroyRootVolume',
      data: { volumeId: volume.volumeId, vmId, now: runner.now() },
    });
  if (counted) {
    const scopes = await resolveQuotaScopes(bus, await loadOwner(bus, vm.accountId, { allowRemoved: true }));
    const resources = plus(computeResources(vm.size), volume ? rootVolumeResources(volume.sizeBytes) : {});
    await releaseCounted(flow, scopes, 'destroy', resources);
  }
  if (params.expunge || !counted) await expungeSteps(flow, vmId);
};

export const destroyWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const params = destroyParams.parse(tools.job.params);
    await destroySteps(flow, params);
    return vmResult(await loadVm(flow.bus, params.vmId));
  };

// ---- expunge ----

export const expungeVirtualMachine = async (
  deps: VmDeps,
  req: Request,
  raw: { vmId: string },
): Promise<Submitted> => {
  const { vmId } = z.object({ vmId: z.string().min(1) }).parse(raw);
  const { vm } = await loadOwnedVm(deps.bus, req.caller, vmId);
  if (!expungeRecoverAllowed(deps, req))
    assertAllowed({ type: 'DestroyVm', data: { vmId, expunge: true, expungeRecoverAllowed: false } }, vm);
  assertAllowed({ type: 'ExpungeVm', data: { vmId } }, vm);
  return submitVmJob(deps.bus, req.ctx, 'ExpungeVm', vm, {});
};

export const expungeWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const { vmId } = z.object({ vmId: z.string() }).parse(tools.job.params);
    await expungeSteps(flow, vmId);
    return { success: true };
  };

/**
 * The delayed expunge: expunges a destroyed VM now, outside any job. Calling it again for the same VM
 * finds the steps already done and does nothing more.
 */
export const expungeVm = async (deps: VmHookDeps, vmId: string): Promise<void> => {
  const key = deterministicEventId(vmId, 'expunge-vm', 0);
  await expungeSteps(hookFlow(deps, key, 'ExpungeVm', vmId), vmId);
};

// ---- recover ----

/**
 * recoverVirtualMachine (sync): the VM and its ROOT volume count again, so the limits of the account
 * and its domains are checked (and the quota taken) before the VM is recovered.
 */
export const recoverVm = async (
  deps: VmDeps,
  req: Request,
  raw: { vmId: string },
): Promise<{ vmId: string; position: CommandResult<unknown>['position'] }> => {
  const { vmId } = z.object({ vmId: z.string().min(1) }).parse(raw);
  const { bus } = deps;
  const { vm, owner } = await loadOwnedVm(bus, req.caller, vmId);
  const command = {
    type: 'RecoverVm' as const,
    data: {
      vmId,
      ownerAccountRemoved: owner.account.status === 'removed',
      expungeRecoverAllowed: expungeRecoverAllowed(deps, req),
    },
  };
  assertAllowed(command, vm);
  const flow = requestFlow(deps, req.ctx);
  const volume = await loadVolume(flow, vm.rootVolumeId);
  const resources = plus(computeResources(vm.size), volume ? rootVolumeResources(volume.sizeBytes) : {});
  const scopes = await resolveQuotaScopes(bus, owner);
  const hold = await reserveQuota(
    flow,
    scopes,
    'recover',
    resources,
    later(flow.runner.now(), flow.settings.reservationTtlSeconds),
  );
  try {
    const recovered = await flow.runner.step('recover', 'vm', vmId, command);
    if (volume?.status === 'Destroy')
      await flow.runner.step('recover-root-volume', 'volume', volume.volumeId, {
        type: 'RecoverVolume',
        data: { volumeId: volume.volumeId },
      });
    await commitQuota(flow, hold);
    return { vmId, position: recovered.position };
  } catch (e) {
    await releaseQuota(flow, hold);
    throw e;
  }
};
