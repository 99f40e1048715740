import { z } from 'zod';
import { planStoragePools, volumeRequestFor } from '../../domain/placement/index.ts';
import { insufficientCapacity, notFound } from '../../domain/shared/index.ts';
import { vmImageSchema } from '../../domain/vm/index.ts';
import { type Refusal, reservationIdOf, reserveOnPool } from '../capacity/reserve.ts';
import { later } from '../capacity/steps.ts';
import { type Workflow, WorkflowInterrupted } from '../jobs/workflow.ts';
import { loadOwner, resolveQuotaScopes } from '../quota/limits.ts';
import { commitQuota, releaseCounted, releaseQuota, reserveQuota } from '../quota/reservations.ts';
import type { Request, Submitted, VmDeps } from './deps.ts';
import { assertAllowed, loadImage, loadOwnedVm, loadVm } from './facts.ts';
import { compensate, type Flow, flowOf, newId, submitVmJob, vmResult } from './flow.ts';
import { loadPlacementFacts, placementRequestOf } from './placement.ts';
import { createOnStorage, loadVolume, removeRootVolume } from './volumes.ts';

/**
 * restoreVirtualMachine (async): a new ROOT volume from the same (or another) template, created on
 * storage next to the old one, then recorded on the VM, and the old volume destroyed and expunged.
 * The owner's primary_storage grows or shrinks by the size difference.
 */

export const restoreVmInput = z.object({ vmId: z.string().min(1), templateId: z.string().min(1).optional() });
export type RestoreVmInput = z.infer<typeof restoreVmInput>;

export const restoreVm = async (deps: VmDeps, req: Request, raw: RestoreVmInput): Promise<Submitted> => {
  const input = restoreVmInput.parse(raw);
  const { bus } = deps;
  const { vm, owner } = await loadOwnedVm(bus, req.caller, input.vmId);
  const current = vm.image.kind === 'template' ? vm.image.templateId : vm.image.isoId;
  const image = await loadImage(
    bus,
    input.templateId ?? current,
    vm.image.kind === 'template' ? 'TEMPLATE' : 'ISO',
    vm.zoneId,
    owner,
    req.caller,
    vm.hypervisor,
  );
  const oldVolume = await loadVolume({ bus }, vm.rootVolumeId);
  if (oldVolume === null)
    throw notFound('VM_ROOT_VOLUME_NOT_FOUND', `VM ${vm.name} has no ROOT volume`, { vmId: vm.vmId });
  const command = {
    type: 'RestoreVm' as const,
    data: {
      vmId: vm.vmId,
      image: image.image,
      newRootVolumeId: newId(req.ctx, 'restore-root-volume'),
      dynamicallyScalable: image.dynamicallyScalable,
      ownerAccountDisabled: owner.account.status !== 'enabled',
    },
  };
  assertAllowed(command, vm);
  return submitVmJob(bus, req.ctx, 'RestoreVm', vm, {
    ...command.data,
    oldRootVolumeId: vm.rootVolumeId,
    rootDiskSizeBytes: image.sizeBytes ?? oldVolume.sizeBytes,
  });
};

const restoreParams = z.object({
  vmId: z.string(),
  image: vmImageSchema,
  newRootVolumeId: z.string(),
  dynamicallyScalable: z.boolean(),
  ownerAccountDisabled: z.boolean(),
  oldRootVolumeId: z.string(),
  rootDiskSizeBytes: z.number().int().positive(),
});

