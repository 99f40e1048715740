import { describe, expect, it } from 'vitest';
import {
  type CopyTemplate,
  decider,
  type ImageEvent,
  type ImageKind,
} from '../../../src/domain/image/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  admin,
  deletedEvent,
  downloaded,
  expectSchemaValid,
  failed,
  imageId,
  isoCreated,
  isoRef,
  progressed,
  registerTemplate,
  templateCreated,
  templateRef,
  zoneA,
  zoneB,
  zoneC,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const inZoneA = templateCreated({ zoneIds: [zoneA] });
const copy = (
  destinationZoneIds: string[],
  kind: ImageKind = 'TEMPLATE',
  sourceZoneId = zoneA,
): CopyTemplate => ({
  type: 'CopyTemplate',
  data: { imageId, kind, sourceZoneId, destinationZoneIds },
});
const requested = (zoneId: string, ref = templateRef): ImageEvent => ({
  type: 'ImageZoneCopyRequested',
  data: { ...ref, sourceZoneId: zoneA, zoneId, sizeBytes: 10737418240 },
});

describe('CopyTemplate: ready in the source zone', () => {
  const history = [inZoneA, downloaded(zoneA)];

  it('requests a copy in each new destination zone', () => {
    spec
      .given(history)
      .when(copy([zoneB, zoneC, zoneB]))
      .then([requested(zoneB), requested(zoneC)]);
  });

  it('emits events that pass their schemas and gives each destination a pending copy', () => {
    const events = decider.decide(copy([zoneB]), fold(decider, history));
    expectSchemaValid(events);
    const state = fold(decider, [...history, ...events]);
    expect(state.status === 'Active' && state.zones[zoneB]).toMatchObject({
      status: 'NOT_DOWNLOADED',
      ready: false,
    });
  });

  it('copies an ISO the same way', () => {
    spec
      .given([isoCreated(), downloaded(zoneA, isoRef)])
      .when(copy([zoneB], 'ISO'))
      .then([requested(zoneB, isoRef)]);
  });

  it('skips a destination that already holds a downloaded copy', () => {
    spec
      .given([templateCreated(), downloaded(zoneA), downloaded(zoneB)])
      .when(copy([zoneB, zoneC]))
      .then([requested(zoneC)]);
  });

  it('skips a destination whose copy is on its way', () => {
    spec
      .given([templateCreated(), downloaded(zoneA), progressed(zoneB, 40)])
      .when(copy([zoneB]))
      .thenNothingHappened();
  });

  it('copies again to a destination whose copy failed', () => {
    spec
      .given([templateCreated(), downloaded(zoneA), failed(zoneB)])
      .when(copy([zoneB]))
      .then([requested(zoneB)]);
  });

  it('records nothing for a crossZones template that is already everywhere', () => {
    const everywhere = decider.decide(
      registerTemplate({ caller: admin, crossZones: true, zoneIds: [zoneA, zoneB] }),
      decider.initialState(),
    );
    spec
      .given([...everywhere, downloaded(zoneA)])
      .when(copy([zoneB]))
      .thenNothingHappened();
  });

  it('refuses the source zone among the destinations', () => {
    spec
      .given(history)
      .when(copy([zoneA, zoneB]))
      .thenThrows('IMAGE_COPY_SAME_ZONE', (e) =>
        expect(e.message).toBe('Please specify different source and destination zones'),
      );
  });

  it('refuses no destination', () => {
    spec.given(history).when(copy([])).thenThrows('IMAGE_ZONE_REQUIRED');
  });

  it('refuses a template addressed as an ISO', () => {
    spec
      .given(history)
      .when(copy([zoneB], 'ISO'))
      .thenThrows('IMAGE_KIND_MISMATCH', (e) =>
        expect(e.details).toEqual({ imageId, kind: 'TEMPLATE', addressedAs: 'ISO' }),
      );
  });
});

describe('CopyTemplate: not ready in the source zone', () => {
  it('refuses while the source copy is still downloading', () => {
    spec
      .given([inZoneA, progressed(zoneA, 99)])
      .when(copy([zoneB]))
      .thenThrows('IMAGE_NOT_READY_IN_ZONE', (e) =>
        expect(e.details).toEqual({ imageId, zoneId: zoneA, downloadStatus: 'DOWNLOAD_IN_PROGRESS' }),
      );
  });

  it('refuses a source zone without a copy', () => {
    spec
      .given([inZoneA])
      .when(copy([zoneC], 'TEMPLATE', zoneB))
      .thenThrows('IMAGE_NOT_IN_ZONE');
  });
});

describe('CopyTemplate: no image or deleted image', () => {
  it('refuses an unknown image', () => {
    spec
      .given([])
      .when(copy([zoneB]))
      .thenThrows('IMAGE_NOT_FOUND');
  });

  it('refuses a deleted image', () => {
    spec
      .given([inZoneA, deletedEvent()])
      .when(copy([zoneB]))
      .thenThrows('IMAGE_DELETED');
  });
});
