import { describe, expect, it } from 'vitest';
import type { ResizeVolume } from '../../../src/domain/volume/index.ts';
import {
  allocated,
  attached,
  cmd,
  destroyed,
  ev,
  GiB,
  placed,
  ready,
  rootFacts,
  rootReady,
  spec,
} from './fixtures.ts';

const resize = (over: Partial<ResizeVolume['data']> = {}) =>
  cmd('ResizeVolume', {
    volumeId: 'vol-data',
    newSizeBytes: 20 * GiB,
    shrinkOk: false,
    vmHasVmSnapshots: false,
    ...over,
  });

const resizing = [
  ...ready,
  ev('VolumeResizeStarted', { newSizeBytes: 20 * GiB, newDiskOfferingId: 'do-20g' }),
];

describe('a Ready volume', () => {
  it('starts growing on storage', () => {
    spec
      .given(ready)
      .when(resize())
      .then([ev('VolumeResizeStarted', { newSizeBytes: 20 * GiB, newDiskOfferingId: 'do-10g' })]);
  });

  it('starts growing onto a new disk offering', () => {
    spec
      .given(ready)
      .when(resize({ newDiskOfferingId: 'do-20g' }))
      .then([ev('VolumeResizeStarted', { newSizeBytes: 20 * GiB, newDiskOfferingId: 'do-20g' })]);
  });

  it('grows a ROOT volume too', () => {
    spec
      .given(rootReady)
      .when(resize({ volumeId: 'vol-root', newSizeBytes: 40 * GiB }))
      .then([ev('VolumeResizeStarted', { newSizeBytes: 40 * GiB, newDiskOfferingId: null }, rootFacts)]);
  });

  it('shrinks when the caller signs off with shrinkOk', () => {
    spec
      .given(ready)
      .when(resize({ newSizeBytes: 5 * GiB, shrinkOk: true }))
      .then([ev('VolumeResizeStarted', { newSizeBytes: 5 * GiB, newDiskOfferingId: 'do-10g' })]);
  });

  it('does nothing when neither size nor offering changes', () => {
    spec
      .given(ready)
      .when(resize({ newSizeBytes: 10 * GiB }))
      .thenNothingHappened();
  });

  it('refuses to shrink without shrinkOk', () => {
    spec
      .given(ready)
      .when(resize({ newSizeBytes: 5 * GiB }))
      .thenThrows('VOLUME_SHRINK_NOT_ALLOWED', (e) =>
        expect(e.details).toEqual({ volumeId: 'vol-data', sizeBytes: 10 * GiB, newSizeBytes: 5 * GiB }),
      );
  });

  it('refuses a size of zero', () => {
    spec
      .given(ready)
      .when(resize({ newSizeBytes: 0 }))
      .thenThrows('VOLUME_SIZE_INVALID');
  });

  it('refuses to resize a volume attached to a VM with VM snapshots', () => {
    spec
      .given(attached)
      .when(resize({ vmHasVmSnapshots: true }))
      .thenThrows('VM_HAS_VM_SNAPSHOTS');
  });

  it('changes only the offering of a volume attached to a VM with VM snapshots', () => {
    spec
      .given(attached)
      .when(resize({ newSizeBytes: 10 * GiB, newDiskOfferingId: 'do-fast', vmHasVmSnapshots: true }))
      .then([ev('VolumeResizeStarted', { newSizeBytes: 10 * GiB, newDiskOfferingId: 'do-fast' })]);
  });

  it('ignores VM snapshots of a VM it is not attached to', () => {
    spec
      .given(ready)
      .when(resize({ vmHasVmSnapshots: true }))
      .then([ev('VolumeResizeStarted', { newSizeBytes: 20 * GiB, newDiskOfferingId: 'do-10g' })]);
  });

  it('refuses to complete a resize that never started', () => {
    spec
      .given(ready)
      .when(cmd('CompleteVolumeResize', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to fail a resize that never started', () => {
    spec
      .given(ready)
      .when(cmd('FailVolumeResize', { volumeId: 'vol-data', reason: 'x' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('an Allocated volume', () => {
  it('is resized on record, as nothing exists on storage yet', () => {
    spec
      .given([allocated])
      .when(resize({ newDiskOfferingId: 'do-20g' }))
      .then([
        ev('VolumeResized', { previousSizeBytes: 10 * GiB, sizeBytes: 20 * GiB, diskOfferingId: 'do-20g' }),
      ]);
  });

  it('is placed with its new size', () => {
    spec
      .given([allocated, ev('VolumeResized', { previousSizeBytes: 10 * GiB, sizeBytes: 20 * GiB })])
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-1' }))
      .then([ev('VolumePlaced', { poolId: 'pool-1', sizeBytes: 20 * GiB })]);
  });
});

describe('a Resizing volume', () => {
  it('completes with the new size and offering', () => {
    spec
      .given(resizing)
      .when(cmd('CompleteVolumeResize', { volumeId: 'vol-data' }))
      .then([
        ev('VolumeResizeCompleted', {
          previousSizeBytes: 10 * GiB,
          sizeBytes: 20 * GiB,
          diskOfferingId: 'do-20g',
        }),
      ]);
  });

  it('fails and keeps its old size', () => {
    spec
      .given(resizing)
      .when(cmd('FailVolumeResize', { volumeId: 'vol-data', reason: 'pool full' }))
      .then([ev('VolumeResizeFailed', { newSizeBytes: 20 * GiB, reason: 'pool full' })]);
  });

  it('refuses a second resize meanwhile', () => {
    spec
      .given(resizing)
      .when(resize({ newSizeBytes: 30 * GiB }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('carries the new size in later events once completed', () => {
    spec
      .given([
        ...resizing,
        ev('VolumeResizeCompleted', {
          previousSizeBytes: 10 * GiB,
          sizeBytes: 20 * GiB,
          diskOfferingId: 'do-20g',
        }),
      ])
      .when(cmd('DeleteVolume', { volumeId: 'vol-data', now: '2026-05-02T00:00:00.000Z' }))
      .then([
        ev('VolumeDestroyed', {
          destroyedAt: '2026-05-02T00:00:00.000Z',
          sizeBytes: 20 * GiB,
          diskOfferingId: 'do-20g',
        }),
      ]);
  });
});

describe('a volume that cannot be resized', () => {
  it('refuses while Creating', () => {
    spec.given([allocated, placed]).when(resize()).thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses once destroyed', () => {
    spec.given(destroyed).when(resize()).thenThrows('VOLUME_ILLEGAL_STATE');
  });
});
