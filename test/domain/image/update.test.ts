import { describe, expect, it } from 'vitest';
import {
  decider,
  type ImageEvent,
  type UpdateTemplate,
  type UpdateTemplatePermissions,
} from '../../../src/domain/image/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  admin,
  deletedEvent,
  expectSchemaValid,
  imageId,
  isoCreated,
  isoRef,
  otherAccount,
  owner,
  templateCreated,
  templateRef,
  user,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const created = templateCreated();
const iso = isoCreated();

const update = (
  changes: Omit<UpdateTemplate['data'], 'imageId' | 'kind'>,
  kind: 'TEMPLATE' | 'ISO' = 'TEMPLATE',
): UpdateTemplate => ({ type: 'UpdateTemplate', data: { imageId, kind, ...changes } });

const permissions = (changes: Partial<UpdateTemplatePermissions['data']>): UpdateTemplatePermissions => ({
  type: 'UpdateTemplatePermissions',
  data: { imageId, kind: 'TEMPLATE', caller: user, allowPublicUserTemplates: true, ...changes },
});

const updated = (
  changes: Extract<ImageEvent, { type: 'ImageUpdated' }>['data']['changes'],
  ref = templateRef,
): ImageEvent => ({
  type: 'ImageUpdated',
  data: { ...ref, changes },
});

const permissionsUpdated = (isPublic: boolean, isFeatured: boolean, by = owner): ImageEvent => ({
  type: 'ImagePermissionsUpdated',
  data: { ...templateRef, isPublic, isFeatured, changedByAccountId: by },
});

describe('UpdateTemplate: active template', () => {
  it('records the changed fields only', () => {
    spec
      .given([created])
      .when(update({ name: 'Ubuntu 24.04.1', displayText: 'Ubuntu 24.04 LTS', passwordEnabled: false }))
      .then([updated({ name: 'Ubuntu 24.04.1', passwordEnabled: false })]);
  });

  it('changes the OS type and dynamic scaling flag', () => {
    spec
      .given([created])
      .when(update({ osType: ' Ubuntu 24.04 (64-bit) ', dynamicallyScalable: true }))
      .then([updated({ dynamicallyScalable: true })]);
  });

  it('folds the change into the state', () => {
    const change = updated({ name: 'Renamed', dynamicallyScalable: true });
    expectSchemaValid([change]);
    expect(fold(decider, [created, change])).toMatchObject({
      name: 'Renamed',
      dynamicallyScalable: true,
      displayText: 'Ubuntu 24.04 LTS',
    });
  });

  it('records nothing when nothing changes', () => {
    spec
      .given([created])
      .when(update({ name: 'Ubuntu 24.04' }))
      .thenNothingHappened();
  });

  it('refuses bootable on a template', () => {
    spec
      .given([created])
      .when(update({ bootable: false }))
      .thenThrows('IMAGE_FIELD_NOT_APPLICABLE', (e) =>
        expect(e.details).toEqual({ imageId, field: 'bootable' }),
      );
  });

  it('refuses an empty name', () => {
    spec
      .given([created])
      .when(update({ name: '' }))
      .thenThrows('IMAGE_NAME_INVALID');
  });

  it('refuses an empty display text', () => {
    spec
      .given([created])
      .when(update({ displayText: ' ' }))
      .thenThrows('IMAGE_FIELD_INVALID');
  });

  it('refuses an ISO id given to the template operation', () => {
    spec
      .given([iso])
      .when(update({ name: 'x' }))
      .thenThrows('IMAGE_KIND_MISMATCH');
  });
});

