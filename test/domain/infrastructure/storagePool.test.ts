import { describe, expect, it } from 'vitest';
import {
  type StoragePoolCommand,
  type StoragePoolEvent,
  storagePoolDecider,
} from '../../../src/domain/storagePool/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  clusterId,
  createPool,
  GiB,
  hostId,
  podId,
  poolCreated,
  poolId,
  poolPlace,
  storageCommitted,
  storageReserved,
  volumeA,
} from './fixtures.ts';

const spec = DeciderSpecification.for(storagePoolDecider);

const created = (changes: Partial<typeof poolCreated.data>): StoragePoolEvent => ({
  type: 'StoragePoolCreated',
  data: { ...poolCreated.data, ...changes },
});

const zonePlace = { ...poolPlace, podId: null, clusterId: null };

const statusChanged = (
  action: 'Enable' | 'Disable' | 'PrepareMaintenance' | 'CompleteMaintenance' | 'CancelMaintenance',
  from: 'Up' | 'Disabled' | 'PrepareForMaintenance' | 'Maintenance',
  to: 'Up' | 'Disabled' | 'PrepareForMaintenance' | 'Maintenance',
  place: { podId: string | null; clusterId: string | null } = poolPlace,
): StoragePoolEvent => ({
  type: 'StoragePoolStatusChanged',
  data: { ...poolPlace, ...place, action, from, to },
});

const cmd = (type: StoragePoolCommand['type']) => ({ type, data: { poolId } }) as StoragePoolCommand;
const disabled = statusChanged('Disable', 'Up', 'Disabled');
const preparing = statusChanged('PrepareMaintenance', 'Up', 'PrepareForMaintenance');
const inMaintenance = [
  preparing,
  statusChanged('CompleteMaintenance', 'PrepareForMaintenance', 'Maintenance'),
];

describe('storage pool: before creation', () => {
  it('creates a cluster-scoped NFS pool, Up, over-provisioned 2 by default', () =>
    spec.given([]).when(createPool()).then([poolCreated]));

  it('defaults a non-NFS pool to factor 1', () =>
    spec
      .given([])
      .when(createPool({ type: 'SharedMountPoint' }))
      .then([created({ type: 'SharedMountPoint', overprovisioning: 1 })]));

  it('defaults NFS to factor 1 where the hypervisor allows no over-provisioning (OVM)', () =>
    spec
      .given([])
      .when(createPool({ hypervisor: 'Ovm' }))
      .then([created({ hypervisor: 'Ovm', overprovisioning: 1 })]));

  it('creates a zone-wide KVM pool without pod or cluster', () =>
    spec
      .given([])
      .when(createPool({ scope: 'Zone', podId: null, clusterId: null }))
      .then([created({ ...zonePlace, scope: 'Zone' })]));

  it('creates host-scoped local storage', () =>
    spec
      .given([])
      .when(createPool({ scope: 'Host', hostId, type: 'Local' }))
      .then([created({ hostId, scope: 'Host', type: 'Local', overprovisioning: 1 })]));

  it('normalises tags', () =>
    spec
      .given([])
      .when(createPool({ tags: ['ssd', ' ssd ', 'fast'] }))
      .then([created({ tags: ['fast', 'ssd'] })]));

  it('refuses an empty name', () =>
    spec
      .given([])
      .when(createPool({ name: '' }))
      .thenThrows('POOL_NAME_REQUIRED'));

  it('refuses a cluster-scoped pool without its cluster', () =>
    spec
      .given([])
      .when(createPool({ clusterId: undefined }))
      .thenThrows('POOL_SCOPE_INCOMPLETE', (e) =>
        expect(e.details).toMatchObject({ missing: ['clusterId'] }),
      ));

  it('refuses a zone-wide pool that names a cluster', () =>
    spec
      .given([])
      .when(createPool({ scope: 'Zone', podId: null }))
      .thenThrows('POOL_SCOPE_OVERSPECIFIED', (e) =>
        expect(e.details).toMatchObject({ extra: ['clusterId'] }),
      ));

  it('refuses local storage that is not host-scoped', () =>
    spec
      .given([])
      .when(createPool({ type: 'Local' }))
      .thenThrows('POOL_LOCAL_SCOPE_MISMATCH'));

  it('refuses a host-scoped pool of shared storage', () =>
    spec
      .given([])
      .when(createPool({ scope: 'Host', hostId }))
      .thenThrows('POOL_LOCAL_SCOPE_MISMATCH'));

  it('refuses a zone-wide pool on XenServer', () =>
    spec
      .given([])
      .when(createPool({ scope: 'Zone', podId: null, clusterId: null, hypervisor: 'XenServer' }))
      .thenThrows('POOL_ZONE_SCOPE_UNSUPPORTED'));

  it('refuses a storage type the hypervisor cannot use (iSCSI on KVM)', () =>
    spec
      .given([])
      .when(createPool({ type: 'iSCSI' }))
      .thenThrows('HYPERVISOR_STORAGE_UNSUPPORTED'));

  it('refuses a non-positive capacity', () =>
    spec
      .given([])
      .when(createPool({ capacityBytes: 0 }))
      .thenThrows('POOL_CAPACITY_INVALID'));

  it('refuses a factor below 1', () =>
    spec
      .given([])
      .when(createPool({ overprovisioning: 0.5 }))
      .thenThrows('POOL_OVERPROVISIONING_INVALID'));

  it('refuses over-provisioning a type the hypervisor does not allow (iSCSI on XenServer)', () =>
    spec
      .given([])
      .when(createPool({ hypervisor: 'XenServer', type: 'iSCSI', overprovisioning: 2 }))
      .thenThrows('HYPERVISOR_STORAGE_OVERPROVISIONING_UNSUPPORTED'));

  it('accepts over-provisioning iSCSI on VMware', () =>
    spec
      .given([])
      .when(createPool({ hypervisor: 'VMware', type: 'iSCSI', overprovisioning: 3 }))
      .then([created({ hypervisor: 'VMware', type: 'iSCSI', overprovisioning: 3 })]));

  it('refuses to update a pool that does not exist', () =>
    spec
      .given([])
      .when({ type: 'UpdateStoragePool', data: { poolId, name: 'x' } })
      .thenThrows('POOL_NOT_FOUND'));
});

