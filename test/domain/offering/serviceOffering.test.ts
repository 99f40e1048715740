import { describe, expect, it } from 'vitest';
import {
  decider,
  type ServiceOfferingEvent,
  type UpdateServiceOffering,
} from '../../../src/domain/offering/service/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  createServiceOffering,
  expectSchemaValid,
  later,
  now,
  offeringId,
  salesDomain,
  serviceOfferingCreated,
  serviceOfferingEventSchemas,
  zoneA,
  zoneB,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const created = serviceOfferingCreated();
const deleted: ServiceOfferingEvent = {
  type: 'ServiceOfferingDeleted',
  data: { offeringId, name: 'Medium', removedAt: later },
};
const update = (changes: Omit<UpdateServiceOffering['data'], 'offeringId'>): UpdateServiceOffering => ({
  type: 'UpdateServiceOffering',
  data: { offeringId, ...changes },
});
const remove = { type: 'DeleteServiceOffering', data: { offeringId, now: later } } as const;

describe('service offering: none yet', () => {
  it('creates a fixed-size offering', () => {
    spec.given([]).when(createServiceOffering()).then([created]);
  });

  it('creates a custom offering with a fixed CPU speed and bounds', () => {
    const sizing = {
      kind: 'custom',
      cpuSpeedMhz: 2400,
      minCpuNumber: 1,
      maxCpuNumber: 8,
      minMemoryMiB: 1024,
      maxMemoryMiB: 16384,
    } as const;
    spec
      .given([])
      .when(createServiceOffering({ sizing }))
      .then([serviceOfferingCreated({ sizing })]);
  });

  it('creates an unconstrained custom offering (speed and bounds left to the user)', () => {
    const sizing = {
      kind: 'custom',
      cpuSpeedMhz: null,
      minCpuNumber: null,
      maxCpuNumber: null,
      minMemoryMiB: null,
      maxMemoryMiB: null,
    } as const;
    spec
      .given([])
      .when(createServiceOffering({ sizing }))
      .then([serviceOfferingCreated({ sizing })]);
  });

  it('creates a domain-restricted, zone-limited system offering with a planner', () => {
    spec
      .given([])
      .when(
        createServiceOffering({
          isSystem: true,
          domainIds: [salesDomain, salesDomain],
          zoneIds: [zoneA],
          deploymentPlanner: 'UserDispersingPlanner',
          storageType: 'local',
          networkRateMbps: null,
        }),
      )
      .then([
        serviceOfferingCreated({
          isSystem: true,
          domainIds: [salesDomain],
          zoneIds: [zoneA],
          deploymentPlanner: 'UserDispersingPlanner',
          storageType: 'local',
          networkRateMbps: null,
        }),
      ]);
  });

  it('defaults the display text to the name and tidies the tags', () => {
    spec
      .given([])
      .when(
        createServiceOffering({
          name: '  Medium ',
          displayText: '  ',
          hostTags: [' ssd-host', 'ssd-host', 'gpu'],
          storageTags: ['ssd ', 'ssd'],
        }),
      )
      .then([
        serviceOfferingCreated({
          displayText: 'Medium',
          hostTags: ['ssd-host', 'gpu'],
          storageTags: ['ssd'],
        }),
      ]);
  });

  it('emits events that pass their schemas', () => {
    expectSchemaValid(
      serviceOfferingEventSchemas,
      decider.decide(createServiceOffering(), decider.initialState()),
    );
  });

  it('refuses an empty name', () => {
    spec
      .given([])
      .when(createServiceOffering({ name: '   ' }))
      .thenThrows('OFFERING_NAME_INVALID');
  });

  it('refuses a name longer than 255 characters', () => {
    spec
      .given([])
      .when(createServiceOffering({ name: 'x'.repeat(256) }))
      .thenThrows('OFFERING_NAME_INVALID');
  });

  it('refuses a tag holding a comma', () => {
    spec
      .given([])
      .when(createServiceOffering({ hostTags: ['a,b'] }))
      .thenThrows('OFFERING_TAG_INVALID', (e) =>
        expect(e.details).toMatchObject({ field: 'hostTags', tag: 'a,b' }),
      );
  });

  it('refuses an empty storage tag', () => {
    spec
      .given([])
      .when(createServiceOffering({ storageTags: [' '] }))
      .thenThrows('OFFERING_TAG_INVALID', (e) => expect(e.details).toMatchObject({ field: 'storageTags' }));
  });

  it('refuses an empty zone id', () => {
    spec
      .given([])
      .when(createServiceOffering({ zoneIds: [''] }))
      .thenThrows('OFFERING_SCOPE_INVALID');
  });

  it('refuses a fixed size with zero CPUs', () => {
    spec
      .given([])
      .when(
        createServiceOffering({ sizing: { kind: 'fixed', cpuNumber: 0, cpuSpeedMhz: 2000, memoryMiB: 512 } }),
      )
      .thenThrows('SERVICE_OFFERING_SIZE_INVALID', (e) =>
        expect(e.details).toMatchObject({ field: 'cpuNumber' }),
      );
  });

  it('refuses a fractional memory size', () => {
    spec
      .given([])
      .when(
        createServiceOffering({ sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 2000, memoryMiB: 0.5 } }),
      )
      .thenThrows('SERVICE_OFFERING_SIZE_INVALID', (e) =>
        expect(e.details).toMatchObject({ field: 'memoryMiB' }),
      );
  });

  it('refuses a custom offering whose CPU bounds are upside down', () => {
    spec
      .given([])
      .when(
        createServiceOffering({
          sizing: {
            kind: 'custom',
            cpuSpeedMhz: 2000,
            minCpuNumber: 8,
            maxCpuNumber: 2,
            minMemoryMiB: null,
            maxMemoryMiB: null,
          },
        }),
      )
      .thenThrows('SERVICE_OFFERING_SIZE_INVALID', (e) =>
        expect(e.message).toBe('minCpuNumber (8) must not be greater than maxCpuNumber (2)'),
      );
  });

  it('refuses a custom offering whose memory bounds are upside down', () => {
    spec
      .given([])
      .when(
        createServiceOffering({
          sizing: {
            kind: 'custom',
            cpuSpeedMhz: null,
            minCpuNumber: null,
            maxCpuNumber: null,
            minMemoryMiB: 4096,
            maxMemoryMiB: 1024,
          },
        }),
      )
      .thenThrows('SERVICE_OFFERING_SIZE_INVALID', (e) =>
        expect(e.details).toEqual({ minMemoryMiB: 4096, maxMemoryMiB: 1024 }),
      );
  });

  it('refuses a custom offering with a zero CPU speed', () => {
    spec
      .given([])
      .when(
        createServiceOffering({
          sizing: {
            kind: 'custom',
            cpuSpeedMhz: 0,
            minCpuNumber: null,
            maxCpuNumber: null,
            minMemoryMiB: null,
            maxMemoryMiB: null,
          },
        }),
      )
      .thenThrows('SERVICE_OFFERING_SIZE_INVALID', (e) =>
        expect(e.details).toMatchObject({ field: 'cpuSpeedMhz' }),
      );
  });

  it('refuses a custom system offering', () => {
    spec
      .given([])
      .when(
        createServiceOffering({
          isSystem: true,
          sizing: {
            kind: 'custom',
            cpuSpeedMhz: 2000,
            minCpuNumber: 1,
            maxCpuNumber: 2,
            minMemoryMiB: 512,
            maxMemoryMiB: 1024,
          },
        }),
      )
      .thenThrows('SERVICE_OFFERING_SYSTEM_CUSTOM');
  });

  it('refuses a zero network rate', () => {
    spec
      .given([])
      .when(createServiceOffering({ networkRateMbps: 0 }))
      .thenThrows('SERVICE_OFFERING_NETWORK_RATE_INVALID');
  });

  it('refuses an update of an offering that does not exist', () => {
    spec
      .given([])
      .when(update({ name: 'Large' }))
      .thenThrows('SERVICE_OFFERING_NOT_FOUND', (e) => expect(e.kind).toBe('not_found'));
  });

  it('refuses deleting an offering that does not exist', () => {
    spec.given([]).when(remove).thenThrows('SERVICE_OFFERING_NOT_FOUND');
  });
});

