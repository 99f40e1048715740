import { z } from 'zod';
import type { ComputeRequest } from '../../domain/capacity/index.ts';
import { resolveComputeSize } from '../../domain/offering/service/index.ts';
import { illegalState } from '../../domain/shared/index.ts';
import { releaseHost, reservationIdOf } from '../capacity/reserve.ts';
import { resizeOnHost } from '../capacity/resize.ts';
import { later } from '../capacity/steps.ts';
import type { CommandResult } from '../handleCommand.ts';
import { type Workflow, WorkflowInterrupted } from '../jobs/workflow.ts';
import { loadOwner, type Owner, resolveQuotaScopes } from '../quota/limits.ts';
import { commitQuota, releaseCounted, releaseQuota, reserveQuota } from '../quota/reservations.ts';
import { type Request, type Submitted, settingsOf, type VmDeps } from './deps.ts';
import { assertAllowed, loadOwnedVm, loadServiceOffering, loadVm } from './facts.ts';
import { compensate, flowOf, isEmpty, requestFlow, sizeDelta, submitVmJob, vmResult } from './flow.ts';

/**
 * changeServiceForVirtualMachine (sync, Stopped VM) and scaleVirtualMachine (async, Running VM):
 * a bigger size is reserved on the owner's ledgers before it is recorded (only the growth: cpu and
 * memory), a smaller one gives the difference back. Scaling a running VM also swaps its capacity on
 * its host atomically (capacity/resize.ts), so the host's stream decides whether it still fits.
 */

const sizeInput = z
  .object({
    cpuNumber: z.number().int().positive().optional(),
    cpuSpeedMhz: z.number().int().positive().optional(),
    memoryMiB: z.number().int().positive().optional(),
  })
  .optional();

export const changeOfferingInput = z.object({
  vmId: z.string().min(1),
  serviceOfferingId: z.string().min(1),
  size: sizeInput,
});
export type ChangeOfferingInput = z.infer<typeof changeOfferingInput>;

const newSizeOf = async (deps: VmDeps, owner: Owner, zoneId: string, input: ChangeOfferingInput) => {
  const offering = await loadServiceOffering(deps.bus, input.serviceOfferingId, zoneId, owner);
  return { offering, size: resolveComputeSize(offering, input.size) };
};

export const changeServiceOffering = async (
  deps: VmDeps,
  req: Request,
  raw: ChangeOfferingInput,
): Promise<{ vmId: string; position: CommandResult<unknown>['position'] }> => {
  const input = changeOfferingInput.parse(raw);
  const { bus } = deps;
  const { vm, owner } = await loadOwnedVm(bus, req.caller, input.vmId);
  const { offering, size } = await newSizeOf(deps, owner, vm.zoneId, input);
  const command = {
    type: 'ChangeVmServiceOffering' as const,
    data: { vmId: vm.vmId, serviceOfferingId: offering.offeringId, size, hasVmSnapshots: false },
  };
  assertAllowed(command, vm);
  const flow = requestFlow(deps, req.ctx);
  const { more, less } = sizeDelta(vm.size, size);
  const scopes = await resolveQuotaScopes(bus, owner);
  const hold = await reserveQuota(
    flow,
    scopes,
    'change-offering',
    more,
    later(flow.runner.now(), flow.settings.reservationTtlSeconds),
  );
  let changed: CommandResult<unknown>;
  try {
    changed = await flow.runner.step('change-offering', 'vm', vm.vmId, command);
  } catch (e) {
    await releaseQuota(flow, hold);
    throw e;
  }
  await commitQuota(flow, hold);
  if (!isEmpty(less)) await releaseCounted(flow, scopes, 'change-offering', less);
  // What the stopped VM kept on its last host has the old size: the next start reserves the new one.
  if (vm.lastHostId) await releaseHost(flow.runner, flow.capacity, vm.lastHostId, { vmId: vm.vmId });
  return { vmId: vm.vmId, position: changed.position };
};

// ---- scale ----

