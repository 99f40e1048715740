import { assertDiskFormat, type DiskFormat, type HypervisorType } from '../hypervisor/index.ts';
import {
  assertPositiveInteger,
  conflict,
  forbidden,
  illegalState,
  invalid,
  maxNameLength,
  notFound,
  requireName,
  requireText,
} from '../shared/index.ts';
import type { Caller } from './image.commands.ts';
import type { ImageKind, ImageRef } from './image.events.ts';
import type { ActiveImage, ImageState, ImageStatus, ZoneCopy } from './image.state.ts';

/** Guards shared by the image commands and by the command side's deploy checks. */

export const kindLabel = (kind: ImageKind): string => (kind === 'ISO' ? 'ISO' : 'Template');

/** Lifecycle as data: which kind of command each state accepts. Inactive (removed) is terminal. */
export const imageLifecycle: Readonly<Record<ImageStatus, 'create' | 'change' | 'nothing'>> = {
  None: 'create',
  Active: 'change',
  Inactive: 'nothing',
};

export const expectNew = (state: ImageState, imageId: string): void => {
  if (imageLifecycle[state.status] !== 'create')
    throw conflict('IMAGE_ALREADY_EXISTS', `An image with id ${imageId} already exists`, { imageId });
};

export const expectActive = (state: ImageState, imageId: string): ActiveImage => {
  if (imageLifecycle[state.status] === 'change' && state.status === 'Active') return state;
  throw state.status === 'None'
    ? notFound('IMAGE_NOT_FOUND', `Template or ISO ${imageId} does not exist`, { imageId })
    : notFound('IMAGE_DELETED', `${kindLabel(state.kind)} ${imageId} has been deleted`, { imageId });
};

/** CloudStack: "Please provide a valid template" when an ISO id reaches a template API, and vice versa. */
export const assertKind = (image: ActiveImage, kind: ImageKind): void => {
  if (image.kind !== kind)
    throw invalid(
      'IMAGE_KIND_MISMATCH',
      `${image.imageId} is ${image.kind === 'ISO' ? 'an ISO' : 'a template'}, not ${kind === 'ISO' ? 'an ISO' : 'a template'}; use the ${kindLabel(image.kind)} operations`,
      { imageId: image.imageId, kind: image.kind, addressedAs: kind },
    );
};

export const refOf = (image: ImageRef): ImageRef => ({
  imageId: image.imageId,
  kind: image.kind,
  ownerAccountId: image.ownerAccountId,
  tenantDomainId: image.tenantDomainId,
});

export const zoneCopyOf = (image: ActiveImage, zoneId: string): ZoneCopy => {
  const copy = image.zones[zoneId];
  if (!copy)
    throw notFound(
      'IMAGE_NOT_IN_ZONE',
      `${kindLabel(image.kind)} ${image.imageId} has no copy in zone ${zoneId}`,
      { imageId: image.imageId, zoneId, zoneIds: Object.keys(image.zones) },
    );
  return copy;
};

export const readyCopyOf = (image: ActiveImage, zoneId: string): ZoneCopy => {
  const copy = zoneCopyOf(image, zoneId);
  if (!copy.ready)
    throw illegalState(
      'IMAGE_NOT_READY_IN_ZONE',
      `${kindLabel(image.kind)} ${image.imageId} is not ready in zone ${zoneId} yet (${copy.status})`,
      { imageId: image.imageId, zoneId, downloadStatus: copy.status },
    );
  return copy;
};

export const validateName = (name: string): string =>
  requireName(
    name,
    'IMAGE_NAME_INVALID',
    `A template or ISO name must have 1 to ${maxNameLength} characters`,
  );

export const validateText = (field: 'displayText' | 'osType', value: string): string =>
  requireText(value, 'IMAGE_FIELD_INVALID', `${field} must not be empty`, { field });

/** Secondary storage downloads over HTTP(S) only; CloudStack refuses file:// URLs. */
export const validateUrl = (url: string): string => {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s/?#]+\S*$/i.test(trimmed))
    throw invalid('IMAGE_URL_INVALID', `The URL "${url}" must be an http:// or https:// address`, { url });
  return trimmed;
};

export const validateZones = (zoneIds: readonly string[], crossZones: boolean, caller: Caller): string[] => {
  const zones = [...new Set(zoneIds)];
  if (zones.length === 0 || zones.some((zone) => zone.trim() === ''))
    throw invalid('IMAGE_ZONE_REQUIRED', 'Give at least one zone, or register the image in all zones', {
      zoneIds,
    });
  if (crossZones && !caller.isAdmin)
    throw forbidden('IMAGE_CROSS_ZONES_FORBIDDEN', 'Only admins can create templates or ISOs in all zones', {
      callerAccountId: caller.accountId,
    });
  return zones;
};

/** Public needs an admin or the owner's allow.public.user.templates; featured is an admin's choice. */
export const assertVisibilityAllowed = (
  caller: Caller,
  allowPublicUserTemplates: boolean,
  makesPublic: boolean,
  makesFeatured: boolean,
): void => {
  if (makesPublic && !caller.isAdmin && !allowPublicUserTemplates)
    throw forbidden(
      'IMAGE_PUBLIC_NOT_ALLOWED',
      'Only private templates and ISOs can be created by this account',
      {
        callerAccountId: caller.accountId,
      },
    );
  if (makesFeatured && !caller.isAdmin)
    throw forbidden('IMAGE_FEATURED_ADMIN_ONLY', 'Only admins can mark a template or ISO featured', {
      callerAccountId: caller.accountId,
    });
};

export const assertOwnerOrAdmin = (image: ActiveImage, caller: Caller): void => {
  if (caller.accountId !== image.ownerAccountId && !caller.isAdmin)
    throw forbidden(
      'IMAGE_PERMISSION_DENIED',
      `Account ${caller.accountId} is neither an admin nor the owner of ${kindLabel(image.kind).toLowerCase()} ${image.imageId}`,
      { imageId: image.imageId, callerAccountId: caller.accountId, ownerAccountId: image.ownerAccountId },
    );
};

/** ISO is a kind of its own: a template in ISO format is refused even where the hypervisor reads ISOs. */
export const assertTemplateFormat = (hypervisor: HypervisorType, format: DiskFormat): void => {
  if (format === 'ISO')
    throw invalid(
      'IMAGE_TEMPLATE_FORMAT_ISO',
      'A template cannot have the ISO format; register it as an ISO',
      {
        hypervisor,
        format,
      },
    );
  assertDiskFormat(hypervisor, format);
};

export const assertPositiveBytes = (field: string, value: number): void =>
  assertPositiveInteger('IMAGE_SIZE_INVALID', field, value);
