import { capabilitiesOf, type DiskFormat, type HypervisorType } from '../../domain/hypervisor/index.ts';
import type {
  CreateTemplateFromSnapshot,
  CreateTemplateFromVolume,
  ImageState,
} from '../../domain/image/index.ts';
import { invalid } from '../../domain/shared/index.ts';
import { assertVolumeReady } from '../../domain/volume/index.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandResult } from '../handleCommand.ts';
import { submitJob } from '../jobs/submitJob.ts';
import type { Workflow, WorkflowTools } from '../jobs/workflow.ts';
import { commitQuota, type QuotaHold, releaseQuota, reserveQuota } from '../quota/index.ts';
import { authorize, type Ownership } from './access.ts';
import { giveBackQuota, quotaScopesOf, quotaSteps, stepExec, syncExec } from './exec.ts';
import { attachedVm, loadSnapshot, loadVolume, volumeHypervisor } from './facts.ts';
import {
  compensate,
  newId,
  type Requester,
  reasonOf,
  requestKey,
  type StorageDeps,
  type Submitted,
} from './requests.ts';

export const templateJobs = { create: 'createTemplate' } as const;

export type CreateTemplateInput = {
  readonly name: string;
  readonly displayText?: string;
  readonly osType: string;
  /** Exactly one source: a volume (its VM Stopped) or a BackedUp snapshot. */
  readonly volumeId?: string;
  readonly snapshotId?: string;
  readonly isPublic?: boolean;
  readonly isFeatured?: boolean;
  readonly passwordEnabled?: boolean;
  readonly dynamicallyScalable?: boolean;
  readonly templateId?: string;
  /** The owner account's `allow.public.user.templates` (CloudStack's default: true). */
  readonly allowPublicUserTemplates?: boolean;
};

/** The hypervisor's native disk format (KVM QCOW2, XenServer VHD, ...). */
const formatFor = (hypervisor: HypervisorType): DiskFormat =>
  capabilitiesOf(hypervisor).diskFormats.find((f) => f !== 'ISO') ?? 'RAW';

type Source = {
  readonly owner: Ownership;
  readonly zoneId: string;
  readonly sizeBytes: number;
  readonly hypervisor: HypervisorType;
  readonly command: (
    base: Omit<CreateTemplateFromVolume['data'], 'volumeId' | 'volumeType' | 'vmState'>,
  ) => CreateTemplateFromVolume | CreateTemplateFromSnapshot;
};

const sourceOf = async (
  bus: CommandBus,
  caller: Requester['caller'],
  input: CreateTemplateInput,
): Promise<Source> => {
  if ((input.volumeId === undefined) === (input.snapshotId === undefined))
    throw invalid(
      'TEMPLATE_SOURCE_REQUIRED',
      'Give either a volume or a snapshot to create the template from',
      {
        volumeId: input.volumeId,
        snapshotId: input.snapshotId,
      },
    );
  if (input.snapshotId !== undefined) {
    const snapshot = await loadSnapshot(bus, input.snapshotId);
    await authorize(bus, caller, snapshot, `snapshot ${snapshot.snapshotId}`);
    return {
      owner: snapshot,
      zoneId: snapshot.zoneId,
      sizeBytes: snapshot.volumeSizeBytes,
      hypervisor: snapshot.hypervisor,
      command: (base) => ({
        type: 'CreateTemplateFromSnapshot',
        data: { ...base, snapshotId: snapshot.snapshotId, snapshotState: snapshot.status },
      }),
    };
  }
  const volume = await loadVolume(bus, input.volumeId as string);
  await authorize(bus, caller, volume, `volume ${volume.volumeId}`);
  const vm = await attachedVm(bus, volume);
  const hypervisor = await volumeHypervisor(bus, volume, vm);
  if (hypervisor === null) {
    assertVolumeReady(volume.volumeId, volume.status, 'creating a template');
    throw new Error(`volume ${volume.volumeId} is ${volume.status} without a pool`);
  }
  return {
    owner: volume,
    zoneId: volume.zoneId,
    sizeBytes: volume.sizeBytes,
    hypervisor,
    command: (base) => ({
      type: 'CreateTemplateFromVolume',
      data: { ...base, volumeId: volume.volumeId, volumeType: volume.type, vmState: vm?.status ?? null },
    }),
  };
};

/**
 * createTemplate (async): the template is recorded at once from a volume (its VM Stopped) or a
 * snapshot, with one template and its size of secondary_storage reserved; the job copies it to
 * secondary storage and records the download (or its failure, releasing the reservation).
 */
