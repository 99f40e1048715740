import { describe, expect, it } from 'vitest';
import { type HostCommand, hostDecider } from '../../../src/domain/host/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  addHost,
  committed,
  hostAdded,
  hostId,
  hostPlace,
  kept,
  reserved,
  resourceChanged,
  upHost,
  vmA,
  vmB,
} from './fixtures.ts';

const spec = DeciderSpecification.for(hostDecider);

const remove: HostCommand = { type: 'RemoveHost', data: { hostId } };
const disabled = resourceChanged('Disable', 'Enabled', 'Disabled');
const maintenance = [
  resourceChanged('AdminAskMaintenance', 'Enabled', 'PrepareForMaintenance'),
  resourceChanged('InternalEnterMaintenance', 'PrepareForMaintenance', 'Maintenance'),
];
const removed = { type: 'HostRemoved', data: { ...hostPlace, name: 'host-1' } } as const;

describe('host: before it is added', () => {
  it('adds it Enabled (discovery done) and Creating until its agent connects', () =>
    spec.given([]).when(addHost()).then([hostAdded()]));

  it('records the cluster factors and normalised tags', () =>
    spec
      .given([])
      .when(
        addHost({ tags: [' ssd', 'gpu', 'ssd', ''], cpuOverprovisioning: 2, memoryOverprovisioning: 1.5 }),
      )
      .then([
        {
          type: 'HostAdded',
          data: {
            ...hostAdded().data,
            tags: ['gpu', 'ssd'],
            cpuOverprovisioning: 2,
            memoryOverprovisioning: 1.5,
          },
        },
      ]));

  it('refuses an empty name', () =>
    spec
      .given([])
      .when(addHost({ name: '' }))
      .thenThrows('HOST_NAME_REQUIRED'));

  it('refuses a host whose hypervisor differs from its cluster', () =>
    spec
      .given([])
      .when(addHost({ hypervisor: 'XenServer' }))
      .thenThrows('HOST_HYPERVISOR_MISMATCH', (e) =>
        expect(e.details).toMatchObject({ hypervisor: 'XenServer', clusterHypervisor: 'KVM' }),
      ));

  it('refuses a host beyond the hypervisor limit of hosts per cluster (VMware 32)', () =>
    spec
      .given([])
      .when(addHost({ hypervisor: 'VMware', clusterHypervisor: 'VMware', clusterHostCount: 32 }))
      .thenThrows('HOST_CLUSTER_FULL'));

  it('accepts the 32nd VMware host', () =>
    spec
      .given([])
      .when(addHost({ hypervisor: 'VMware', clusterHypervisor: 'VMware', clusterHostCount: 31 }))
      .then([hostAdded('VMware')]));

  it('refuses zero CPU cores', () =>
    spec
      .given([])
      .when(addHost({ cpuCores: 0 }))
      .thenThrows('HOST_SIZE_INVALID', (e) => expect(e.details).toMatchObject({ field: 'cpuCores' })));

  it('refuses a fractional memory size', () =>
    spec
      .given([])
      .when(addHost({ memoryMiB: 1024.5 }))
      .thenThrows('HOST_SIZE_INVALID'));

  it('refuses a factor below 1', () =>
    spec
      .given([])
      .when(addHost({ memoryOverprovisioning: 0.9 }))
      .thenThrows('HOST_OVERPROVISIONING_INVALID'));

  it('refuses factors the hypervisor disallows', () =>
    spec
      .given([])
      .when(addHost({ hypervisor: 'Ovm', clusterHypervisor: 'Ovm', cpuOverprovisioning: 2 }))
      .thenThrows('HYPERVISOR_OVERPROVISIONING_UNSUPPORTED'));

  it('refuses to update the tags of a host never added', () =>
    spec
      .given([])
      .when({ type: 'UpdateHostTags', data: { hostId, tags: ['x'] } })
      .thenThrows('HOST_NOT_FOUND'));
});