describe('storage pool: Up', () => {
  it('refuses to create it again', () =>
    spec.given([poolCreated]).when(createPool()).thenThrows('POOL_ALREADY_EXISTS'));

  it('enabling it changes nothing', () =>
    spec.given([poolCreated]).when(cmd('EnableStoragePool')).thenNothingHappened());

  it('disables it', () => spec.given([poolCreated]).when(cmd('DisableStoragePool')).then([disabled]));

  it('prepares it for maintenance', () =>
    spec.given([poolCreated]).when(cmd('PrepareStoragePoolForMaintenance')).then([preparing]));

  it('refuses to complete a maintenance never asked for', () =>
    spec
      .given([poolCreated])
      .when(cmd('CompleteStoragePoolMaintenance'))
      .thenThrows('POOL_STATUS_TRANSITION_INVALID'));

  it('refuses to change scope while Up', () =>
    spec
      .given([poolCreated])
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Zone' } })
      .thenThrows('POOL_NOT_DISABLED'));

  it('updates name, capacity, factor and tags', () =>
    spec
      .given([poolCreated])
      .when({
        type: 'UpdateStoragePool',
        data: { poolId, name: 'gold', capacityBytes: 200 * GiB, overprovisioning: 1.5, tags: ['gold'] },
      })
      .then([
        {
          type: 'StoragePoolUpdated',
          data: {
            ...poolPlace,
            name: 'gold',
            capacityBytes: 200 * GiB,
            overprovisioning: 1.5,
            tags: ['gold'],
          },
        },
      ]));

  it('an update that changes nothing produces nothing', () =>
    spec
      .given([poolCreated])
      .when({ type: 'UpdateStoragePool', data: { poolId, tags: [], overprovisioning: 2 } })
      .thenNothingHappened());

  it('refuses an update with an over-provisioning the hypervisor disallows', () =>
    spec
      .given([created({ type: 'SharedMountPoint', overprovisioning: 1 })])
      .when({ type: 'UpdateStoragePool', data: { poolId, overprovisioning: 2 } })
      .thenThrows('HYPERVISOR_STORAGE_OVERPROVISIONING_UNSUPPORTED'));

  it('refuses to shrink below what is allocated', () =>
    spec
      .given([poolCreated, storageReserved('s1', volumeA, 150 * GiB)])
      .when({ type: 'UpdateStoragePool', data: { poolId, overprovisioning: 1 } })
      .thenThrows('POOL_CAPACITY_BELOW_ALLOCATED'));

  it('deletes an empty pool', () =>
    spec
      .given([poolCreated])
      .when(cmd('DeleteStoragePool'))
      .then([{ type: 'StoragePoolDeleted', data: { ...poolPlace, name: 'primary-1' } }]));

  it('refuses to delete a pool with volumes allocated', () =>
    spec
      .given([poolCreated, storageReserved('s1', volumeA, GiB), storageCommitted('s1', volumeA, GiB)])
      .when(cmd('DeleteStoragePool'))
      .thenThrows('POOL_HAS_VOLUMES', (e) => expect(e.details).toMatchObject({ volumes: 1 })));

  it('refuses to delete a pool with a pending reservation', () =>
    spec
      .given([poolCreated, storageReserved('s1', volumeA, GiB)])
      .when(cmd('DeleteStoragePool'))
      .thenThrows('POOL_HAS_VOLUMES'));
});

