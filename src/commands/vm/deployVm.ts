import { z } from 'zod';
import type { ComputeRequest } from '../../domain/capacity/index.ts';
import { hypervisorTypes } from '../../domain/hypervisor/index.ts';
import { resolveComputeSize } from '../../domain/offering/service/index.ts';
import { forbidden, illegalState, invalid } from '../../domain/shared/index.ts';
import { later } from '../capacity/steps.ts';
import { type Workflow, WorkflowInterrupted } from '../jobs/workflow.ts';
import { loadOwner, resolveQuotaScopes } from '../quota/limits.ts';
import { commitQuota, type QuotaHold, releaseQuota, reserveQuota } from '../quota/reservations.ts';
import type { Request, Submitted, VmDeps } from './deps.ts';
import { authorize, isRootAdmin, loadImage, loadServiceOffering, loadVm, loadZone } from './facts.ts';
import {
  compensate,
  computeResources,
  flowOf,
  newId,
  plus,
  reasonOf,
  rootVolumeResources,
  submitVmJob,
  vmResult,
} from './flow.ts';
import { loadPlacementFacts } from './placement.ts';
import { newProgress, powerOn, undoPowerOn } from './powerOn.ts';

/**
 * deployVirtualMachine. The sync part checks every fact the deploy depends on (zone, offering,
 * image, owner, caller) from their streams, records the VM (Stopped) and submits the job; the answer
 * carries the VM id and job id at once. The job reserves quota on every ledger that limits the owner,
 * creates the ROOT volume, places the VM (host and pool reserved on their own streams), starts it and
 * commits. Any failure gives back capacity, storage and quota, and leaves the VM in Error.
 */

export const deployVmInput = z.object({
  zoneId: z.string().min(1),
  serviceOfferingId: z.string().min(1),
  templateId: z.string().min(1).optional(),
  isoId: z.string().min(1).optional(),
  /** With an ISO: the hypervisor to run on. */
  hypervisor: z.enum(hypervisorTypes).optional(),
  name: z.string().min(1).optional(),
  displayName: z.string().min(1).optional(),
  /** Deploy for another account (admins): defaults to the caller's. */
  accountId: z.string().min(1).optional(),
  /** For a custom offering. */
  size: z
    .object({
      cpuNumber: z.number().int().positive().optional(),
      cpuSpeedMhz: z.number().int().positive().optional(),
      memoryMiB: z.number().int().positive().optional(),
    })
    .optional(),
  rootDiskSizeBytes: z.number().int().positive().optional(),
  group: z.string().min(1).optional(),
  haEnabled: z.boolean().optional(),
  dynamicScalingEnabled: z.boolean().optional(),
  startVm: z.boolean().optional(),
  /** Root admins only: the host to deploy on. */
  hostId: z.string().min(1).optional(),
  vmId: z.uuid().optional(),
});
export type DeployVmInput = z.infer<typeof deployVmInput>;

const deployParams = z.object({
  vmId: z.string(),
  rootDiskSizeBytes: z.number().int().positive(),
  startVm: z.boolean(),
  hostId: z.string().nullable(),
});

const rootDiskSize = (
  requested: number | undefined,
  templateBytes: number | null,
  imageId: string,
): number => {
  if (requested === undefined) {
    if (templateBytes === null)
      throw invalid(
        'VM_ROOT_DISK_SIZE_REQUIRED',
        `The size of image ${imageId} is unknown: give rootDiskSizeBytes`,
        {
          imageId,
        },
      );
    return templateBytes;
  }
  if (templateBytes !== null && requested < templateBytes)
    throw invalid(
      'VM_ROOT_DISK_TOO_SMALL',
      `The ROOT disk must hold the template: at least ${templateBytes} bytes, not ${requested}`,
      { requested, templateBytes },
    );
  return requested;
};

