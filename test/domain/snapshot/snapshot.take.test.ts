import { describe, expect, it } from 'vitest';
import { allocated, ev, GiB, now, spec, take } from './fixtures.ts';

describe('a snapshot that does not exist', () => {
  it('is allocated for a Ready volume, with its owner, zone, type and the volume size', () => {
    spec.given([]).when(take()).then([allocated]);
  });

  it('is allocated as a recurring snapshot of its policy', () => {
    spec
      .given([])
      .when(take({ type: 'DAILY', policyId: 'pol-daily' }))
      .then([
        ev('SnapshotAllocated', {
          name: 'vm-1_ROOT-1_20260501100000',
          hypervisor: 'KVM',
          createdAt: now,
          snapshotType: 'DAILY',
          policyId: 'pol-daily',
        }),
      ]);
  });

  it('is allocated for a running VM on a hypervisor that snapshots live (XenServer)', () => {
    spec
      .given([])
      .when(take({ hypervisor: 'XenServer', vmRunning: true, volumeSizeBytes: 50 * GiB }))
      .then([
        ev('SnapshotAllocated', {
          name: 'vm-1_ROOT-1_20260501100000',
          hypervisor: 'XenServer',
          createdAt: now,
          volumeSizeBytes: 50 * GiB,
        }),
      ]);
  });

  it('refuses a volume of an OVM host, which has no volume snapshots', () => {
    spec
      .given([])
      .when(take({ hypervisor: 'Ovm' }))
      .thenThrows('HYPERVISOR_SNAPSHOT_UNSUPPORTED', (e) => expect(e.kind).toBe('unsupported'));
  });

  it('refuses a volume of a running KVM VM', () => {
    spec
      .given([])
      .when(take({ vmRunning: true }))
      .thenThrows('HYPERVISOR_LIVE_SNAPSHOT_UNSUPPORTED');
  });

  it('refuses a volume that is not Ready', () => {
    spec
      .given([])
      .when(take({ volumeState: 'Snapshotting' }))
      .thenThrows('VOLUME_NOT_READY', (e) =>
        expect(e.details).toEqual({ volumeId: 'vol-1', volumeState: 'Snapshotting' }),
      );
  });

  it('refuses a recurring snapshot without its policy', () => {
    spec
      .given([])
      .when(take({ type: 'HOURLY' }))
      .thenThrows('SNAPSHOT_POLICY_REQUIRED');
  });

  it('refuses a manual snapshot that names a policy', () => {
    spec
      .given([])
      .when(take({ policyId: 'pol-1' }))
      .thenThrows('SNAPSHOT_POLICY_NOT_ALLOWED');
  });

  it('refuses a blank name', () => {
    spec
      .given([])
      .when(take({ name: ' ' }))
      .thenThrows('SNAPSHOT_NAME_REQUIRED');
  });

  it('cannot start being created', () => {
    spec
      .given([])
      .when({ type: 'StartSnapshotCreation', data: { snapshotId: 'snap-1' } })
      .thenThrows('SNAPSHOT_NOT_FOUND');
  });
});

describe('an allocated snapshot', () => {
  it('refuses to be taken again', () => {
    spec.given([allocated]).when(take()).thenThrows('SNAPSHOT_ALREADY_EXISTS');
  });
});
