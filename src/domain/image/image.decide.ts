import { changedFields, invalid } from '../shared/index.ts';
import type { ImageCommand, UpdateTemplate, UpdateTemplatePermissions } from './image.commands.ts';
import {
  createTemplateFromSnapshot,
  createTemplateFromVolume,
  registerIso,
  registerTemplate,
} from './image.create.ts';
import type { ImageEvent, ImageUpdated } from './image.events.ts';
import {
  assertKind,
  assertOwnerOrAdmin,
  assertVisibilityAllowed,
  expectActive,
  kindLabel,
  refOf,
  validateName,
  validateText,
} from './image.rules.ts';
import type { ImageState } from './image.state.ts';
import { copyToZones, deleteCopies, recordDownload } from './image.zones.ts';

/** Fields that only make sense for one kind: a password is injected into a template's guest, an ISO boots or not. */
const onlyFor = {
  passwordEnabled: 'TEMPLATE',
  dynamicallyScalable: 'TEMPLATE',
  bootable: 'ISO',
} as const;

const update = ({ data }: UpdateTemplate, state: ImageState): ImageEvent[] => {
  const image = expectActive(state, data.imageId);
  assertKind(image, data.kind);
  const { imageId, kind, ...patch } = data;
  for (const [field, owner] of Object.entries(onlyFor))
    if (patch[field as keyof typeof onlyFor] !== undefined && owner !== kind)
      throw invalid(
        'IMAGE_FIELD_NOT_APPLICABLE',
        `${field} cannot be set on ${kindLabel(kind).toLowerCase()}s`,
        {
          imageId,
          field,
        },
      );
  const normalised: ImageUpdated['data']['changes'] = {
    ...patch,
    ...(patch.name !== undefined && { name: validateName(patch.name) }),
    ...(patch.displayText !== undefined && { displayText: validateText('displayText', patch.displayText) }),
    ...(patch.osType !== undefined && { osType: validateText('osType', patch.osType) }),
  };
  const changes = changedFields(image, normalised);
  if ((changes.bootable ?? image.bootable) && image.osType === null && changes.osType === undefined)
    throw invalid('IMAGE_OS_TYPE_REQUIRED', 'A bootable ISO needs an OS type; give osType too', { imageId });
  return Object.keys(changes).length === 0
    ? []
    : [{ type: 'ImageUpdated', data: { ...refOf(image), changes } }];
};

/** Only the owner or an admin decides; making public or featured is policed as at creation. */
const updatePermissions = ({ data }: UpdateTemplatePermissions, state: ImageState): ImageEvent[] => {
  const image = expectActive(state, data.imageId);
  assertKind(image, data.kind);
  assertOwnerOrAdmin(image, data.caller);
  const isPublic = data.isPublic ?? image.isPublic;
  const isFeatured = data.isFeatured ?? image.isFeatured;
  assertVisibilityAllowed(
    data.caller,
    data.allowPublicUserTemplates,
    isPublic && !image.isPublic,
    isFeatured && !image.isFeatured,
  );
  if (isPublic === image.isPublic && isFeatured === image.isFeatured) return [];
  return [
    {
      type: 'ImagePermissionsUpdated',
      data: { ...refOf(image), isPublic, isFeatured, changedByAccountId: data.caller.accountId },
    },
  ];
};

export const decide = (command: ImageCommand, state: ImageState): ImageEvent[] => {
  switch (command.type) {
    case 'RegisterTemplate':
      return registerTemplate(command, state);
    case 'RegisterIso':
      return registerIso(command, state);
    case 'CreateTemplateFromVolume':
      return createTemplateFromVolume(command, state);
    case 'CreateTemplateFromSnapshot':
      return createTemplateFromSnapshot(command, state);
    case 'RecordTemplateDownload':
      return recordDownload(command, state);
    case 'UpdateTemplate':
      return update(command, state);
    case 'UpdateTemplatePermissions':
      return updatePermissions(command, state);
    case 'CopyTemplate':
      return copyToZones(command, state);
    case 'DeleteTemplate':
      return deleteCopies(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
};
