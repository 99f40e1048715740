import { z } from 'zod';
import { DomainError, illegalState } from '../../domain/shared/index.ts';
import type { Vm } from '../../domain/vm/index.ts';
import { later } from '../capacity/steps.ts';
import { type Workflow, WorkflowInterrupted } from '../jobs/workflow.ts';
import { loadOwner } from '../quota/limits.ts';
import type { Request, Submitted, VmDeps } from './deps.ts';
import { assertAllowed, loadOwnedVm, loadVm, requireRootAdmin } from './facts.ts';
import { compensate, type Flow, flowOf, reasonOf, submitVmJob, vmResult } from './flow.ts';
import { loadPlacementFacts } from './placement.ts';
import { newProgress, powerOn, undoPowerOn } from './powerOn.ts';

/** startVirtualMachine, stopVirtualMachine, rebootVirtualMachine: async, as in CloudStack. */

const vmIdParam = z.object({ vmId: z.string() });

// ---- start ----

export const startVmInput = z.object({ vmId: z.string().min(1), hostId: z.string().min(1).optional() });
export type StartVmInput = z.infer<typeof startVmInput>;

export const startVm = async (
  deps: VmDeps,
  { caller, ctx }: Request,
  raw: StartVmInput,
): Promise<Submitted> => {
  const input = startVmInput.parse(raw);
  const { vm } = await loadOwnedVm(deps.bus, caller, input.vmId);
  if (input.hostId !== undefined) requireRootAdmin(caller, 'choose the host a VM starts on');
  assertAllowed(
    { type: 'RequestVmStart', data: { vmId: vm.vmId, hostId: '-', podId: '-', clusterId: '-' } },
    vm,
  );
  return submitVmJob(deps.bus, ctx, 'StartVm', vm, { hostId: input.hostId ?? null });
};

/** Starts a stopped VM: on its last host when it still fits there, else wherever placement proposes. */
export const startSteps = async (
  flow: Flow,
  vm: Vm,
  { hostId, exclude, purpose }: { hostId?: string | null; exclude?: readonly string[]; purpose: string },
): Promise<void> => {
  const owner = await loadOwner(flow.bus, vm.accountId, { allowRemoved: true });
  const progress = newProgress();
  try {
    await powerOn(
      flow,
      {
        vm,
        owner,
        facts: await loadPlacementFacts(flow.bus, vm.serviceOfferingId),
        pinned: hostId ? { hostId } : {},
        ...(exclude ? { exclude } : {}),
        purpose,
      },
      progress,
    );
  } catch (e) {
    if (e instanceof WorkflowInterrupted) throw e;
    await compensate([() => undoPowerOn(flow, vm.vmId, progress, reasonOf(e), { toError: false })]);
    throw e;
  }
};

const startParams = z.object({ vmId: z.string(), hostId: z.string().nullable() });

export const startWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const params = startParams.parse(tools.job.params);
    await startSteps(flow, await loadVm(flow.bus, params.vmId), { hostId: params.hostId, purpose: 'start' });
    return vmResult(await loadVm(flow.bus, params.vmId));
  };

// ---- stop ----

export const stopVmInput = z.object({ vmId: z.string().min(1), forced: z.boolean().optional() });
export type StopVmInput = z.infer<typeof stopVmInput>;

export const stopVm = async (
  deps: VmDeps,
  { caller, ctx }: Request,
  raw: StopVmInput,
): Promise<Submitted> => {
  const input = stopVmInput.parse(raw);
  const { vm } = await loadOwnedVm(deps.bus, caller, input.vmId);
  const forced = input.forced ?? false;
  assertAllowed({ type: 'RequestVmStop', data: { vmId: vm.vmId, forced } }, vm);
  return submitVmJob(deps.bus, ctx, 'StopVm', vm, { forced });
};

/**
 * Stops a running VM through the hypervisor. Its capacity stays counted on the host as "reserved"
 * for `capacity.skipcounting.hours`, so a restart finds room there; a failed stop leaves it Running.
 */
export const stopSteps = async (flow: Flow, vmId: string, forced: boolean): Promise<void> => {
  const { runner } = flow;
  const vm = await loadVm(flow.bus, vmId);
  const hostId = vm.placement?.hostId ?? vm.lastHostId;
  if (vm.status !== 'Stopped') {
    await runner.step('request-stop', 'vm', vmId, { type: 'RequestVmStop', data: { vmId, forced } });
    try {
      await flow.driver.stopVm({ vmId, hostId: hostId ?? '', forced });
    } catch (e) {
      if (e instanceof WorkflowInterrupted) throw e;
      await runner.step('fail-stop', 'vm', vmId, { type: 'FailVmStop', data: { vmId, reason: reasonOf(e) } });
      throw e;
    }
    await runner.step('complete-stop', 'vm', vmId, { type: 'CompleteVmStop', data: { vmId } });
  }
  if (hostId === null) return;
  const now = runner.now();
  try {
    const result = await runner.step('keep-capacity', 'host', hostId, {
      type: 'KeepHostCapacityForStoppedVm',
      data: { hostId, vmId, now, keepUntil: later(now, flow.settings.keepStoppedCapacitySeconds) },
    });
    flow.capacity.observe('host', hostId, result);
  } catch (e) {
    // Nothing committed there (never started on it): nothing to keep.
    if (!(e instanceof DomainError && e.kind !== 'invalid')) throw e;
  }
};

const stopParams = z.object({ vmId: z.string(), forced: z.boolean() });

export const stopWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const params = stopParams.parse(tools.job.params);
    await stopSteps(flow, params.vmId, params.forced);
    return vmResult(await loadVm(flow.bus, params.vmId));
  };

// ---- reboot ----

export const rebootVm = async (
  deps: VmDeps,
  { caller, ctx }: Request,
  raw: { vmId: string },
): Promise<Submitted> => {
  const { vmId } = vmIdParam.parse(raw);
  const { vm } = await loadOwnedVm(deps.bus, caller, vmId);
  assertAllowed({ type: 'RebootVm', data: { vmId } }, vm);
  return submitVmJob(deps.bus, ctx, 'RebootVm', vm, {});
};

export const rebootWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const { vmId } = vmIdParam.parse(tools.job.params);
    const vm = await loadVm(flow.bus, vmId);
    if (vm.status !== 'Running' || !vm.placement)
      throw illegalState(
        'VM_NOT_RUNNING',
        `VM ${vm.name} is ${vm.status}; only a Running VM can be rebooted`,
        {
          vmId,
        },
      );
    await flow.driver.rebootVm({ vmId, hostId: vm.placement.hostId });
    await flow.runner.step('reboot', 'vm', vmId, { type: 'RebootVm', data: { vmId } });
    return vmResult(await loadVm(flow.bus, vmId));
  };