describe('host: added', () => {
  it('refuses to add it again', () =>
    spec.given([hostAdded()]).when(addHost()).thenThrows('HOST_ALREADY_EXISTS'));

  it('updates its tags', () =>
    spec
      .given([hostAdded()])
      .when({ type: 'UpdateHostTags', data: { hostId, tags: ['ssd', 'avx512'] } })
      .then([{ type: 'HostTagsUpdated', data: { ...hostPlace, tags: ['avx512', 'ssd'] } }]));

  it('the same tags in another order produce nothing', () =>
    spec
      .given([hostAdded(), { type: 'HostTagsUpdated', data: { ...hostPlace, tags: ['a', 'b'] } }])
      .when({ type: 'UpdateHostTags', data: { hostId, tags: ['b', 'a'] } })
      .thenNothingHappened());

  it('takes the cluster new over-provisioning factors', () =>
    spec
      .given([hostAdded()])
      .when({
        type: 'UpdateHostOverprovisioning',
        data: { hostId, cpuOverprovisioning: 2, memoryOverprovisioning: 1 },
      })
      .then([
        {
          type: 'HostOverprovisioningUpdated',
          data: { ...hostPlace, cpuOverprovisioning: 2, memoryOverprovisioning: 1 },
        },
      ]));

  it('unchanged factors produce nothing', () =>
    spec
      .given([hostAdded()])
      .when({
        type: 'UpdateHostOverprovisioning',
        data: { hostId, cpuOverprovisioning: 1, memoryOverprovisioning: 1 },
      })
      .thenNothingHappened());

  it('refuses new factors below 1', () =>
    spec
      .given([hostAdded()])
      .when({
        type: 'UpdateHostOverprovisioning',
        data: { hostId, cpuOverprovisioning: 1, memoryOverprovisioning: 0 },
      })
      .thenThrows('HOST_OVERPROVISIONING_INVALID'));

  it('refuses new factors the hypervisor disallows', () =>
    spec
      .given([hostAdded('XenServer')])
      .when({
        type: 'UpdateHostOverprovisioning',
        data: { hostId, cpuOverprovisioning: 8, memoryOverprovisioning: 1 },
      })
      .thenThrows('HYPERVISOR_OVERPROVISIONING_UNSUPPORTED'));
});

describe('host: removal (Enabled)', () => {
  it('refuses to remove an Enabled host', () =>
    spec
      .given(upHost())
      .when(remove)
      .thenThrows('HOST_NOT_REMOVABLE', (e) =>
        expect(e.details).toMatchObject({ resourceState: 'Enabled' }),
      ));
});

describe('host: removal (Disabled)', () => {
  it('refuses to remove a Disabled KVM host: KVM needs Maintenance', () =>
    spec
      .given([...upHost('KVM'), disabled])
      .when(remove)
      .thenThrows('HOST_NOT_REMOVABLE'));

  it('refuses to remove a Disabled XenServer host', () =>
    spec
      .given([...upHost('XenServer'), disabled])
      .when(remove)
      .thenThrows('HOST_NOT_REMOVABLE'));

  it('removes a Disabled VMware host', () =>
    spec
      .given([...upHost('VMware'), disabled])
      .when(remove)
      .then([removed]));
});

describe('host: removal (Maintenance)', () => {
  it('removes an empty KVM host in Maintenance', () =>
    spec
      .given([...upHost(), ...maintenance])
      .when(remove)
      .then([removed]));

  it('releases the capacity kept for stopped VMs with it', () =>
    spec
      .given([...upHost(), reserved('r1', vmA), committed('r1', vmA), kept('r1', vmA), ...maintenance])
      .when(remove)
      .then([
        {
          type: 'HostCapacityReleased',
          data: {
            ...hostPlace,
            reservationId: 'r1',
            vmId: vmA,
            cpuNumber: 2,
            cpuSpeedMhz: 1000,
            memoryMiB: 2048,
            held: 'Kept',
            reason: 'HostRemoved',
          },
        },
        removed,
      ]));

  it('refuses while VMs still hold capacity on it', () =>
    spec
      .given([...upHost(), reserved('r1', vmA), committed('r1', vmA), reserved('r2', vmB), ...maintenance])
      .when(remove)
      .thenThrows('HOST_HAS_VMS', (e) => expect(e.details).toMatchObject({ vms: 2 })));
});

describe('host: removed', () => {
  const history = [...upHost(), ...maintenance, removed];

  it('refuses to remove it twice', () => spec.given(history).when(remove).thenThrows('HOST_NOT_FOUND'));

  it('refuses to re-add the same id', () =>
    spec.given(history).when(addHost()).thenThrows('HOST_ALREADY_EXISTS'));

  it('refuses new tags', () =>
    spec
      .given(history)
      .when({ type: 'UpdateHostTags', data: { hostId, tags: [] } })
      .thenThrows('HOST_NOT_FOUND'));
});
