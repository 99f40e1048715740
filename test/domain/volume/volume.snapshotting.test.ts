import { describe, expect, it } from 'vitest';
import type { BeginVolumeRevert } from '../../../src/domain/volume/index.ts';
import { allocated, attached, cmd, ev, GiB, ready, spec } from './fixtures.ts';

const snapshotting = [...ready, ev('VolumeSnapshotStarted', { snapshotId: 'snap-1' })];

const beginRevert = (over: Partial<BeginVolumeRevert['data']> = {}) =>
  cmd('BeginVolumeRevert', {
    volumeId: 'vol-data',
    snapshotId: 'snap-1',
    snapshotSizeBytes: 8 * GiB,
    vmState: null,
    vmHasVmSnapshots: false,
    ...over,
  });

const reverting = [...ready, ev('VolumeRevertStarted', { snapshotId: 'snap-1', snapshotSizeBytes: 8 * GiB })];

describe('a Ready volume', () => {
  it('starts Snapshotting for a snapshot', () => {
    spec
      .given(ready)
      .when(cmd('BeginVolumeSnapshot', { volumeId: 'vol-data', snapshotId: 'snap-1' }))
      .then([ev('VolumeSnapshotStarted', { snapshotId: 'snap-1' })]);
  });

  it('refuses to end a snapshot that never started', () => {
    spec
      .given(ready)
      .when(cmd('EndVolumeSnapshot', { volumeId: 'vol-data', snapshotId: 'snap-1' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('starts reverting to a snapshot when detached', () => {
    spec
      .given(ready)
      .when(beginRevert())
      .then([ev('VolumeRevertStarted', { snapshotId: 'snap-1', snapshotSizeBytes: 8 * GiB })]);
  });

  it('starts reverting when its VM is Stopped', () => {
    spec
      .given(attached)
      .when(beginRevert({ vmState: 'Stopped' }))
      .then([ev('VolumeRevertStarted', { snapshotId: 'snap-1', snapshotSizeBytes: 8 * GiB })]);
  });

  it('refuses to revert while its VM runs', () => {
    spec
      .given(attached)
      .when(beginRevert({ vmState: 'Running' }))
      .thenThrows('VM_NOT_STOPPED', (e) => expect(e.details.vmState).toBe('Running'));
  });

  it('refuses to revert while its VM has VM snapshots', () => {
    spec
      .given(attached)
      .when(beginRevert({ vmState: 'Stopped', vmHasVmSnapshots: true }))
      .thenThrows('VM_HAS_VM_SNAPSHOTS');
  });

  it('ignores a VM state given for a detached volume', () => {
    spec
      .given(ready)
      .when(beginRevert({ vmState: 'Running' }))
      .then([ev('VolumeRevertStarted', { snapshotId: 'snap-1', snapshotSizeBytes: 8 * GiB })]);
  });

  it('refuses a snapshot size of zero', () => {
    spec
      .given(ready)
      .when(beginRevert({ snapshotSizeBytes: 0 }))
      .thenThrows('VOLUME_SIZE_INVALID');
  });

  it('refuses to complete a revert that never started', () => {
    spec
      .given(ready)
      .when(cmd('CompleteVolumeRevert', { volumeId: 'vol-data', snapshotId: 'snap-1' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to fail a revert that never started', () => {
    spec
      .given(ready)
      .when(cmd('FailVolumeRevert', { volumeId: 'vol-data', snapshotId: 'snap-1', reason: 'x' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('an Allocated volume', () => {
  it('refuses a snapshot: nothing is on storage', () => {
    spec
      .given([allocated])
      .when(cmd('BeginVolumeSnapshot', { volumeId: 'vol-data', snapshotId: 'snap-1' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses a revert', () => {
    spec.given([allocated]).when(beginRevert()).thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('a Snapshotting volume', () => {
  it('is Ready again when its snapshot ends', () => {
    spec
      .given(snapshotting)
      .when(cmd('EndVolumeSnapshot', { volumeId: 'vol-data', snapshotId: 'snap-1' }))
      .then([ev('VolumeSnapshotEnded', { snapshotId: 'snap-1' })]);
  });

  it('refuses to end for another snapshot', () => {
    spec
      .given(snapshotting)
      .when(cmd('EndVolumeSnapshot', { volumeId: 'vol-data', snapshotId: 'snap-2' }))
      .thenThrows('VOLUME_SNAPSHOT_MISMATCH', (e) =>
        expect(e.details).toMatchObject({ pendingSnapshotId: 'snap-1', snapshotId: 'snap-2' }),
      );
  });

  it('refuses a second snapshot meanwhile', () => {
    spec
      .given(snapshotting)
      .when(cmd('BeginVolumeSnapshot', { volumeId: 'vol-data', snapshotId: 'snap-2' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to be destroyed meanwhile', () => {
    spec
      .given(snapshotting)
      .when(cmd('DeleteVolume', { volumeId: 'vol-data', now: '2026-05-02T00:00:00.000Z' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('a RevertSnapshotting volume', () => {
  it('takes the size it had at the snapshot when the revert completes', () => {
    spec
      .given(reverting)
      .when(cmd('CompleteVolumeRevert', { volumeId: 'vol-data', snapshotId: 'snap-1' }))
      .then([
        ev('VolumeReverted', { snapshotId: 'snap-1', previousSizeBytes: 10 * GiB, sizeBytes: 8 * GiB }),
      ]);
  });

  it('keeps its size when the revert fails', () => {
    spec
      .given(reverting)
      .when(cmd('FailVolumeRevert', { volumeId: 'vol-data', snapshotId: 'snap-1', reason: 'chain broken' }))
      .then([ev('VolumeRevertFailed', { snapshotId: 'snap-1', reason: 'chain broken' })]);
  });

  it('refuses to complete a revert to another snapshot', () => {
    spec
      .given(reverting)
      .when(cmd('CompleteVolumeRevert', { volumeId: 'vol-data', snapshotId: 'snap-2' }))
      .thenThrows('VOLUME_SNAPSHOT_MISMATCH');
  });

  it('refuses to fail a revert to another snapshot', () => {
    spec
      .given(reverting)
      .when(cmd('FailVolumeRevert', { volumeId: 'vol-data', snapshotId: 'snap-2', reason: 'x' }))
      .thenThrows('VOLUME_SNAPSHOT_MISMATCH');
  });

  it('refuses a second revert meanwhile', () => {
    spec
      .given(reverting)
      .when(beginRevert({ snapshotId: 'snap-2' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});
