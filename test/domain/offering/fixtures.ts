import { expect } from 'vitest';
import {
  type CreateDiskOffering,
  type DiskOfferingCreated,
  type DiskOfferingEvent,
  diskOfferingEventSchemas,
} from '../../../src/domain/offering/disk/index.ts';
import {
  type CreateServiceOffering,
  type ServiceOfferingCreated,
  type ServiceOfferingEvent,
  serviceOfferingEventSchemas,
} from '../../../src/domain/offering/service/index.ts';
import type { EventSchemas } from '../../../src/domain/shared/index.ts';

export const offeringId = '5b0f6c1e-7d43-4c55-9f0a-0e1d2c3b4a01';
export const zoneA = 'a1a1a1a1-0000-4000-8000-00000000000a';
export const zoneB = 'b2b2b2b2-0000-4000-8000-00000000000b';
export const rootDomain = 'd0d0d0d0-0000-4000-8000-000000000000';
export const salesDomain = 'd1d1d1d1-0000-4000-8000-000000000001';
export const now = '2026-03-01T10:00:00.000Z';
export const later = '2026-03-02T10:00:00.000Z';

/** The "Medium" service offering: what CreateServiceOffering asks for is what ServiceOfferingCreated records. */
const medium: Omit<ServiceOfferingCreated['data'], 'createdAt'> = {
  offeringId,
  name: 'Medium',
  displayText: 'Medium instance',
  sizing: { kind: 'fixed', cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 },
  networkRateMbps: 200,
  offerHa: true,
  storageType: 'shared',
  hostTags: ['ssd-host'],
  storageTags: ['ssd'],
  dynamicScalingEnabled: true,
  limitCpuUse: false,
  isSystem: false,
  domainIds: [],
  zoneIds: [],
  deploymentPlanner: null,
};

export const createServiceOffering = (
  overrides: Partial<CreateServiceOffering['data']> = {},
): CreateServiceOffering => ({
  type: 'CreateServiceOffering',
  data: { ...medium, now, ...overrides },
});

export const serviceOfferingCreated = (
  overrides: Partial<ServiceOfferingCreated['data']> = {},
): ServiceOfferingCreated => ({
  type: 'ServiceOfferingCreated',
  data: { ...medium, createdAt: now, ...overrides },
});

/** The "Small disk" offering; the event adds the (here empty) QoS the command left out. */
const smallDisk: Omit<DiskOfferingCreated['data'], 'qos' | 'createdAt'> = {
  offeringId,
  name: 'Small disk',
  displayText: '20 GiB on SSD',
  sizing: { kind: 'fixed', sizeGiB: 20 },
  storageType: 'shared',
  storageTags: ['ssd'],
  domainIds: [],
  zoneIds: [],
};

export const createDiskOffering = (
  overrides: Partial<CreateDiskOffering['data']> = {},
): CreateDiskOffering => ({
  type: 'CreateDiskOffering',
  data: { ...smallDisk, now, ...overrides },
});

export const noQos = {
  minIops: null,
  maxIops: null,
  bytesReadRate: null,
  bytesWriteRate: null,
  iopsReadRate: null,
  iopsWriteRate: null,
};

export const diskOfferingCreated = (
  overrides: Partial<DiskOfferingCreated['data']> = {},
): DiskOfferingCreated => ({
  type: 'DiskOfferingCreated',
  data: { ...smallDisk, qos: noQos, createdAt: now, ...overrides },
});

/** Every event a decider emits must also pass its versioned payload schema. */
export const expectSchemaValid = (
  schemas: EventSchemas,
  events: readonly (ServiceOfferingEvent | DiskOfferingEvent | { type: string; data: unknown })[],
): void => {
  for (const event of events) {
    const schema = schemas[event.type];
    expect(schema, `schema for ${event.type}`).toBeDefined();
    expect(schema?.schema.parse(event.data)).toEqual(event.data);
  }
};

export { diskOfferingEventSchemas, serviceOfferingEventSchemas };
