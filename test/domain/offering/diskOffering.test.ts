import { describe, expect, it } from 'vitest';
import {
  type DiskOfferingEvent,
  decider,
  type UpdateDiskOffering,
} from '../../../src/domain/offering/disk/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  createDiskOffering,
  diskOfferingCreated,
  diskOfferingEventSchemas,
  expectSchemaValid,
  later,
  noQos,
  offeringId,
  salesDomain,
  zoneA,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const created = diskOfferingCreated();
const deleted: DiskOfferingEvent = {
  type: 'DiskOfferingDeleted',
  data: { offeringId, name: 'Small disk', removedAt: later },
};
const update = (changes: Omit<UpdateDiskOffering['data'], 'offeringId'>): UpdateDiskOffering => ({
  type: 'UpdateDiskOffering',
  data: { offeringId, ...changes },
});
const remove = { type: 'DeleteDiskOffering', data: { offeringId, now: later } } as const;

describe('disk offering: none yet', () => {
  it('creates a fixed-size offering without QoS', () => {
    spec.given([]).when(createDiskOffering()).then([created]);
  });

  it('creates a custom-size offering with bounds', () => {
    const sizing = { kind: 'custom', minSizeGiB: 10, maxSizeGiB: 1024 } as const;
    spec
      .given([])
      .when(createDiskOffering({ sizing }))
      .then([diskOfferingCreated({ sizing })]);
  });

  it('creates an offering with storage QoS (min/max IOPS)', () => {
    spec
      .given([])
      .when(createDiskOffering({ qos: { minIops: 500, maxIops: 2000 } }))
      .then([diskOfferingCreated({ qos: { ...noQos, minIops: 500, maxIops: 2000 } })]);
  });

  it('creates a local, domain-restricted offering with hypervisor QoS (rates)', () => {
    const qos = {
      bytesReadRate: 104857600,
      bytesWriteRate: 52428800,
      iopsReadRate: 1000,
      iopsWriteRate: 500,
    };
    spec
      .given([])
      .when(
        createDiskOffering({
          qos,
          storageType: 'local',
          domainIds: [salesDomain],
          zoneIds: [zoneA],
          displayText: undefined,
        }),
      )
      .then([
        diskOfferingCreated({
          qos: { ...noQos, ...qos },
          storageType: 'local',
          domainIds: [salesDomain],
          zoneIds: [zoneA],
          displayText: 'Small disk',
        }),
      ]);
  });

  it('emits events that pass their schemas', () => {
    expectSchemaValid(diskOfferingEventSchemas, decider.decide(createDiskOffering(), decider.initialState()));
  });

  it('refuses an empty name', () => {
    spec
      .given([])
      .when(createDiskOffering({ name: '' }))
      .thenThrows('OFFERING_NAME_INVALID');
  });

  it('refuses a zero fixed size', () => {
    spec
      .given([])
      .when(createDiskOffering({ sizing: { kind: 'fixed', sizeGiB: 0 } }))
      .thenThrows('DISK_OFFERING_SIZE_INVALID', (e) => expect(e.details).toMatchObject({ field: 'sizeGiB' }));
  });

  it('refuses custom bounds that are upside down', () => {
    spec
      .given([])
      .when(createDiskOffering({ sizing: { kind: 'custom', minSizeGiB: 100, maxSizeGiB: 10 } }))
      .thenThrows('DISK_OFFERING_SIZE_INVALID', (e) =>
        expect(e.message).toBe('minSizeGiB (100) must not be greater than maxSizeGiB (10)'),
      );
  });

  it('refuses min IOPS above max IOPS', () => {
    spec
      .given([])
      .when(createDiskOffering({ qos: { minIops: 3000, maxIops: 1000 } }))
      .thenThrows('DISK_OFFERING_QOS_INVALID');
  });

  it('refuses a zero read rate', () => {
    spec
      .given([])
      .when(createDiskOffering({ qos: { bytesReadRate: 0 } }))
      .thenThrows('DISK_OFFERING_QOS_INVALID', (e) =>
        expect(e.details).toMatchObject({ field: 'bytesReadRate' }),
      );
  });

  it('refuses storage and hypervisor QoS together', () => {
    spec
      .given([])
      .when(createDiskOffering({ qos: { maxIops: 1000, iopsWriteRate: 100 } }))
      .thenThrows('DISK_OFFERING_QOS_CONFLICT', (e) =>
        expect(e.details).toEqual({ storageSide: ['maxIops'], hypervisorSide: ['iopsWriteRate'] }),
      );
  });

  it('refuses a storage tag with a comma', () => {
    spec
      .given([])
      .when(createDiskOffering({ storageTags: ['a,b'] }))
      .thenThrows('OFFERING_TAG_INVALID');
  });

  it('refuses an empty domain id', () => {
    spec
      .given([])
      .when(createDiskOffering({ domainIds: [''] }))
      .thenThrows('OFFERING_SCOPE_INVALID');
  });

  it('refuses an update of an offering that does not exist', () => {
    spec
      .given([])
      .when(update({ name: 'x' }))
      .thenThrows('DISK_OFFERING_NOT_FOUND');
  });

  it('refuses deleting an offering that does not exist', () => {
    spec.given([]).when(remove).thenThrows('DISK_OFFERING_NOT_FOUND');
  });
});

describe('disk offering: active', () => {
  it('refuses creating it again', () => {
    spec.given([created]).when(createDiskOffering()).thenThrows('DISK_OFFERING_ALREADY_EXISTS');
  });

  it('records only what an update changes', () => {
    spec
      .given([created])
      .when(
        update({
          name: 'Small disk',
          displayText: 'Twenty GiB',
          storageTags: ['ssd', 'fast'],
          zoneIds: [zoneA],
        }),
      )
      .then([
        {
          type: 'DiskOfferingUpdated',
          data: {
            offeringId,
            changes: { displayText: 'Twenty GiB', storageTags: ['ssd', 'fast'], zoneIds: [zoneA] },
          },
        },
      ]);
  });

  it('records nothing when an update changes nothing', () => {
    spec
      .given([created])
      .when(update({ domainIds: [] }))
      .thenNothingHappened();
  });

  it('refuses an invalid storage tag on update', () => {
    spec
      .given([created])
      .when(update({ storageTags: [''] }))
      .thenThrows('OFFERING_TAG_INVALID');
  });

  it('deletes it', () => {
    spec.given([created]).when(remove).then([deleted]);
  });

  it('folds updates and deletion into the state', () => {
    const changed: DiskOfferingEvent = {
      type: 'DiskOfferingUpdated',
      data: { offeringId, changes: { name: 'Tiny' } },
    };
    expectSchemaValid(diskOfferingEventSchemas, [changed, deleted]);
    expect(fold(decider, [created, changed, deleted])).toMatchObject({
      status: 'Removed',
      name: 'Tiny',
      sizing: { kind: 'fixed', sizeGiB: 20 },
      removedAt: later,
    });
  });
});

describe('disk offering: removed', () => {
  it('refuses an update', () => {
    spec
      .given([created, deleted])
      .when(update({ name: 'x' }))
      .thenThrows('DISK_OFFERING_REMOVED');
  });

  it('refuses deleting it again', () => {
    spec.given([created, deleted]).when(remove).thenThrows('DISK_OFFERING_REMOVED');
  });
});