/** A pool for the new ROOT volume: the old volume's first, then any the VM's host reaches. */
const reservePoolFor = async (
  flow: Flow,
  vmId: string,
  newVolumeId: string,
  sizeBytes: number,
  oldPoolId: string | null,
) => {
  const vm = await loadVm(flow.bus, vmId);
  const hostId = vm.placement?.hostId ?? vm.lastHostId;
  const host = hostId ? flow.capacity.hostCandidate(hostId) : null;
  const others = host
    ? planStoragePools(
        volumeRequestFor(
          placementRequestOf(
            {
              vm,
              size: vm.size,
              facts: await loadPlacementFacts(flow.bus, vm.serviceOfferingId),
              ownerIsRootAdmin: false,
              ownerDomainIds: [],
              pinned: {},
              reservationId: '',
            },
            flow.settings,
          ),
          host,
          { volumeId: newVolumeId, sizeBytes },
        ),
        flow.capacity.poolCandidates(vm.zoneId),
        flow.settings.storagePlacement,
      ).poolIds
    : [];
  const reservationId = reservationIdOf(flow.runner.key, 'storage:restore');
  const expiresAt = later(flow.runner.now(), flow.settings.reservationTtlSeconds);
  const refusals: Refusal[] = [];
  for (const poolId of new Set([...(oldPoolId ? [oldPoolId] : []), ...others])) {
    const refusal = await reserveOnPool(flow.runner, flow.capacity, poolId, {
      reservationId,
      volumeId: newVolumeId,
      sizeBytes,
      expiresAt,
    });
    if (!refusal) return { poolId, reservationId };
    refusals.push(refusal);
  }
  throw insufficientCapacity(
    'VM_RESTORE_NO_STORAGE',
    `No storage pool has room for the new ROOT volume of VM ${vm.name}`,
    {
      vmId,
      refusals,
    },
  );
};

export const restoreWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const { runner, bus } = flow;
    const params = restoreParams.parse(tools.job.params);
    const vm = await loadVm(bus, params.vmId);
    const oldVolume = await loadVolume(flow, params.oldRootVolumeId);
    const oldSize = oldVolume?.sizeBytes ?? params.rootDiskSizeBytes;
    const growth = params.rootDiskSizeBytes - oldSize;
    const scopes = await resolveQuotaScopes(bus, await loadOwner(bus, vm.accountId, { allowRemoved: true }));
    const expiresAt = later(runner.now(), flow.settings.reservationTtlSeconds);
    const hold = await reserveQuota(
      flow,
      scopes,
      'restore',
      growth > 0 ? { primary_storage: growth } : {},
      expiresAt,
    );
    let restored = vm.rootVolumeId === params.newRootVolumeId;
    let pendingPoolId: string | null = null;
    try {
      await runner.step('create-new-root-volume', 'volume', params.newRootVolumeId, {
        type: 'CreateRootVolume',
        data: {
          volumeId: params.newRootVolumeId,
          vmId: vm.vmId,
          name: `ROOT-${vm.vmId}`,
          accountId: vm.accountId,
          tenantDomainId: vm.tenantDomainId,
          zoneId: vm.zoneId,
          ...(params.image.kind === 'template' ? { templateId: params.image.templateId } : {}),
          sizeBytes: params.rootDiskSizeBytes,
          now: runner.now(),
        },
      });
      const fresh = await loadVolume(flow, params.newRootVolumeId);
      if (fresh && fresh.poolId === null) {
        const pool = await reservePoolFor(
          flow,
          vm.vmId,
          fresh.volumeId,
          fresh.sizeBytes,
          oldVolume?.poolId ?? null,
        );
        pendingPoolId = pool.poolId;
        await createOnStorage(flow, fresh, pool);
      }
      if (vm.status === 'Running' && vm.placement)
        await flow.driver.rebootVm({ vmId: vm.vmId, hostId: vm.placement.hostId });
      await runner.step('restore', 'vm', vm.vmId, {
        type: 'RestoreVm',
        data: {
          vmId: vm.vmId,
          image: params.image,
          newRootVolumeId: params.newRootVolumeId,
          dynamicallyScalable: params.dynamicallyScalable,
          ownerAccountDisabled: params.ownerAccountDisabled,
        },
      });
      restored = true;
      await removeRootVolume(flow, params.oldRootVolumeId, vm.vmId, null);
      await commitQuota(flow, hold);
      if (growth < 0) await releaseCounted(flow, scopes, 'restore', { primary_storage: -growth });
    } catch (e) {
      if (e instanceof WorkflowInterrupted) throw e;
      const pool = pendingPoolId;
      await compensate([
        async () => !restored && (await removeRootVolume(flow, params.newRootVolumeId, vm.vmId, pool)),
        // Once recorded, the new volume is the VM's: its growth counts even if the old one lingers.
        () => (restored ? commitQuota(flow, hold) : releaseQuota(flow, hold)),
      ]);
      throw e;
    }
    return vmResult(await loadVm(bus, vm.vmId));
  };