describe('UpdateTemplate: active ISO', () => {
  it('makes an ISO non-bootable', () => {
    spec
      .given([iso])
      .when(update({ bootable: false }, 'ISO'))
      .then([updated({ bootable: false }, isoRef)]);
  });

  it('makes a non-bootable ISO without OS type bootable when an OS type comes along', () => {
    spec
      .given([isoCreated({ bootable: false, osType: null })])
      .when(update({ bootable: true, osType: 'Debian 12' }, 'ISO'))
      .then([updated({ osType: 'Debian 12', bootable: true }, isoRef)]);
  });

  it('refuses making it bootable without an OS type', () => {
    spec
      .given([isoCreated({ bootable: false, osType: null })])
      .when(update({ bootable: true }, 'ISO'))
      .thenThrows('IMAGE_OS_TYPE_REQUIRED');
  });

  it('refuses passwordEnabled on an ISO', () => {
    spec
      .given([iso])
      .when(update({ passwordEnabled: true }, 'ISO'))
      .thenThrows('IMAGE_FIELD_NOT_APPLICABLE');
  });

  it('refuses dynamicallyScalable on an ISO', () => {
    spec
      .given([iso])
      .when(update({ dynamicallyScalable: true }, 'ISO'))
      .thenThrows('IMAGE_FIELD_NOT_APPLICABLE');
  });
});

describe('UpdateTemplate: no image or deleted image', () => {
  it('refuses an unknown image', () => {
    spec
      .given([])
      .when(update({ name: 'x' }))
      .thenThrows('IMAGE_NOT_FOUND');
  });

  it('refuses a deleted image', () => {
    spec
      .given([created, deletedEvent()])
      .when(update({ name: 'x' }))
      .thenThrows('IMAGE_DELETED', (e) => expect(e.message).toBe(`Template ${imageId} has been deleted`));
  });
});

describe('UpdateTemplatePermissions: private template', () => {
  it('lets the owner make it public', () => {
    spec
      .given([created])
      .when(permissions({ isPublic: true }))
      .then([permissionsUpdated(true, false)]);
  });

  it('lets an admin make it public and featured whatever the setting', () => {
    spec
      .given([created])
      .when(permissions({ caller: admin, isPublic: true, isFeatured: true, allowPublicUserTemplates: false }))
      .then([permissionsUpdated(true, true, admin.accountId)]);
  });

  it('folds the new permissions into the state', () => {
    expect(fold(decider, [created, permissionsUpdated(true, true)])).toMatchObject({
      isPublic: true,
      isFeatured: true,
    });
  });

  it('records nothing when nothing changes', () => {
    spec
      .given([created])
      .when(permissions({ isPublic: false }))
      .thenNothingHappened();
  });

  it('refuses another account that is not an admin', () => {
    spec
      .given([created])
      .when(permissions({ caller: { accountId: otherAccount, isAdmin: false }, isPublic: true }))
      .thenThrows('IMAGE_PERMISSION_DENIED', (e) => {
        expect(e.kind).toBe('forbidden');
        expect(e.details).toEqual({ imageId, callerAccountId: otherAccount, ownerAccountId: owner });
      });
  });

  it('refuses the owner making it public when allow.public.user.templates is off', () => {
    spec
      .given([created])
      .when(permissions({ isPublic: true, allowPublicUserTemplates: false }))
      .thenThrows('IMAGE_PUBLIC_NOT_ALLOWED');
  });

  it('refuses the owner featuring it', () => {
    spec
      .given([created])
      .when(permissions({ isFeatured: true }))
      .thenThrows('IMAGE_FEATURED_ADMIN_ONLY');
  });

  it('refuses an ISO addressed through the template operation', () => {
    spec
      .given([iso])
      .when(permissions({ isPublic: true }))
      .thenThrows('IMAGE_KIND_MISMATCH');
  });
});

describe('UpdateTemplatePermissions: public featured template', () => {
  const history = [templateCreated({ isPublic: true, isFeatured: true })];

  it('lets the owner make it private even when public templates are no longer allowed', () => {
    spec
      .given(history)
      .when(permissions({ isPublic: false, isFeatured: false, allowPublicUserTemplates: false }))
      .then([permissionsUpdated(false, false)]);
  });
});

describe('UpdateTemplatePermissions: no image or deleted image', () => {
  it('refuses an unknown image', () => {
    spec
      .given([])
      .when(permissions({ isPublic: true }))
      .thenThrows('IMAGE_NOT_FOUND');
  });

  it('refuses a deleted image', () => {
    spec
      .given([created, deletedEvent()])
      .when(permissions({ isPublic: true }))
      .thenThrows('IMAGE_DELETED');
  });
});
