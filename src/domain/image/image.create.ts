import { illegalState, invalid } from '../shared/index.ts';
import type {
  CreateTemplateFromSnapshot,
  CreateTemplateFromVolume,
  ImageCreation,
  RegisterIso,
  RegisterTemplate,
  TemplateTraits,
} from './image.commands.ts';
import type { ImageCreated, ImageKind, ImageSource } from './image.events.ts';
import {
  assertPositiveBytes,
  assertTemplateFormat,
  assertVisibilityAllowed,
  expectNew,
  validateName,
  validateText,
  validateUrl,
  validateZones,
} from './image.rules.ts';
import type { ImageState } from './image.state.ts';

/** What differs between the four ways an image comes to be; the rest is checked once, in `created`. */
type Specifics = Pick<
  ImageCreated['data'],
  'format' | 'hypervisor' | 'osType' | 'passwordEnabled' | 'dynamicallyScalable' | 'bootable' | 'sizeBytes'
> & {
  readonly kind: ImageKind;
  readonly source: ImageSource;
  readonly zoneIds: string[];
  readonly crossZones: boolean;
};

const created = (base: ImageCreation, specifics: Specifics): ImageCreated[] => {
  const name = validateName(base.name);
  const displayText = base.displayText?.trim() ? base.displayText.trim() : name;
  assertVisibilityAllowed(base.caller, base.allowPublicUserTemplates, base.isPublic, base.isFeatured);
  if (specifics.sizeBytes !== null) assertPositiveBytes('sizeBytes', specifics.sizeBytes);
  return [
    {
      type: 'ImageCreated',
      data: {
        imageId: base.imageId,
        kind: specifics.kind,
        ownerAccountId: base.ownerAccountId,
        tenantDomainId: base.tenantDomainId,
        name,
        displayText,
        format: specifics.format,
        hypervisor: specifics.hypervisor,
        osType: specifics.osType,
        source: specifics.source,
        zoneIds: specifics.zoneIds,
        crossZones: specifics.crossZones,
        isPublic: base.isPublic,
        isFeatured: base.isFeatured,
        passwordEnabled: specifics.passwordEnabled,
        dynamicallyScalable: specifics.dynamicallyScalable,
        bootable: specifics.bootable,
        sizeBytes: specifics.sizeBytes,
        createdAt: base.now,
      },
    },
  ];
};

const templateSpecifics = (traits: TemplateTraits) => {
  assertTemplateFormat(traits.hypervisor, traits.format);
  return {
    kind: 'TEMPLATE' as const,
    format: traits.format,
    hypervisor: traits.hypervisor,
    osType: validateText('osType', traits.osType),
    passwordEnabled: traits.passwordEnabled,
    dynamicallyScalable: traits.dynamicallyScalable,
    // Every template boots; `bootable` only distinguishes ISOs.
    bootable: true,
  };
};

export const registerTemplate = ({ data }: RegisterTemplate, state: ImageState): ImageCreated[] => {
  expectNew(state, data.imageId);
  return created(data, {
    ...templateSpecifics(data),
    source: { type: 'url', url: validateUrl(data.url) },
    zoneIds: validateZones(data.zoneIds, data.crossZones, data.caller),
    crossZones: data.crossZones,
    sizeBytes: data.sizeBytes ?? null,
  });
};

export const registerIso = ({ data }: RegisterIso, state: ImageState): ImageCreated[] => {
  expectNew(state, data.imageId);
  const osType = data.osType === null ? null : validateText('osType', data.osType);
  if (data.bootable && osType === null)
    throw invalid('IMAGE_OS_TYPE_REQUIRED', 'A bootable ISO needs an OS type', { imageId: data.imageId });
  return created(data, {
    kind: 'ISO',
    format: 'ISO',
    hypervisor: null,
    osType,
    passwordEnabled: false,
    dynamicallyScalable: false,
    bootable: data.bootable,
    source: { type: 'url', url: validateUrl(data.url) },
    zoneIds: validateZones(data.zoneIds, data.crossZones, data.caller),
    crossZones: data.crossZones,
    sizeBytes: data.sizeBytes ?? null,
  });
};

/** A template from a volume or snapshot has a single copy, in the source's zone. */
const fromSource = (
  data: ImageCreation & TemplateTraits & { zoneId: string; sourceSizeBytes: number },
  source: ImageSource,
): ImageCreated[] => {
  assertPositiveBytes('sourceSizeBytes', data.sourceSizeBytes);
  return created(data, {
    ...templateSpecifics(data),
    source,
    zoneIds: validateZones([data.zoneId], false, data.caller),
    crossZones: false,
    sizeBytes: data.sourceSizeBytes,
  });
};

/** The disk must be quiet while it is copied: a ROOT volume's VM, or the VM of an attached one, must be Stopped. */
export const createTemplateFromVolume = (
  { data }: CreateTemplateFromVolume,
  state: ImageState,
): ImageCreated[] => {
  expectNew(state, data.imageId);
  const attached = data.volumeType === 'ROOT' || data.vmState !== null;
  if (attached && data.vmState !== 'Stopped')
    throw illegalState(
      'IMAGE_SOURCE_VM_NOT_STOPPED',
      `Volume ${data.volumeId} is attached to a VM that is not stopped (${data.vmState ?? 'unknown'}); stop the VM first`,
      { volumeId: data.volumeId, volumeType: data.volumeType, vmState: data.vmState },
    );
  return fromSource(data, { type: 'volume', volumeId: data.volumeId });
};

export const createTemplateFromSnapshot = (
  { data }: CreateTemplateFromSnapshot,
  state: ImageState,
): ImageCreated[] => {
  expectNew(state, data.imageId);
  if (data.snapshotState !== 'BackedUp')
    throw illegalState(
      'IMAGE_SOURCE_SNAPSHOT_NOT_BACKED_UP',
      `Snapshot ${data.snapshotId} is not in BackedUp state yet (${data.snapshotState}) and can't be used for template creation`,
      { snapshotId: data.snapshotId, snapshotState: data.snapshotState },
    );
  return fromSource(data, { type: 'snapshot', snapshotId: data.snapshotId });
};
