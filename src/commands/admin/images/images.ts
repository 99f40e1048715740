import type { DiskFormat, HypervisorType } from '../../../domain/hypervisor/index.ts';
import {
  assertKind,
  type ImageCreation,
  type ImageKind,
  type ImageState,
  type ImageZones,
  type UpdateTemplate,
} from '../../../domain/image/index.ts';
import { notFound } from '../../../domain/shared/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import type { CommandOf } from '../../aggregates.ts';
import type { CommandBus } from '../../commandBus.ts';
import { submitJob } from '../../jobs/submitJob.ts';
import { requireZone } from '../infrastructure/zones.ts';
import { liveChildren } from '../links.ts';
import { type AdminDeps, type Invocation, newId, type Positioned, Steps, stepCtx } from '../shared.ts';
import { type OwnedAccount, requireAccountAccess } from '../tenancy/scope.ts';

export type ImageDeps = AdminDeps & {
  /** The owner's `allow.public.user.templates` setting (CloudStack default: true). */
  readonly allowPublicUserTemplates?: boolean;
};

/** Who registers: the image's owner account (default: the caller's), which the caller must be able to act on. */
const ownerFor = (bus: CommandBus, caller: Caller, accountId: string | undefined, action: string) =>
  requireAccountAccess(bus, caller, accountId ?? caller.accountId, action);

/** The image module's view of the caller: an admin is a root admin, or a domain admin in the owner's scope. */
const imageCaller = (caller: Caller) => ({
  accountId: caller.accountId,
  isAdmin: caller.roleType !== 'User',
});

const allZones = { added: 'ZoneCreated', removed: 'ZoneDeleted', child: 'zoneId' } as const;

/** `all` (CloudStack's zoneid -1): every zone, now and the image is cross-zone. */
const zonesOf = async (bus: CommandBus, zoneIds: readonly string[] | 'all', after: Invocation['after']) => {
  if (zoneIds === 'all')
    return { zoneIds: await liveChildren(bus.store, allZones, undefined, after), crossZones: true };
  for (const zoneId of zoneIds) await requireZone(bus, zoneId);
  return { zoneIds, crossZones: false };
};

/** What registerTemplate and registerIso share, as the image commands take it. */
type RegistrationBase = ImageCreation & ImageZones & { readonly url: string; readonly sizeBytes?: number };

type Registration = {
  readonly imageId?: string;
  readonly name: string;
  readonly displayText?: string;
  readonly url: string;
  readonly zoneIds: readonly string[] | 'all';
  readonly isPublic?: boolean;
  readonly isFeatured?: boolean;
  readonly sizeBytes?: number;
  /** The owner account; defaults to the caller's. */
  readonly accountId?: string;
};

export type RegisterTemplateInput = Registration & {
  readonly format: DiskFormat;
  readonly hypervisor: HypervisorType;
  readonly osType: string;
  readonly passwordEnabled?: boolean;
  readonly dynamicallyScalable?: boolean;
};

export type RegisterIsoInput = Registration & { readonly bootable: boolean; readonly osType: string | null };

const downloadJob = (
  bus: CommandBus,
  ctx: Invocation['ctx'],
  owner: OwnedAccount,
  imageId: string,
  params: Record<string, unknown>,
  command = 'DownloadImage',
) =>
  submitJob(
    bus,
    {
      command,
      resourceType: 'Template',
      resourceId: imageId,
      params: { imageId, ...params },
      accountId: owner.account.accountId,
      tenantDomainId: owner.account.tenantDomainId,
    },
    stepCtx(ctx, `submit:${command}`),
  );

const register = async (
  { bus, allowPublicUserTemplates = true }: ImageDeps,
  { caller, ctx, after }: Invocation,
  input: Registration,
  command: (base: RegistrationBase) => CommandOf<'image'>,
): Promise<Positioned & { imageId: string; jobId: string }> => {
  const owner = await ownerFor(bus, caller, input.accountId, 'register images for this account');
  const zones = await zonesOf(bus, input.zoneIds, after);
  const imageId = newId(ctx, 'image', input.imageId);
  const steps = new Steps(bus, ctx);
  const base: RegistrationBase = {
    imageId,
    name: input.name,
    ...(input.displayText !== undefined && { displayText: input.displayText }),
    ownerAccountId: owner.account.accountId,
    tenantDomainId: owner.account.tenantDomainId,
    caller: imageCaller(caller),
    allowPublicUserTemplates,
    isPublic: input.isPublic ?? false,
    isFeatured: input.isFeatured ?? false,
    now: bus.now(),
    ...zones,
    url: input.url,
    ...(input.sizeBytes !== undefined && { sizeBytes: input.sizeBytes }),
  };
  await steps.run('register', 'image', imageId, command(base));
  const job = await downloadJob(bus, ctx, owner, imageId, {});
  steps.note(job.position);
  return { imageId, jobId: job.jobId, position: steps.position };
};

