import { describe, expect, it } from 'vitest';
import {
  canMoveTo,
  type DownloadReport,
  decider,
  type RecordTemplateDownload,
} from '../../../src/domain/image/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  deletedEvent,
  downloaded,
  expectSchemaValid,
  failed,
  imageId,
  isoCreated,
  isoRef,
  progressed,
  templateCreated,
  templateRef,
  zoneA,
  zoneB,
  zoneC,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const created = templateCreated();
const record = (report: DownloadReport, zoneId = zoneA): RecordTemplateDownload => ({
  type: 'RecordTemplateDownload',
  data: { imageId, zoneId, report },
});
const done = { status: 'DOWNLOADED', sizeBytes: 10737418240, physicalSizeBytes: 2147483648 } as const;
const error = { status: 'DOWNLOAD_ERROR', errorMessage: ' HTTP 404 from the image server ' } as const;
const progress = (downloadPercent: number) => ({ status: 'DOWNLOAD_IN_PROGRESS', downloadPercent }) as const;

describe('download status table', () => {
  it('keeps DOWNLOADED final and lets a failed copy be retried or re-requested', () => {
    expect(canMoveTo('DOWNLOADED', 'DOWNLOAD_IN_PROGRESS')).toBe(false);
    expect(canMoveTo('DOWNLOAD_ERROR', 'DOWNLOAD_IN_PROGRESS')).toBe(true);
    expect(canMoveTo('DOWNLOAD_ERROR', 'NOT_DOWNLOADED')).toBe(true);
    expect(canMoveTo('NOT_DOWNLOADED', 'DOWNLOADED')).toBe(true);
    expect(canMoveTo('DOWNLOAD_IN_PROGRESS', 'NOT_DOWNLOADED')).toBe(false);
  });
});

describe('RecordTemplateDownload: copy not downloaded yet', () => {
  it('records progress', () => {
    spec
      .given([created])
      .when(record(progress(10)))
      .then([progressed(zoneA, 10)]);
  });

  it('records a completed copy straight away (volume and snapshot templates are copied in one step)', () => {
    spec
      .given([created])
      .when(record(done))
      .then([downloaded(zoneA)]);
  });

  it('records a failure with its trimmed reason', () => {
    spec
      .given([created])
      .when(record(error))
      .then([failed(zoneA)]);
  });

  it('emits events that pass their schemas', () => {
    const state = fold(decider, [created]);
    expectSchemaValid([
      ...decider.decide(record(progress(0)), state),
      ...decider.decide(record(done), state),
      ...decider.decide(record(error), state),
    ]);
  });

  it('records the download of an ISO with the ISO kind (for the ISO usage meter)', () => {
    spec
      .given([isoCreated()])
      .when(record(done))
      .then([downloaded(zoneA, isoRef)]);
  });

  it('refuses a zone the image has no copy in', () => {
    spec
      .given([created])
      .when(record(progress(5), zoneC))
      .thenThrows('IMAGE_NOT_IN_ZONE', (e) =>
        expect(e.details).toEqual({ imageId, zoneId: zoneC, zoneIds: [zoneA, zoneB] }),
      );
  });

  it.each([101, -1, 2.5])('refuses a download percentage of %s', (pct) => {
    spec
      .given([created])
      .when(record(progress(pct)))
      .thenThrows('IMAGE_DOWNLOAD_REPORT_INVALID');
  });

  it('refuses a completed copy of zero bytes', () => {
    spec
      .given([created])
      .when(record({ ...done, physicalSizeBytes: 0 }))
      .thenThrows('IMAGE_SIZE_INVALID', (e) =>
        expect(e.details).toEqual({ field: 'physicalSizeBytes', value: 0 }),
      );
  });

  it('refuses a failure without a reason', () => {
    spec
      .given([created])
      .when(record({ status: 'DOWNLOAD_ERROR', errorMessage: ' ' }))
      .thenThrows('IMAGE_DOWNLOAD_REPORT_INVALID');
  });
});

describe('RecordTemplateDownload: download in progress', () => {
  const history = [created, progressed(zoneA, 50)];

  it('records further progress', () => {
    spec
      .given(history)
      .when(record(progress(80)))
      .then([progressed(zoneA, 80)]);
  });

  it('records nothing for a stale progress report', () => {
    spec
      .given(history)
      .when(record(progress(30)))
      .thenNothingHappened();
  });

  it('records nothing for a redelivered progress report', () => {
    spec
      .given(history)
      .when(record(progress(50)))
      .thenNothingHappened();
  });

  it('records completion', () => {
    spec
      .given(history)
      .when(record(done))
      .then([downloaded(zoneA)]);
  });

  it('records failure', () => {
    spec
      .given(history)
      .when(record(error))
      .then([failed(zoneA)]);
  });
});

describe('RecordTemplateDownload: downloaded', () => {
  const history = [created, progressed(zoneA, 50), downloaded(zoneA)];

  it('is ready in that zone only, with its sizes', () => {
    const state = fold(decider, history);
    expect(state.status === 'Active' && state.zones[zoneA]).toEqual({
      zoneId: zoneA,
      status: 'DOWNLOADED',
      downloadPercent: 100,
      ready: true,
      errorMessage: null,
      sizeBytes: 10737418240,
      physicalSizeBytes: 2147483648,
    });
    expect(state.status === 'Active' && state.zones[zoneB]?.ready).toBe(false);
    expect(state).toMatchObject({ sizeBytes: 10737418240 });
  });

  it('records nothing for a redelivered completion', () => {
    spec.given(history).when(record(done)).thenNothingHappened();
  });

  it('refuses progress on a finished copy', () => {
    spec
      .given(history)
      .when(record(progress(10)))
      .thenThrows('IMAGE_DOWNLOAD_STATE_INVALID', (e) =>
        expect(e.details).toEqual({ imageId, zoneId: zoneA, from: 'DOWNLOADED', to: 'DOWNLOAD_IN_PROGRESS' }),
      );
  });

  it('refuses a failure on a finished copy', () => {
    spec.given(history).when(record(error)).thenThrows('IMAGE_DOWNLOAD_STATE_INVALID');
  });
});

describe('RecordTemplateDownload: download failed', () => {
  const history = [created, failed(zoneA)];

  it('is not ready and keeps the reason', () => {
    const state = fold(decider, history);
    expect(state.status === 'Active' && state.zones[zoneA]).toMatchObject({
      status: 'DOWNLOAD_ERROR',
      ready: false,
      errorMessage: 'HTTP 404 from the image server',
    });
  });

  it('records a retry starting over', () => {
    spec
      .given(history)
      .when(record(progress(0)))
      .then([progressed(zoneA, 0)]);
  });

  it('records nothing for a redelivered failure', () => {
    spec.given(history).when(record(error)).thenNothingHappened();
  });

  it('refuses completion without a retry first', () => {
    spec.given(history).when(record(done)).thenThrows('IMAGE_DOWNLOAD_STATE_INVALID');
  });
});

describe('RecordTemplateDownload: no image or deleted image', () => {
  it('refuses an unknown image', () => {
    spec
      .given([])
      .when(record(done))
      .thenThrows('IMAGE_NOT_FOUND', (e) => expect(e.kind).toBe('not_found'));
  });

  it('refuses a deleted image', () => {
    spec
      .given([created, deletedEvent(templateRef)])
      .when(record(done))
      .thenThrows('IMAGE_DELETED');
  });
});
