import { describe, expect, it } from 'vitest';
import { clusterDecider } from '../../../src/domain/cluster/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { clusterCreated, clusterId, createCluster, podId, zoneId } from './fixtures.ts';

const spec = DeciderSpecification.for(clusterDecider);

const place = { clusterId, zoneId, podId };
const enabled = { type: 'ClusterEnabled', data: place } as const;
const deleted = { type: 'ClusterDeleted', data: { ...place, name: 'cluster-1' } } as const;

describe('cluster: before creation', () => {
  it('creates a Disabled cluster with factors 1 by default', () =>
    spec
      .given([])
      .when(createCluster())
      .then([clusterCreated('KVM')]));

  it('records the over-provisioning factors it is given', () =>
    spec
      .given([])
      .when(createCluster({ hypervisor: 'XenServer', cpuOverprovisioning: 4, memoryOverprovisioning: 1.5 }))
      .then([
        {
          type: 'ClusterCreated',
          data: {
            ...place,
            name: 'cluster-1',
            hypervisor: 'XenServer',
            cpuOverprovisioning: 4,
            memoryOverprovisioning: 1.5,
            allocationState: 'Disabled',
          },
        },
      ]));

  it('refuses an empty name', () =>
    spec
      .given([])
      .when(createCluster({ name: ' ' }))
      .thenThrows('CLUSTER_NAME_REQUIRED'));

  it('refuses a factor below 1', () =>
    spec
      .given([])
      .when(createCluster({ memoryOverprovisioning: 0.5 }))
      .thenThrows('CLUSTER_OVERPROVISIONING_INVALID', (e) =>
        expect(e.details).toMatchObject({ field: 'memoryOverprovisioning', value: 0.5 }),
      ));

  it('refuses a factor that is not a number', () =>
    spec
      .given([])
      .when(createCluster({ cpuOverprovisioning: Number.NaN }))
      .thenThrows('CLUSTER_OVERPROVISIONING_INVALID'));

  it('refuses a CPU factor above the XenServer cap of 4', () =>
    spec
      .given([])
      .when(createCluster({ hypervisor: 'XenServer', cpuOverprovisioning: 5 }))
      .thenThrows('HYPERVISOR_OVERPROVISIONING_UNSUPPORTED'));

  it('refuses any over-provisioning on OVM', () =>
    spec
      .given([])
      .when(createCluster({ hypervisor: 'Ovm', memoryOverprovisioning: 2 }))
      .thenThrows('HYPERVISOR_OVERPROVISIONING_UNSUPPORTED'));

  it('refuses to rename a cluster that does not exist', () =>
    spec
      .given([])
      .when({ type: 'RenameCluster', data: { clusterId, name: 'x' } })
      .thenThrows('CLUSTER_NOT_FOUND'));
});

describe('cluster: Disabled (new)', () => {
  it('refuses to create it again', () =>
    spec.given([clusterCreated()]).when(createCluster()).thenThrows('CLUSTER_ALREADY_EXISTS'));

  it('enables it', () =>
    spec.given([clusterCreated()]).when({ type: 'EnableCluster', data: { clusterId } }).then([enabled]));

  it('disabling it again changes nothing', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'DisableCluster', data: { clusterId } })
      .thenNothingHappened());

  it('renames it', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'RenameCluster', data: { clusterId, name: 'rack-7' } })
      .then([{ type: 'ClusterRenamed', data: { ...place, name: 'rack-7' } }]));

  it('renaming to the same name changes nothing', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'RenameCluster', data: { clusterId, name: 'cluster-1' } })
      .thenNothingHappened());

  it('refuses an empty new name', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'RenameCluster', data: { clusterId, name: '' } })
      .thenThrows('CLUSTER_NAME_REQUIRED'));

  it('records new factors, keeping an omitted one', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'UpdateClusterOverprovisioning', data: { clusterId, cpuOverprovisioning: 3 } })
      .then([
        {
          type: 'ClusterOverprovisioningUpdated',
          data: { ...place, hypervisor: 'KVM', cpuOverprovisioning: 3, memoryOverprovisioning: 1 },
        },
      ]));

  it('unchanged factors produce nothing', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'UpdateClusterOverprovisioning', data: { clusterId, cpuOverprovisioning: 1 } })
      .thenNothingHappened());

  it('refuses new factors below 1', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'UpdateClusterOverprovisioning', data: { clusterId, cpuOverprovisioning: 0 } })
      .thenThrows('CLUSTER_OVERPROVISIONING_INVALID'));

  it('refuses new factors the hypervisor disallows', () =>
    spec
      .given([clusterCreated('XenServer')])
      .when({ type: 'UpdateClusterOverprovisioning', data: { clusterId, memoryOverprovisioning: 6 } })
      .thenThrows('HYPERVISOR_OVERPROVISIONING_UNSUPPORTED'));

  it('deletes a cluster without hosts', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'DeleteCluster', data: { clusterId, hostCount: 0 } })
      .then([deleted]));

  it('refuses to delete a cluster that still has hosts', () =>
    spec
      .given([clusterCreated()])
      .when({ type: 'DeleteCluster', data: { clusterId, hostCount: 3 } })
      .thenThrows('CLUSTER_HAS_HOSTS', (e) => expect(e.details).toMatchObject({ hostCount: 3 })));
});

describe('cluster: Enabled', () => {
  it('disables it', () =>
    spec
      .given([clusterCreated(), enabled])
      .when({ type: 'DisableCluster', data: { clusterId } })
      .then([{ type: 'ClusterDisabled', data: place }]));

  it('enabling it again changes nothing', () =>
    spec
      .given([clusterCreated(), enabled])
      .when({ type: 'EnableCluster', data: { clusterId } })
      .thenNothingHappened());

  it('still takes new factors (they apply to VMs started afterwards)', () =>
    spec
      .given([clusterCreated(), enabled])
      .when({ type: 'UpdateClusterOverprovisioning', data: { clusterId, memoryOverprovisioning: 2 } })
      .then([
        {
          type: 'ClusterOverprovisioningUpdated',
          data: { ...place, hypervisor: 'KVM', cpuOverprovisioning: 1, memoryOverprovisioning: 2 },
        },
      ]));
});

describe('cluster: deleted', () => {
  it('refuses any further change', () =>
    spec
      .given([clusterCreated(), deleted])
      .when({ type: 'EnableCluster', data: { clusterId } })
      .thenThrows('CLUSTER_NOT_FOUND'));

  it('refuses to delete it twice', () =>
    spec
      .given([clusterCreated(), deleted])
      .when({ type: 'DeleteCluster', data: { clusterId, hostCount: 0 } })
      .thenThrows('CLUSTER_NOT_FOUND'));
});
