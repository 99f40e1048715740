import { expect } from 'vitest';
import {
  type CreateTemplateFromSnapshot,
  type CreateTemplateFromVolume,
  type ImageCreated,
  type ImageEvent,
  type ImageRef,
  imageEventSchemas,
  type RegisterIso,
  type RegisterTemplate,
} from '../../../src/domain/image/index.ts';

export const imageId = '7e57a11e-0000-4000-8000-000000000001';
export const owner = 'acc00000-0000-4000-8000-000000000001';
export const otherAccount = 'acc00000-0000-4000-8000-000000000002';
export const adminAccount = 'acc00000-0000-4000-8000-0000000000ad';
export const tenantDomainId = 'd1d1d1d1-0000-4000-8000-000000000001';
export const zoneA = 'a1a1a1a1-0000-4000-8000-00000000000a';
export const zoneB = 'b2b2b2b2-0000-4000-8000-00000000000b';
export const zoneC = 'c3c3c3c3-0000-4000-8000-00000000000c';
export const volumeId = 'f0f0f0f0-0000-4000-8000-000000000001';
export const snapshotId = 'e0e0e0e0-0000-4000-8000-000000000001';
export const now = '2026-03-01T10:00:00.000Z';
export const later = '2026-03-05T10:00:00.000Z';
export const url = 'https://images.example.org/ubuntu-24.04.qcow2';

export const user = { accountId: owner, isAdmin: false };
export const admin = { accountId: adminAccount, isAdmin: true };

export const templateRef: ImageRef = { imageId, kind: 'TEMPLATE', ownerAccountId: owner, tenantDomainId };
export const isoRef: ImageRef = { ...templateRef, kind: 'ISO' };

export const registerTemplate = (overrides: Partial<RegisterTemplate['data']> = {}): RegisterTemplate => ({
  type: 'RegisterTemplate',
  data: {
    imageId,
    name: 'Ubuntu 24.04',
    displayText: 'Ubuntu 24.04 LTS',
    ownerAccountId: owner,
    tenantDomainId,
    caller: user,
    allowPublicUserTemplates: true,
    isPublic: false,
    isFeatured: false,
    format: 'QCOW2',
    hypervisor: 'KVM',
    osType: 'Ubuntu 24.04 (64-bit)',
    passwordEnabled: true,
    dynamicallyScalable: false,
    url,
    zoneIds: [zoneA, zoneB],
    crossZones: false,
    now,
    ...overrides,
  },
});

export const templateCreated = (overrides: Partial<ImageCreated['data']> = {}): ImageCreated => ({
  type: 'ImageCreated',
  data: {
    ...templateRef,
    name: 'Ubuntu 24.04',
    displayText: 'Ubuntu 24.04 LTS',
    format: 'QCOW2',
    hypervisor: 'KVM',
    osType: 'Ubuntu 24.04 (64-bit)',
    source: { type: 'url', url },
    zoneIds: [zoneA, zoneB],
    crossZones: false,
    isPublic: false,
    isFeatured: false,
    passwordEnabled: true,
    dynamicallyScalable: false,
    bootable: true,
    sizeBytes: null,
    createdAt: now,
    ...overrides,
  },
});

export const registerIso = (overrides: Partial<RegisterIso['data']> = {}): RegisterIso => ({
  type: 'RegisterIso',
  data: {
    imageId,
    name: 'Rescue ISO',
    displayText: 'Rescue system',
    ownerAccountId: owner,
    tenantDomainId,
    caller: user,
    allowPublicUserTemplates: true,
    isPublic: false,
    isFeatured: false,
    url: 'https://images.example.org/rescue.iso',
    zoneIds: [zoneA],
    crossZones: false,
    bootable: true,
    osType: 'Other Linux (64-bit)',
    now,
    ...overrides,
  },
});

export const isoCreated = (overrides: Partial<ImageCreated['data']> = {}): ImageCreated => ({
  type: 'ImageCreated',
  data: {
    ...isoRef,
    name: 'Rescue ISO',
    displayText: 'Rescue system',
    format: 'ISO',
    hypervisor: null,
    osType: 'Other Linux (64-bit)',
    source: { type: 'url', url: 'https://images.example.org/rescue.iso' },
    zoneIds: [zoneA],
    crossZones: false,
    isPublic: false,
    isFeatured: false,
    passwordEnabled: false,
    dynamicallyScalable: false,
    bootable: true,
    sizeBytes: null,
    createdAt: now,
    ...overrides,
  },
});

const fromSourceBase = {
  imageId,
  name: 'Web server golden image',
  displayText: 'Golden image',
  ownerAccountId: owner,
  tenantDomainId,
  caller: user,
  allowPublicUserTemplates: true,
  isPublic: false,
  isFeatured: false,
  format: 'QCOW2',
  hypervisor: 'KVM',
  osType: 'Ubuntu 24.04 (64-bit)',
  passwordEnabled: false,
  dynamicallyScalable: true,
  zoneId: zoneA,
  sourceSizeBytes: 21474836480,
  now,
} as const;

export const createFromVolume = (
  overrides: Partial<CreateTemplateFromVolume['data']> = {},
): CreateTemplateFromVolume => ({
  type: 'CreateTemplateFromVolume',
  data: { ...fromSourceBase, volumeId, volumeType: 'ROOT', vmState: 'Stopped', ...overrides },
});

export const createFromSnapshot = (
  overrides: Partial<CreateTemplateFromSnapshot['data']> = {},
): CreateTemplateFromSnapshot => ({
  type: 'CreateTemplateFromSnapshot',
  data: { ...fromSourceBase, snapshotId, snapshotState: 'BackedUp', ...overrides },
});

export const createdFromSource = (source: ImageCreated['data']['source']): ImageCreated =>
  templateCreated({
    name: 'Web server golden image',
    displayText: 'Golden image',
    source,
    zoneIds: [zoneA],
    passwordEnabled: false,
    dynamicallyScalable: true,
    sizeBytes: 21474836480,
  });

export const downloaded = (zoneId: string, ref: ImageRef = templateRef): ImageEvent => ({
  type: 'ImageZoneDownloaded',
  data: { ...ref, zoneId, sizeBytes: 10737418240, physicalSizeBytes: 2147483648 },
});

export const progressed = (
  zoneId: string,
  downloadPercent: number,
  ref: ImageRef = templateRef,
): ImageEvent => ({
  type: 'ImageZoneDownloadProgressed',
  data: { ...ref, zoneId, downloadPercent },
});

export const failed = (zoneId: string, ref: ImageRef = templateRef): ImageEvent => ({
  type: 'ImageZoneDownloadFailed',
  data: { ...ref, zoneId, errorMessage: 'HTTP 404 from the image server' },
});

export const deletedEvent = (ref: ImageRef = templateRef, name = 'Ubuntu 24.04'): ImageEvent => ({
  type: 'ImageDeleted',
  data: { ...ref, name, removedAt: later },
});

/** Every emitted event must also pass its versioned payload schema. */
export const expectSchemaValid = (events: readonly ImageEvent[]): void => {
  for (const event of events)
    expect(imageEventSchemas[event.type].schema.parse(event.data)).toEqual(event.data);
};
