import { describe, expect, it } from 'vitest';
import {
  allocated,
  cmd,
  createData,
  created,
  ev,
  GiB,
  now,
  placed,
  ready,
  rootAllocated,
  rootFacts,
  spec,
} from './fixtures.ts';

const createRoot = cmd('CreateRootVolume', {
  volumeId: 'vol-root',
  vmId: 'vm-1',
  name: 'ROOT-1',
  accountId: 'acct-1',
  tenantDomainId: 'tdom-1',
  zoneId: 'zone-1',
  templateId: 'tpl-1',
  sizeBytes: 20 * GiB,
  now,
});

describe('a volume that does not exist', () => {
  it('is allocated as a data disk, with its owner, zone, offering and size', () => {
    spec.given([]).when(createData()).then([allocated]);
  });

  it('is allocated from a BackedUp snapshot as a data disk that remembers its source', () => {
    spec
      .given([])
      .when(createData({ fromSnapshotId: 'snap-root', fromSnapshotState: 'BackedUp' }))
      .then([ev('VolumeAllocated', { name: 'data-1', fromSnapshotId: 'snap-root', createdAt: now })]);
  });

  it('is allocated without a disk offering when none is given', () => {
    spec
      .given([])
      .when(createData({ diskOfferingId: undefined }))
      .then([
        ev('VolumeAllocated', { name: 'data-1', fromSnapshotId: null, createdAt: now, diskOfferingId: null }),
      ]);
  });

  it('refuses a ROOT volume without its VM', () => {
    spec
      .given([])
      .when(createData({ type: 'ROOT' }))
      .thenThrows('VOLUME_ROOT_NEEDS_VM');
  });

  it('refuses a blank name', () => {
    spec
      .given([])
      .when(createData({ name: '  ' }))
      .thenThrows('VOLUME_NAME_REQUIRED');
  });

  it('refuses a size of zero bytes', () => {
    spec
      .given([])
      .when(createData({ sizeBytes: 0 }))
      .thenThrows('VOLUME_SIZE_INVALID', (e) => expect(e.details).toEqual({ sizeBytes: 0 }));
  });

  it('refuses a fractional size', () => {
    spec
      .given([])
      .when(createData({ sizeBytes: 1.5 }))
      .thenThrows('VOLUME_SIZE_INVALID');
  });

  it('refuses a source snapshot that is not BackedUp', () => {
    spec
      .given([])
      .when(createData({ fromSnapshotId: 'snap-1', fromSnapshotState: 'Creating' }))
      .thenThrows('SNAPSHOT_NOT_BACKED_UP', (e) => expect(e.details.snapshotState).toBe('Creating'));
  });

  it('refuses a source snapshot whose state the command side did not give', () => {
    spec
      .given([])
      .when(createData({ fromSnapshotId: 'snap-1' }))
      .thenThrows('SNAPSHOT_NOT_BACKED_UP');
  });

  it('is allocated as the ROOT volume of a VM, attached as device 0', () => {
    spec.given([]).when(createRoot).then([rootAllocated]);
  });

  it('refuses a ROOT volume of zero bytes', () => {
    spec
      .given([])
      .when({ ...createRoot, data: { ...createRoot.data, sizeBytes: 0 } })
      .thenThrows('VOLUME_SIZE_INVALID');
  });

  it('refuses a ROOT volume with a blank name', () => {
    spec
      .given([])
      .when({ ...createRoot, data: { ...createRoot.data, name: '' } })
      .thenThrows('VOLUME_NAME_REQUIRED');
  });

  it('cannot be placed', () => {
    spec
      .given([])
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-1' }))
      .thenThrows('VOLUME_NOT_FOUND');
  });
});

describe('an Allocated volume', () => {
  it('refuses to be created again', () => {
    spec.given([allocated]).when(createData()).thenThrows('VOLUME_ALREADY_EXISTS');
  });

  it('refuses to be created again as a ROOT volume', () => {
    spec
      .given([allocated])
      .when({ ...createRoot, data: { ...createRoot.data, volumeId: 'vol-data' } })
      .thenThrows('VOLUME_ALREADY_EXISTS');
  });

  it('is placed on a pool and starts Creating', () => {
    spec
      .given([allocated])
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-1' }))
      .then([placed]);
  });

  it('places a ROOT volume the same way', () => {
    spec
      .given([rootAllocated])
      .when(cmd('PlaceVolume', { volumeId: 'vol-root', poolId: 'pool-2' }))
      .then([ev('VolumePlaced', { poolId: 'pool-2' }, rootFacts)]);
  });

  it('refuses to complete a creation that never started', () => {
    spec
      .given([allocated])
      .when(cmd('CompleteVolumeCreation', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE', (e) => {
        expect(e.details).toMatchObject({ status: 'Allocated', allowed: ['Creating'] });
        expect(e.message).toBe(
          'Cannot complete the creation of volume vol-data while it is Allocated; it must be Creating',
        );
      });
  });

  it('refuses to fail a creation that never started', () => {
    spec
      .given([allocated])
      .when(cmd('FailVolumeCreation', { volumeId: 'vol-data', reason: 'x' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('a Creating volume', () => {
  it('becomes Ready on the pool it was placed on', () => {
    spec
      .given([allocated, placed])
      .when(cmd('CompleteVolumeCreation', { volumeId: 'vol-data' }))
      .then([created]);
  });

  it('goes back to Allocated when creation fails, naming the pool to release', () => {
    spec
      .given([allocated, placed])
      .when(cmd('FailVolumeCreation', { volumeId: 'vol-data', reason: 'pool full' }))
      .then([ev('VolumeCreationFailed', { poolId: 'pool-1', reason: 'pool full' })]);
  });

  it('refuses to be placed twice', () => {
    spec
      .given([allocated, placed])
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-2' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('can be placed again after a failed creation', () => {
    spec
      .given([allocated, placed, ev('VolumeCreationFailed', { poolId: 'pool-1', reason: 'pool full' })])
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-2' }))
      .then([ev('VolumePlaced', { poolId: 'pool-2' })]);
  });
});

describe('a Ready volume', () => {
  it('refuses to complete its creation twice', () => {
    spec
      .given(ready)
      .when(cmd('CompleteVolumeCreation', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to be placed again', () => {
    spec
      .given(ready)
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-2' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});