export const deployVm = async (
  deps: VmDeps,
  { caller, ctx }: Request,
  raw: DeployVmInput,
): Promise<Submitted> => {
  const input = deployVmInput.parse(raw);
  const { bus } = deps;
  const owner = await loadOwner(bus, input.accountId ?? caller.accountId);
  authorize(caller, owner, 'the resources');
  if (owner.account.status !== 'enabled')
    throw illegalState('ACCOUNT_NOT_ENABLED', `Account ${owner.account.name} is ${owner.account.status}`, {
      accountId: owner.account.accountId,
    });
  if (input.hostId !== undefined && !isRootAdmin(caller))
    throw forbidden('VM_HOST_ADMIN_ONLY', 'Only a root admin can choose the host a VM is deployed on', {
      hostId: input.hostId,
    });
  const imageId = input.templateId ?? input.isoId;
  if (imageId === undefined || (input.templateId && input.isoId))
    throw invalid('VM_IMAGE_REQUIRED', 'Give either a templateId or an isoId', {});
  const zone = await loadZone(bus, input.zoneId, caller);
  const offering = await loadServiceOffering(bus, input.serviceOfferingId, zone.zoneId, owner);
  const size: ComputeRequest = resolveComputeSize(offering, input.size);
  const image = await loadImage(
    bus,
    imageId,
    input.templateId ? 'TEMPLATE' : 'ISO',
    zone.zoneId,
    owner,
    caller,
    input.hypervisor,
  );
  const rootDiskSizeBytes = rootDiskSize(input.rootDiskSizeBytes, image.sizeBytes, imageId);
  const vmId = input.vmId ?? newId(ctx, 'vm');
  const name = input.name ?? `VM-${vmId}`;
  const startVm = input.startVm ?? true;
  await bus.execute(
    'vm',
    vmId,
    {
      type: 'DeployVm',
      data: {
        vmId,
        name,
        displayName: input.displayName ?? name,
        accountId: owner.account.accountId,
        tenantDomainId: owner.account.tenantDomainId,
        userId: caller.userId,
        zoneId: zone.zoneId,
        serviceOfferingId: offering.offeringId,
        size,
        image: image.image,
        rootVolumeId: newId(ctx, 'root-volume'),
        hypervisor: image.hypervisor,
        group: input.group ?? null,
        haEnabled: input.haEnabled ?? offering.offerHa,
        dynamicallyScalable: image.dynamicallyScalable,
        ...(input.dynamicScalingEnabled !== undefined
          ? { dynamicScalingEnabled: input.dynamicScalingEnabled }
          : {}),
        startVm,
        now: bus.now(),
      },
    },
    ctx,
  );
  return submitVmJob(
    bus,
    ctx,
    'DeployVm',
    { vmId, accountId: owner.account.accountId, tenantDomainId: owner.account.tenantDomainId },
    { rootDiskSizeBytes, startVm, hostId: input.hostId ?? null },
  );
};

export const deployWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const { runner, bus } = flow;
    const params = deployParams.parse(tools.job.params);
    const vm = await loadVm(bus, params.vmId);
    const owner = await loadOwner(bus, vm.accountId);
    const progress = newProgress();
    let hold: QuotaHold | null = null;
    try {
      const scopes = await resolveQuotaScopes(bus, owner);
      const resources = plus(computeResources(vm.size), rootVolumeResources(params.rootDiskSizeBytes));
      const expiresAt = later(runner.now(), flow.settings.reservationTtlSeconds);
      hold = await reserveQuota(flow, scopes, 'deploy', resources, expiresAt);
      await runner.step('create-root-volume', 'volume', vm.rootVolumeId, {
        type: 'CreateRootVolume',
        data: {
          volumeId: vm.rootVolumeId,
          vmId: vm.vmId,
          name: `ROOT-${vm.vmId}`,
          accountId: vm.accountId,
          tenantDomainId: vm.tenantDomainId,
          zoneId: vm.zoneId,
          ...(vm.image.kind === 'template' ? { templateId: vm.image.templateId } : {}),
          sizeBytes: params.rootDiskSizeBytes,
          now: runner.now(),
        },
      });
      const committed = hold;
      if (params.startVm)
        await powerOn(
          flow,
          {
            vm,
            owner,
            facts: await loadPlacementFacts(bus, vm.serviceOfferingId),
            pinned: params.hostId ? { hostId: params.hostId } : {},
            purpose: 'deploy',
            beforeComplete: () => commitQuota(flow, committed),
          },
          progress,
        );
      else await commitQuota(flow, committed);
      return vmResult(await loadVm(bus, vm.vmId));
    } catch (e) {
      if (e instanceof WorkflowInterrupted) throw e;
      const held = hold;
      await compensate([
        () => undoPowerOn(flow, vm.vmId, progress, reasonOf(e), { toError: true }),
        async () => held && (await releaseQuota(flow, held)),
      ]);
      throw e;
    }
  };