export const createTemplate = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: CreateTemplateInput,
): Promise<Submitted & { templateId: string }> => {
  const source = await sourceOf(bus, caller, input);
  const templateId = input.templateId ?? newId(ctx, 'template');
  const now = bus.now();
  const exec = syncExec(bus, ctx);
  const quota = quotaSteps(exec, requestKey(ctx), now);
  const hold = await reserveQuota(
    quota,
    await quotaScopesOf(bus, source.owner),
    'template',
    { template: 1, secondary_storage: source.sizeBytes },
    quota.expiresAt,
  );
  try {
    await exec(
      'create',
      'image',
      templateId,
      source.command({
        imageId: templateId,
        name: input.name,
        ...(input.displayText !== undefined ? { displayText: input.displayText } : {}),
        ownerAccountId: source.owner.accountId,
        tenantDomainId: source.owner.tenantDomainId,
        caller: { accountId: caller.accountId, isAdmin: caller.roleType !== 'User' },
        allowPublicUserTemplates: input.allowPublicUserTemplates ?? true,
        isPublic: input.isPublic ?? false,
        isFeatured: input.isFeatured ?? false,
        now,
        format: formatFor(source.hypervisor),
        hypervisor: source.hypervisor,
        osType: input.osType,
        passwordEnabled: input.passwordEnabled ?? false,
        dynamicallyScalable: input.dynamicallyScalable ?? false,
        zoneId: source.zoneId,
        sourceSizeBytes: source.sizeBytes,
      }),
    );
  } catch (e) {
    return compensate(e, () => releaseQuota(quota, hold));
  }
  const job = await submitJob(
    bus,
    {
      command: templateJobs.create,
      resourceType: 'Template',
      resourceId: templateId,
      params: {
        templateId,
        sourceId: input.snapshotId ?? input.volumeId,
        zoneId: source.zoneId,
        sizeBytes: source.sizeBytes,
        quota: hold,
      },
      accountId: source.owner.accountId,
      tenantDomainId: source.owner.tenantDomainId,
    },
    ctx,
  );
  return { ...job, templateId };
};

/** The copy to secondary storage: DOWNLOADED with the size it took, or DOWNLOAD_ERROR and the quota back. */
const createWorkflow: Workflow = async (tools) => {
  const exec = stepExec(tools);
  const { templateId, sourceId, zoneId, sizeBytes, quota } = tools.job.params as {
    templateId: string;
    sourceId: string;
    zoneId: string;
    sizeBytes: number;
    quota: QuotaHold;
  };
  let copied: number;
  try {
    copied = (await tools.driver.createTemplate({ templateId, sourceId, sizeBytes })).sizeBytes;
  } catch (e) {
    const errorMessage = reasonOf(e);
    return compensate(
      e,
      () =>
        exec('download-failed', 'image', templateId, {
          type: 'RecordTemplateDownload',
          data: { imageId: templateId, zoneId, report: { status: 'DOWNLOAD_ERROR', errorMessage } },
        }),
      () => releaseQuota(quotaSteps(exec, tools.job.jobId, tools.now()), quota),
    );
  }
  await exec('downloaded', 'image', templateId, {
    type: 'RecordTemplateDownload',
    data: {
      imageId: templateId,
      zoneId,
      report: { status: 'DOWNLOADED', sizeBytes, physicalSizeBytes: copied },
    },
  });
  await commitQuota(quotaSteps(exec, tools.job.jobId, tools.now()), quota);
  return { templateId, zoneId, sizeBytes, physicalSizeBytes: copied };
};

export const templateWorkflows: Record<string, Workflow> = { createTemplate: createWorkflow };

/**
 * Gives back what a template made from a volume or a snapshot counts (one template and its size of
 * secondary_storage, committed once its copy was downloaded) when a deletion removed the image.
 * `deleted` is that deletion's result: for a resumed job, the events it recorded the first time.
 */
export const uncountDeletedTemplate = async (
  tools: WorkflowTools,
  deleted: CommandResult<ImageState>,
): Promise<void> => {
  const image = deleted.state;
  if (image.status === 'None' || image.source.type === 'url') return;
  const removed = deleted.events.some((e) => e.type === 'ImageDeleted');
  const wasDownloaded = deleted.events.some(
    (e) =>
      e.type === 'ImageZoneCopyDeleted' &&
      (e.data as { downloadStatus: string }).downloadStatus === 'DOWNLOADED',
  );
  if (!removed || !wasDownloaded) return;
  const owner = { accountId: image.ownerAccountId, tenantDomainId: image.tenantDomainId };
  const counted = { template: 1, secondary_storage: image.sizeBytes ?? 0 };
  const quota = quotaSteps(stepExec(tools), tools.job.jobId, tools.now());
  await giveBackQuota(quota, tools.bus, owner, 'uncount', counted);
};