/**
 * registerTemplate (sync, as CloudStack): the template is recorded at once with a NOT_DOWNLOADED copy
 * per zone; the DownloadImage job then downloads it to each zone's secondary storage.
 */
export const registerTemplate = (deps: ImageDeps, invocation: Invocation, input: RegisterTemplateInput) =>
  register(deps, invocation, input, (base) => ({
    type: 'RegisterTemplate',
    data: {
      ...base,
      format: input.format,
      hypervisor: input.hypervisor,
      osType: input.osType,
      passwordEnabled: input.passwordEnabled ?? false,
      dynamicallyScalable: input.dynamicallyScalable ?? false,
    },
  }));

/** registerIso (sync), downloaded the same way. */
export const registerIso = (deps: ImageDeps, invocation: Invocation, input: RegisterIsoInput) =>
  register(deps, invocation, input, (base) => ({
    type: 'RegisterIso',
    data: { ...base, bootable: input.bootable, osType: input.osType },
  }));

const loadImage = async (
  bus: CommandBus,
  imageId: string,
): Promise<Exclude<ImageState, { status: 'None' }>> => {
  const { state } = await bus.load('image', imageId);
  if (state.status === 'None')
    throw notFound('IMAGE_NOT_FOUND', `Template or ISO ${imageId} does not exist`, { imageId });
  return state;
};

/** The image and its owner, once the caller may act on the owner account. */
const requireImageAccess = async (bus: CommandBus, caller: Caller, imageId: string, action: string) => {
  const image = await loadImage(bus, imageId);
  return { image, owner: await requireAccountAccess(bus, caller, image.ownerAccountId, action) };
};

/** As requireImageAccess, for a job: a template addressed as an ISO (or the reverse) is refused now, not by the job. */
const requireImageOfKind = async (
  bus: CommandBus,
  caller: Caller,
  input: { readonly imageId: string; readonly kind: ImageKind },
  action: string,
) => {
  const access = await requireImageAccess(bus, caller, input.imageId, action);
  if (access.image.status === 'Active') assertKind(access.image, input.kind);
  return access;
};

/** updateTemplate / updateIso (sync). */
export const updateImage = async (
  { bus }: ImageDeps,
  { caller, ctx }: Invocation,
  input: UpdateTemplate['data'],
): Promise<Positioned> => {
  await requireImageAccess(bus, caller, input.imageId, 'update this image');
  const steps = new Steps(bus, ctx);
  await steps.run('update', 'image', input.imageId, { type: 'UpdateTemplate', data: input });
  return { position: steps.position };
};

/** updateTemplatePermissions / updateIsoPermissions (sync): public and featured flags. */
export const updateImagePermissions = async (
  { bus, allowPublicUserTemplates = true }: ImageDeps,
  { caller, ctx }: Invocation,
  input: {
    readonly imageId: string;
    readonly kind: ImageKind;
    readonly isPublic?: boolean;
    readonly isFeatured?: boolean;
  },
): Promise<Positioned> => {
  await requireImageAccess(bus, caller, input.imageId, "change this image's permissions");
  const steps = new Steps(bus, ctx);
  await steps.run('permissions', 'image', input.imageId, {
    type: 'UpdateTemplatePermissions',
    data: { ...input, caller: imageCaller(caller), allowPublicUserTemplates },
  });
  return { position: steps.position };
};

/** copyTemplate / copyIso (async): copies requested now, then downloaded by the job. */
export const copyImage = async (
  { bus }: ImageDeps,
  { caller, ctx }: Invocation,
  input: {
    readonly imageId: string;
    readonly kind: ImageKind;
    readonly sourceZoneId: string;
    readonly destinationZoneIds: readonly string[];
  },
): Promise<Positioned & { jobId: string }> => {
  const { owner } = await requireImageOfKind(bus, caller, input, 'copy this image');
  for (const zoneId of input.destinationZoneIds) await requireZone(bus, zoneId);
  return downloadJob(bus, ctx, owner, input.imageId, { ...input }, 'CopyImage');
};

/** deleteTemplate / deleteIso (async): one zone's copy, or every copy. */
export const deleteImage = async (
  { bus }: ImageDeps,
  { caller, ctx }: Invocation,
  input: {
    readonly imageId: string;
    readonly kind: ImageKind;
    readonly zoneId?: string;
    readonly forced?: boolean;
  },
): Promise<Positioned & { jobId: string }> => {
  const { owner } = await requireImageOfKind(bus, caller, input, 'delete this image');
  return downloadJob(
    bus,
    ctx,
    owner,
    input.imageId,
    { ...input, forced: input.forced ?? false },
    'DeleteImage',
  );
};
