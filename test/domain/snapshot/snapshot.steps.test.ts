import { describe, expect, it } from 'vitest';
import {
  allocated,
  backedUp,
  backedUpEvent,
  backingUp,
  cmd,
  creating,
  ev,
  evBacked,
  GiB,
  onPrimary,
  spec,
} from './fixtures.ts';

const id = { snapshotId: 'snap-1' };
const failed = [...creating, ev('SnapshotFailed', { reason: 'x' })];

describe('an Allocated snapshot', () => {
  it('starts being created', () => {
    spec
      .given([allocated])
      .when(cmd('StartSnapshotCreation', id))
      .then([ev('SnapshotCreationStarted')]);
  });

  it('fails before any work started', () => {
    spec
      .given([allocated])
      .when(cmd('FailSnapshot', { ...id, reason: 'volume busy' }))
      .then([ev('SnapshotFailed', { reason: 'volume busy' })]);
  });

  it('refuses to be backed up before it exists', () => {
    spec
      .given([allocated])
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 1 }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE', (e) =>
        expect(e.details).toMatchObject({
          status: 'Allocated',
          allowed: ['Creating', 'CreatedOnPrimary', 'BackingUp'],
        }),
      );
  });

  it('refuses to be recorded on primary before creation starts', () => {
    spec.given([allocated]).when(cmd('RecordSnapshotOnPrimary', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a Creating snapshot', () => {
  it('is recorded on primary storage', () => {
    spec
      .given(creating)
      .when(cmd('RecordSnapshotOnPrimary', id))
      .then([ev('SnapshotCreatedOnPrimary')]);
  });

  it('is BackedUp at once when storage took it where it stays', () => {
    spec
      .given(creating)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 2 * GiB }))
      .then([ev('SnapshotBackedUp', { physicalSizeBytes: 2 * GiB })]);
  });

  it('fails into Error', () => {
    spec
      .given(creating)
      .when(cmd('FailSnapshot', { ...id, reason: 'hypervisor error' }))
      .then([ev('SnapshotFailed', { reason: 'hypervisor error' })]);
  });

  it('refuses to start creating twice', () => {
    spec.given(creating).when(cmd('StartSnapshotCreation', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a snapshot CreatedOnPrimary', () => {
  it('starts its backup to secondary storage', () => {
    spec
      .given(onPrimary)
      .when(cmd('StartSnapshotBackup', id))
      .then([ev('SnapshotBackupStarted')]);
  });

  it('is BackedUp without a copy when it stays on primary', () => {
    spec
      .given(onPrimary)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 3 * GiB }))
      .then([backedUpEvent]);
  });

  it('refuses to fail outside a step that can fail', () => {
    spec
      .given(onPrimary)
      .when(cmd('FailSnapshot', { ...id, reason: 'x' }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a BackingUp snapshot', () => {
  it('is BackedUp with the bytes it takes', () => {
    spec
      .given(backingUp)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 3 * GiB }))
      .then([backedUpEvent]);
  });

  it('records an empty incremental delta of zero bytes', () => {
    spec
      .given(backingUp)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 0 }))
      .then([ev('SnapshotBackedUp', { physicalSizeBytes: 0 })]);
  });

  it('refuses a negative physical size', () => {
    spec
      .given(backingUp)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: -1 }))
      .thenThrows('SNAPSHOT_SIZE_INVALID');
  });

  it('fails into Error', () => {
    spec
      .given(backingUp)
      .when(cmd('FailSnapshot', { ...id, reason: 'secondary full' }))
      .then([ev('SnapshotFailed', { reason: 'secondary full' })]);
  });

  it('refuses a second backup', () => {
    spec.given(backingUp).when(cmd('StartSnapshotBackup', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a BackedUp snapshot', () => {
  it('carries its physical size in later events', () => {
    spec
      .given(backedUp)
      .when(cmd('DeleteSnapshot', id))
      .then([evBacked('SnapshotDeletionStarted')]);
  });

  it('refuses to be backed up again', () => {
    spec
      .given(backedUp)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 1 }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses to fail', () => {
    spec
      .given(backedUp)
      .when(cmd('FailSnapshot', { ...id, reason: 'x' }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a snapshot in Error', () => {
  it('refuses to be deleted: only BackedUp snapshots are', () => {
    spec.given(failed).when(cmd('DeleteSnapshot', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses to be backed up', () => {
    spec
      .given(failed)
      .when(cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 1 }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});