describe('service offering: active', () => {
  it('refuses creating it again', () => {
    spec
      .given([created])
      .when(createServiceOffering())
      .thenThrows('SERVICE_OFFERING_ALREADY_EXISTS', (e) => expect(e.kind).toBe('conflict'));
  });

  it('records only the fields an update changes', () => {
    spec
      .given([created])
      .when(update({ name: 'Medium v2', displayText: 'Medium instance', hostTags: ['ssd-host', 'fast'] }))
      .then([
        {
          type: 'ServiceOfferingUpdated',
          data: { offeringId, changes: { name: 'Medium v2', hostTags: ['ssd-host', 'fast'] } },
        },
      ]);
  });

  it('restricts it to domains and zones', () => {
    spec
      .given([created])
      .when(update({ domainIds: [salesDomain], zoneIds: [zoneA, zoneB], storageTags: [] }))
      .then([
        {
          type: 'ServiceOfferingUpdated',
          data: {
            offeringId,
            changes: { domainIds: [salesDomain], zoneIds: [zoneA, zoneB], storageTags: [] },
          },
        },
      ]);
  });

  it('records nothing when an update changes nothing', () => {
    spec
      .given([created])
      .when(update({ name: ' Medium ', storageTags: ['ssd'] }))
      .thenNothingHappened();
  });

  it('refuses an empty display text on update', () => {
    spec
      .given([created])
      .when(update({ displayText: ' ' }))
      .thenThrows('OFFERING_DISPLAY_TEXT_INVALID');
  });

  it('refuses an invalid host tag on update', () => {
    spec
      .given([created])
      .when(update({ hostTags: ['x,y'] }))
      .thenThrows('OFFERING_TAG_INVALID');
  });

  it('refuses an empty zone id on update', () => {
    spec
      .given([created])
      .when(update({ zoneIds: [zoneA, ' '] }))
      .thenThrows('OFFERING_SCOPE_INVALID');
  });

  it('refuses an empty name on update', () => {
    spec
      .given([created])
      .when(update({ name: '' }))
      .thenThrows('OFFERING_NAME_INVALID');
  });

  it('deletes it', () => {
    spec.given([created]).when(remove).then([deleted]);
  });

  it('folds an update into the state and keeps sizes', () => {
    const changed: ServiceOfferingEvent = {
      type: 'ServiceOfferingUpdated',
      data: { offeringId, changes: { name: 'Medium v2' } },
    };
    expectSchemaValid(serviceOfferingEventSchemas, [changed, deleted]);
    const state = fold(decider, [created, changed]);
    expect(state).toMatchObject({ status: 'Active', name: 'Medium v2', displayText: 'Medium instance' });
    expect(state).toMatchObject({ sizing: created.data.sizing, removedAt: null });
  });
});

describe('service offering: replay', () => {
  it('leaves an empty state alone when an update arrives without a creation', () => {
    const stray: ServiceOfferingEvent = {
      type: 'ServiceOfferingUpdated',
      data: { offeringId, changes: { name: 'x' } },
    };
    expect(fold(decider, [stray, deleted])).toEqual({ status: 'None' });
  });
});

describe('service offering: removed', () => {
  it('is Removed with the time it was deleted', () => {
    expect(fold(decider, [created, deleted])).toMatchObject({
      status: 'Removed',
      removedAt: later,
      name: 'Medium',
    });
  });

  it('refuses an update', () => {
    spec
      .given([created, deleted])
      .when(update({ name: 'Again' }))
      .thenThrows('SERVICE_OFFERING_REMOVED', (e) => expect(e.message).toContain('has been deleted'));
  });

  it('refuses deleting it again', () => {
    spec.given([created, deleted]).when(remove).thenThrows('SERVICE_OFFERING_REMOVED');
  });

  it('refuses re-creating it under the same id', () => {
    spec
      .given([created, deleted])
      .when(createServiceOffering({ now }))
      .thenThrows('SERVICE_OFFERING_REMOVED');
  });
});
