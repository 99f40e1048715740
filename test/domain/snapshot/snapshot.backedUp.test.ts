import { describe, expect, it } from 'vitest';
import type { RevertSnapshot } from '../../../src/domain/snapshot/index.ts';
import { allocatedOn, backedUp, cmd, creating, evBacked, spec } from './fixtures.ts';

const id = { snapshotId: 'snap-1' };
const copying = [...backedUp, evBacked('SnapshotCopyStarted', { toZoneId: 'zone-2' })];
const deleting = [...backedUp, evBacked('SnapshotDeletionStarted')];
const revert = (over: Partial<RevertSnapshot['data']> = {}) =>
  cmd('RevertSnapshot', {
    ...id,
    volumeState: 'Ready',
    attachedVmState: null,
    vmHasVmSnapshots: false,
    ...over,
  });
const backedUpOn = (hypervisor: Parameters<typeof allocatedOn>[0]) => [
  allocatedOn(hypervisor),
  ...backedUp.slice(1),
];

describe('a BackedUp snapshot: copies', () => {
  it('starts a copy to another zone', () => {
    spec
      .given(backedUp)
      .when(cmd('CopySnapshot', { ...id, toZoneId: 'zone-2' }))
      .then([evBacked('SnapshotCopyStarted', { toZoneId: 'zone-2' })]);
  });

  it('refuses a copy to the zone it was taken in', () => {
    spec
      .given(backedUp)
      .when(cmd('CopySnapshot', { ...id, toZoneId: 'zone-1' }))
      .thenThrows('SNAPSHOT_ALREADY_IN_ZONE');
  });

  it('refuses a copy to a zone that already has one', () => {
    spec
      .given([...copying, evBacked('SnapshotCopied', { toZoneId: 'zone-2' })])
      .when(cmd('CopySnapshot', { ...id, toZoneId: 'zone-2' }))
      .thenThrows('SNAPSHOT_ALREADY_IN_ZONE');
  });

  it('refuses to complete a copy that never started', () => {
    spec.given(backedUp).when(cmd('CompleteSnapshotCopy', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses to fail a copy that never started', () => {
    spec
      .given(backedUp)
      .when(cmd('FailSnapshotCopy', { ...id, reason: 'x' }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses a copy before it is backed up', () => {
    spec
      .given(creating)
      .when(cmd('CopySnapshot', { ...id, toZoneId: 'zone-2' }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a Copying snapshot', () => {
  it('is BackedUp in one more zone when the copy completes', () => {
    spec
      .given(copying)
      .when(cmd('CompleteSnapshotCopy', id))
      .then([evBacked('SnapshotCopied', { toZoneId: 'zone-2' })]);
  });

  it('is BackedUp as before when the copy fails', () => {
    spec
      .given(copying)
      .when(cmd('FailSnapshotCopy', { ...id, reason: 'network' }))
      .then([evBacked('SnapshotCopyFailed', { toZoneId: 'zone-2', reason: 'network' })]);
  });

  it('can be copied to the same zone again after a failed copy', () => {
    spec
      .given([...copying, evBacked('SnapshotCopyFailed', { toZoneId: 'zone-2', reason: 'network' })])
      .when(cmd('CopySnapshot', { ...id, toZoneId: 'zone-2' }))
      .then([evBacked('SnapshotCopyStarted', { toZoneId: 'zone-2' })]);
  });

  it('refuses to be deleted meanwhile', () => {
    spec.given(copying).when(cmd('DeleteSnapshot', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses a revert meanwhile', () => {
    spec.given(copying).when(revert()).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a BackedUp snapshot: revert', () => {
  it('accepts a revert of its detached volume', () => {
    spec
      .given(backedUp)
      .when(revert())
      .then([evBacked('SnapshotRevertRequested')]);
  });

  it('accepts a revert when the volume’s VM is Stopped', () => {
    spec
      .given(backedUp)
      .when(revert({ attachedVmState: 'Stopped' }))
      .then([evBacked('SnapshotRevertRequested')]);
  });

  it('accepts a revert of a Simulator snapshot', () => {
    spec
      .given(backedUpOn('Simulator'))
      .when(revert())
      .then([evBacked('SnapshotRevertRequested')]);
  });

  it('refuses a revert while the volume’s VM runs', () => {
    spec
      .given(backedUp)
      .when(revert({ attachedVmState: 'Running' }))
      .thenThrows('VM_NOT_STOPPED');
  });

  it('refuses a revert while the VM has VM snapshots', () => {
    spec
      .given(backedUp)
      .when(revert({ attachedVmState: 'Stopped', vmHasVmSnapshots: true }))
      .thenThrows('VM_HAS_VM_SNAPSHOTS');
  });

  it('refuses a revert of a volume that is not Ready', () => {
    spec
      .given(backedUp)
      .when(revert({ volumeState: 'Destroy' }))
      .thenThrows('VOLUME_NOT_READY');
  });

  it('refuses a revert of a XenServer snapshot: CloudStack reverts only QCOW2 volumes', () => {
    spec
      .given(backedUpOn('XenServer'))
      .when(revert())
      .thenThrows('HYPERVISOR_SNAPSHOT_REVERT_UNSUPPORTED', (e) => {
        expect(e.kind).toBe('unsupported');
        expect(e.details.hypervisor).toBe('XenServer');
      });
  });

  it('refuses a revert of a VMware snapshot', () => {
    spec.given(backedUpOn('VMware')).when(revert()).thenThrows('HYPERVISOR_SNAPSHOT_REVERT_UNSUPPORTED');
  });

  it('refuses a revert before it is backed up', () => {
    spec.given(creating).when(revert()).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a BackedUp snapshot: delete', () => {
  it('starts being deleted', () => {
    spec
      .given(backedUp)
      .when(cmd('DeleteSnapshot', id))
      .then([evBacked('SnapshotDeletionStarted')]);
  });

  it('refuses to complete a deletion that never started', () => {
    spec.given(backedUp).when(cmd('CompleteSnapshotDeletion', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses to fail a deletion that never started', () => {
    spec
      .given(backedUp)
      .when(cmd('FailSnapshotDeletion', { ...id, reason: 'x' }))
      .thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses to be deleted before it is backed up', () => {
    spec.given(creating).when(cmd('DeleteSnapshot', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a Destroying snapshot', () => {
  it('is Destroyed', () => {
    spec
      .given(deleting)
      .when(cmd('CompleteSnapshotDeletion', id))
      .then([evBacked('SnapshotDestroyed')]);
  });

  it('is BackedUp again when deletion fails', () => {
    spec
      .given(deleting)
      .when(cmd('FailSnapshotDeletion', { ...id, reason: 'store offline' }))
      .then([evBacked('SnapshotDeletionFailed', { reason: 'store offline' })]);
  });

  it('refuses a revert meanwhile', () => {
    spec.given(deleting).when(revert()).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});

describe('a Destroyed snapshot', () => {
  const gone = [...deleting, evBacked('SnapshotDestroyed')];

  it('refuses to be deleted again', () => {
    spec.given(gone).when(cmd('DeleteSnapshot', id)).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });

  it('refuses a revert', () => {
    spec.given(gone).when(revert()).thenThrows('SNAPSHOT_ILLEGAL_STATE');
  });
});
