import { describe, expect, it } from 'vitest';
import { type DeleteTemplate, decider, type ImageEvent, isReadyIn } from '../../../src/domain/image/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  deletedEvent,
  downloaded,
  expectSchemaValid,
  imageId,
  isoCreated,
  isoRef,
  later,
  templateCreated,
  templateRef,
  zoneA,
  zoneB,
  zoneC,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const twoZones = [templateCreated(), downloaded(zoneA)];

const remove = (overrides: Partial<DeleteTemplate['data']> = {}): DeleteTemplate => ({
  type: 'DeleteTemplate',
  data: { imageId, kind: 'TEMPLATE', forced: false, inUseByVms: false, now: later, ...overrides },
});

const copyDeleted = (
  zoneId: string,
  wasDownloaded: boolean,
  forced = false,
  ref = templateRef,
): ImageEvent => ({
  type: 'ImageZoneCopyDeleted',
  data: {
    ...ref,
    zoneId,
    downloadStatus: wasDownloaded ? 'DOWNLOADED' : 'NOT_DOWNLOADED',
    sizeBytes: wasDownloaded ? 10737418240 : null,
    physicalSizeBytes: wasDownloaded ? 2147483648 : null,
    forced,
  },
});

describe('DeleteTemplate: template in two zones', () => {
  it('deletes only the copy of the zone given', () => {
    spec
      .given(twoZones)
      .when(remove({ zoneId: zoneB }))
      .then([copyDeleted(zoneB, false)]);
  });

  it("deletes a downloaded copy with its sizes (stops that zone's usage meter)", () => {
    spec
      .given(twoZones)
      .when(remove({ zoneId: zoneA }))
      .then([copyDeleted(zoneA, true)]);
  });

  it('keeps the template active in the other zone', () => {
    const state = fold(decider, [...twoZones, copyDeleted(zoneB, false)]);
    expect(state.status).toBe('Active');
    expect(state.status === 'Active' && Object.keys(state.zones)).toEqual([zoneA]);
    expect(isReadyIn(state, zoneA)).toBe(true);
  });

  it('deletes every copy and the template when no zone is given', () => {
    spec
      .given(twoZones)
      .when(remove())
      .then([copyDeleted(zoneA, true), copyDeleted(zoneB, false), deletedEvent()]);
  });

  it('emits events that pass their schemas', () => {
    expectSchemaValid(decider.decide(remove(), fold(decider, twoZones)));
  });

  it('refuses while VMs use it', () => {
    spec
      .given(twoZones)
      .when(remove({ inUseByVms: true }))
      .thenThrows('IMAGE_IN_USE', (e) => {
        expect(e.kind).toBe('illegal_state');
        expect(e.message).toContain('forced=true');
      });
  });

  it('deletes it anyway when forced', () => {
    spec
      .given(twoZones)
      .when(remove({ zoneId: zoneA, inUseByVms: true, forced: true }))
      .then([copyDeleted(zoneA, true, true)]);
  });

  it('refuses a zone without a copy', () => {
    spec
      .given(twoZones)
      .when(remove({ zoneId: zoneC }))
      .thenThrows('IMAGE_NOT_IN_ZONE');
  });

  it('refuses a template addressed as an ISO', () => {
    spec
      .given(twoZones)
      .when(remove({ kind: 'ISO' }))
      .thenThrows('IMAGE_KIND_MISMATCH');
  });
});

describe('DeleteTemplate: template in one zone', () => {
  const oneZone = [templateCreated({ zoneIds: [zoneA] })];

  it('deleting its last copy deletes the template', () => {
    spec
      .given(oneZone)
      .when(remove({ zoneId: zoneA }))
      .then([copyDeleted(zoneA, false), deletedEvent()]);
  });

  it('leaves the template Inactive, removed and without copies', () => {
    const state = fold(decider, [...oneZone, copyDeleted(zoneA, false), deletedEvent()]);
    expect(state).toMatchObject({ status: 'Inactive', removedAt: later, zones: {} });
    expect(isReadyIn(state, zoneA)).toBe(false);
  });
});

describe('DeleteTemplate: crossZones template', () => {
  it('deletes it everywhere even when one zone is given, as CloudStack does', () => {
    spec
      .given([templateCreated({ crossZones: true, zoneIds: [zoneA, zoneB] })])
      .when(remove({ zoneId: zoneB }))
      .then([copyDeleted(zoneA, false), copyDeleted(zoneB, false), deletedEvent()]);
  });
});

describe('DeleteTemplate: ISO', () => {
  it('deletes an ISO addressed as an ISO', () => {
    spec
      .given([isoCreated()])
      .when(remove({ kind: 'ISO' }))
      .then([copyDeleted(zoneA, false, false, isoRef), deletedEvent(isoRef, 'Rescue ISO')]);
  });

  it('refuses an ISO attached to VMs', () => {
    spec
      .given([isoCreated()])
      .when(remove({ kind: 'ISO', inUseByVms: true }))
      .thenThrows('IMAGE_IN_USE', (e) => expect(e.message).toMatch(/^ISO /));
  });
});

describe('DeleteTemplate: no image or deleted image', () => {
  it('refuses an unknown image', () => {
    spec.given([]).when(remove()).thenThrows('IMAGE_NOT_FOUND');
  });

  it('refuses deleting it twice', () => {
    spec
      .given([templateCreated({ zoneIds: [zoneA] }), copyDeleted(zoneA, false), deletedEvent()])
      .when(remove())
      .thenThrows('IMAGE_DELETED');
  });
});