describe('storage pool: Disabled', () => {
  const given = [poolCreated, disabled];

  it('enables it', () =>
    spec
      .given(given)
      .when(cmd('EnableStoragePool'))
      .then([statusChanged('Enable', 'Disabled', 'Up')]));

  it('disabling it again changes nothing', () =>
    spec.given(given).when(cmd('DisableStoragePool')).thenNothingHappened());

  it('moves a cluster pool to zone scope', () =>
    spec
      .given(given)
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Zone' } })
      .then([
        {
          type: 'StoragePoolScopeChanged',
          data: { ...zonePlace, scope: 'Zone', previousScope: 'Cluster' },
        },
      ]));

  it('moves a zone pool to a cluster', () =>
    spec
      .given([
        created({ ...zonePlace, scope: 'Zone' }),
        statusChanged('Disable', 'Up', 'Disabled', zonePlace),
      ])
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Cluster', podId, clusterId } })
      .then([
        { type: 'StoragePoolScopeChanged', data: { ...poolPlace, scope: 'Cluster', previousScope: 'Zone' } },
      ]));

  it('refuses a scope change to the same scope', () =>
    spec
      .given(given)
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Cluster', podId, clusterId } })
      .thenThrows('POOL_SCOPE_UNCHANGED'));

  it('refuses a move to a cluster without naming it', () =>
    spec
      .given([
        created({ ...zonePlace, scope: 'Zone' }),
        statusChanged('Disable', 'Up', 'Disabled', zonePlace),
      ])
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Cluster' } })
      .thenThrows('POOL_SCOPE_INCOMPLETE'));

  it('refuses to make a XenServer pool zone-wide', () =>
    spec
      .given([created({ hypervisor: 'XenServer' }), disabled])
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Zone' } })
      .thenThrows('POOL_ZONE_SCOPE_UNSUPPORTED'));

  it('refuses to change the scope of local storage', () =>
    spec
      .given([created({ hostId, scope: 'Host', type: 'Local', overprovisioning: 1 }), disabled])
      .when({ type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Zone' } })
      .thenThrows('POOL_SCOPE_CHANGE_UNSUPPORTED'));
});

describe('storage pool: PrepareForMaintenance', () => {
  const given = [poolCreated, preparing];

  it('completes the maintenance', () =>
    spec
      .given(given)
      .when(cmd('CompleteStoragePoolMaintenance'))
      .then([statusChanged('CompleteMaintenance', 'PrepareForMaintenance', 'Maintenance')]));

  it('cancels back to Up', () =>
    spec
      .given(given)
      .when(cmd('CancelStoragePoolMaintenance'))
      .then([statusChanged('CancelMaintenance', 'PrepareForMaintenance', 'Up')]));

  it('refuses to disable it', () =>
    spec.given(given).when(cmd('DisableStoragePool')).thenThrows('POOL_STATUS_TRANSITION_INVALID'));
});

describe('storage pool: Maintenance', () => {
  const given = [poolCreated, ...inMaintenance];

  it('cancels back to Up', () =>
    spec
      .given(given)
      .when(cmd('CancelStoragePoolMaintenance'))
      .then([statusChanged('CancelMaintenance', 'Maintenance', 'Up')]));

  it('refuses to enable it without cancelling maintenance', () =>
    spec.given(given).when(cmd('EnableStoragePool')).thenThrows('POOL_STATUS_TRANSITION_INVALID'));

  it('refuses to prepare maintenance again', () =>
    spec
      .given(given)
      .when(cmd('PrepareStoragePoolForMaintenance'))
      .thenThrows('POOL_STATUS_TRANSITION_INVALID'));
});

describe('storage pool: deleted', () => {
  const given = [
    poolCreated,
    { type: 'StoragePoolDeleted', data: { ...poolPlace, name: 'primary-1' } } as const,
  ];

  it('refuses any further change', () =>
    spec.given(given).when(cmd('EnableStoragePool')).thenThrows('POOL_NOT_FOUND'));

  it('refuses to delete it twice', () =>
    spec.given(given).when(cmd('DeleteStoragePool')).thenThrows('POOL_NOT_FOUND'));
});