const scaleCommand = (
  vmId: string,
  serviceOfferingId: string,
  size: ComputeRequest,
  deps: VmDeps,
  offeringScales: boolean,
) => ({
  type: 'ScaleVm' as const,
  data: {
    vmId,
    serviceOfferingId,
    size,
    zoneDynamicScalingEnabled: settingsOf(deps).enableDynamicScaleVm,
    offeringDynamicScalingEnabled: offeringScales,
  },
});

export const scaleVm = async (deps: VmDeps, req: Request, raw: ChangeOfferingInput): Promise<Submitted> => {
  const input = changeOfferingInput.parse(raw);
  const { vm, owner } = await loadOwnedVm(deps.bus, req.caller, input.vmId);
  const { offering, size } = await newSizeOf(deps, owner, vm.zoneId, input);
  const command = scaleCommand(vm.vmId, offering.offeringId, size, deps, offering.dynamicScalingEnabled);
  assertAllowed(command, vm);
  return submitVmJob(deps.bus, req.ctx, 'ScaleVm', vm, { ...command.data, previousSize: vm.size });
};

const sizeParam = z.object({ cpuNumber: z.number(), cpuSpeedMhz: z.number(), memoryMiB: z.number() });
const scaleParams = z.object({
  vmId: z.string(),
  serviceOfferingId: z.string(),
  size: sizeParam,
  zoneDynamicScalingEnabled: z.boolean(),
  offeringDynamicScalingEnabled: z.boolean(),
  /** The size when the job was submitted: what the quota delta is measured from, even on a resumed job. */
  previousSize: sizeParam,
});

export const scaleWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const { runner, bus } = flow;
    const { previousSize: previous, ...params } = scaleParams.parse(tools.job.params);
    const vm = await loadVm(bus, params.vmId);
    const toReservationId = reservationIdOf(runner.key, 'host:scale');
    const hostId = vm.placement?.hostId;
    if (!hostId || vm.status !== 'Running')
      throw illegalState('VM_NOT_RUNNING', `VM ${vm.name} is ${vm.status}; only a Running VM can be scaled`, {
        vmId: vm.vmId,
      });
    const host = (await bus.load('host', hostId)).state;
    const held = Object.values(host?.reservations ?? {}).find(
      (r) => r.holderId === vm.vmId && r.status === 'Used',
    );
    const resumed = held?.reservationId === toReservationId;
    const from = resumed ? toReservationId : (held?.reservationId ?? toReservationId);
    const command = { type: 'ScaleVm' as const, data: params };
    if (!resumed) {
      const { more, less } = sizeDelta(previous, vm.size);
      if (!isEmpty(more) || !isEmpty(less))
        throw illegalState(
          'VM_SIZE_CHANGED',
          `VM ${vm.name} changed size since the scale was asked for; ask again`,
          {
            vmId: vm.vmId,
          },
        );
      assertAllowed(command, vm);
    }
    const owner = await loadOwner(bus, vm.accountId, { allowRemoved: true });
    const scopes = await resolveQuotaScopes(bus, owner);
    const expiresAt = later(runner.now(), flow.settings.reservationTtlSeconds);
    const hold = await reserveQuota(flow, scopes, 'scale', sizeDelta(previous, params.size).more, expiresAt);
    let resized = resumed;
    try {
      const now = runner.now();
      await resizeOnHost(runner, flow.capacity, 'resize-host', {
        hostId,
        vmId: vm.vmId,
        fromReservationId: from,
        toReservationId,
        size: params.size,
        now,
        expiresAt,
      });
      resized = true;
      await runner.step('scale', 'vm', vm.vmId, command);
      await commitQuota(flow, hold);
    } catch (e) {
      if (e instanceof WorkflowInterrupted) throw e;
      await compensate([
        async () =>
          resized &&
          (await resizeOnHost(runner, flow.capacity, 'unresize-host', {
            hostId,
            vmId: vm.vmId,
            fromReservationId: toReservationId,
            toReservationId: reservationIdOf(runner.key, 'host:unscale'),
            size: previous,
            now: runner.now(),
            expiresAt,
          })),
        () => releaseQuota(flow, hold),
      ]);
      throw e;
    }
    return vmResult(await loadVm(bus, vm.vmId));
  };
