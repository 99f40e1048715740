import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusters,
  hosts,
  imageStores,
  pods,
  storagePools,
  zones,
} from '../../../src/projections/readModels/index.ts';
import { type Harness, newId, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([zones, pods, clusters, hosts, storagePools, imageStores]);
});
afterAll(() => h.close());

const zoneSettings = (zoneId: string, name: string) => ({
  zoneId,
  name,
  dns1: '8.8.8.8',
  dns2: null,
  internalDns1: '10.0.0.2',
  internalDns2: null,
  guestCidr: '10.1.0.0/16',
  localStorageEnabled: false,
  networkType: 'Advanced' as const,
});

describe('zones', () => {
  it('records a created zone, then its update and enablement', async () => {
    const zoneId = newId();
    const stream = `zone-${zoneId}`;
    await h.record(stream, [
      { type: 'ZoneCreated', data: { ...zoneSettings(zoneId, 'z1'), allocationState: 'Disabled' } },
    ]);
    await h.settle();
    expect(await h.row('zones', zoneId)).toMatchObject({
      name: 'z1',
      allocation_state: 'Disabled',
      removed_at: null,
    });

    await h.record(stream, [
      { type: 'ZoneUpdated', data: zoneSettings(zoneId, 'z1-renamed') },
      { type: 'ZoneEnabled', data: { zoneId } },
    ]);
    await h.settle();
    expect(await h.row('zones', zoneId)).toMatchObject({
      name: 'z1-renamed',
      network_type: 'Advanced',
      guest_cidr: '10.1.0.0/16',
      allocation_state: 'Enabled',
    });
  });

  it('keeps a deleted zone, stamped removed_at', async () => {
    const zoneId = newId();
    const stream = `zone-${zoneId}`;
    await h.record(stream, [
      { type: 'ZoneCreated', data: { ...zoneSettings(zoneId, 'gone'), allocationState: 'Disabled' } },
      { type: 'ZoneDeleted', data: { zoneId, name: 'gone' } },
    ]);
    await h.settle();
    const row = await h.row('zones', zoneId);
    expect(row?.removed_at).toEqual(expect.any(String));
    expect(row?.created_at).toEqual(expect.any(String));
  });
});

describe('pods and clusters', () => {
  it('records a pod with its network, then enabled', async () => {
    const podId = newId();
    const zoneId = newId();
    const place = { podId, zoneId };
    const settings = {
      ...place,
      name: 'p1',
      gateway: '10.0.0.1',
      netmask: '255.255.255.0',
      startIp: '10.0.0.10',
      endIp: '10.0.0.99',
    };
    await h.record(`pod-${podId}`, [
      { type: 'PodCreated', data: { ...settings, allocationState: 'Disabled' } },
      { type: 'PodEnabled', data: place },
    ]);
    await h.settle();
    expect(await h.row('pods', podId)).toMatchObject({
      name: 'p1',
      zone_id: zoneId,
      allocation_state: 'Enabled',
      start_ip: '10.0.0.10',
    });
  });

  it('records a cluster and its new over-provisioning factors', async () => {
    const place = { clusterId: newId(), zoneId: newId(), podId: newId() };
    await h.record(`cluster-${place.clusterId}`, [
      {
        type: 'ClusterCreated',
        data: {
          ...place,
          name: 'c1',
          hypervisor: 'KVM',
          cpuOverprovisioning: 1,
          memoryOverprovisioning: 1,
          allocationState: 'Disabled',
        },
      },
      {
        type: 'ClusterOverprovisioningUpdated',
        data: { ...place, hypervisor: 'KVM', cpuOverprovisioning: 2, memoryOverprovisioning: 1.5 },
      },
      { type: 'ClusterRenamed', data: { ...place, name: 'c1-new' } },
    ]);
    await h.settle();
    expect(await h.row('clusters', place.clusterId)).toMatchObject({
      name: 'c1-new',
      hypervisor: 'KVM',
      cpu_overprovisioning: 2,
      memory_overprovisioning: 1.5,
      pod_id: place.podId,
    });
  });
});

const hostPlace = () => ({ hostId: newId(), zoneId: newId(), podId: newId(), clusterId: newId() });
type HostPlace = ReturnType<typeof hostPlace>;

const hostAdded = (place: HostPlace) => ({
  type: 'HostAdded' as const,
  data: {
    ...place,
    name: 'kvm-1',
    hypervisor: 'KVM' as const,
    cpuCores: 8,
    cpuSpeedMhz: 2000,
    memoryMiB: 16384,
    cpuOverprovisioning: 2,
    memoryOverprovisioning: 1,
    tags: ['ssd'],
    status: 'Up' as const,
    resourceState: 'Enabled' as const,
  },
});

const reservation = (
  place: HostPlace,
  reservationId: string,
  vmId: string,
  cpuNumber: number,
  memoryMiB: number,
) => ({
  ...place,
  reservationId,
  vmId,
  cpuNumber,
  cpuSpeedMhz: 1000,
  memoryMiB,
});

describe('hosts', () => {
  it('records a new host with its capacity after over-provisioning and nothing used', async () => {
    const place = hostPlace();
    await h.record(`host-${place.hostId}`, [hostAdded(place)]);
    await h.settle();
    expect(await h.row('hosts', place.hostId)).toMatchObject({
      status: 'Up',
      resource_state: 'Enabled',
      tags: ['ssd'],
      cpu_total_mhz: 32000,
      memory_total_mib: 16384,
      cpu_used_mhz: 0,
      cpu_reserved_mhz: 0,
      memory_used_mib: 0,
      guests: 0,
    });
  });

  it('counts pending and committed reservations as used and kept ones as reserved', async () => {
    const place = hostPlace();
    const stream = `host-${place.hostId}`;
    const [r1, r2, r3] = [newId(), newId(), newId()];
    const times = { reservedAt: '2025-01-01T00:00:00Z', expiresAt: '2025-01-01T00:10:00Z' };
    await h.record(stream, [
      hostAdded(place),
      { type: 'HostCapacityReserved', data: { ...reservation(place, r1, 'vm-a', 2, 2048), ...times } },
      { type: 'HostCapacityReserved', data: { ...reservation(place, r2, 'vm-b', 1, 1024), ...times } },
      { type: 'HostCapacityReserved', data: { ...reservation(place, r3, 'vm-c', 4, 4096), ...times } },
      { type: 'HostCapacityCommitted', data: reservation(place, r1, 'vm-a', 2, 2048) },
      { type: 'HostCapacityCommitted', data: reservation(place, r2, 'vm-b', 1, 1024) },
      {
        type: 'HostCapacityKept',
        data: {
          ...reservation(place, r2, 'vm-b', 1, 1024),
          keptAt: '2025-01-01T01:00:00Z',
          keptUntil: '2025-01-01T02:00:00Z',
        },
      },
    ]);
    await h.settle();
    expect(await h.row('hosts', place.hostId)).toMatchObject({
      cpu_used_mhz: 6000,
      memory_used_mib: 6144,
      cpu_reserved_mhz: 1000,
      memory_reserved_mib: 1024,
      guests: 2,
    });

    await h.record(stream, [
      {
        type: 'HostCapacityReleased',
        data: { ...reservation(place, r3, 'vm-c', 4, 4096), held: 'Pending', reason: 'Expired' },
      },
      {
        type: 'HostCapacityReleased',
        data: { ...reservation(place, r2, 'vm-b', 1, 1024), held: 'Kept', reason: 'Released' },
      },
    ]);
    await h.settle();
    expect(await h.row('hosts', place.hostId)).toMatchObject({
      cpu_used_mhz: 2000,
      memory_used_mib: 2048,
      cpu_reserved_mhz: 0,
      memory_reserved_mib: 0,
      guests: 1,
    });
  });

  it('follows status, resource state, tags and new over-provisioning factors', async () => {
    const place = hostPlace();
    await h.record(`host-${place.hostId}`, [
      hostAdded(place),
      { type: 'HostStatusChanged', data: { ...place, event: 'PingTimeout', from: 'Up', to: 'Alert' } },
      {
        type: 'HostResourceStateChanged',
        data: { ...place, event: 'AdminAskMaintenance', from: 'Enabled', to: 'PrepareForMaintenance' },
      },
      { type: 'HostTagsUpdated', data: { ...place, tags: ['gpu', 'ssd'] } },
      {
        type: 'HostOverprovisioningUpdated',
        data: { ...place, cpuOverprovisioning: 3, memoryOverprovisioning: 1.5 },
      },
    ]);
    await h.settle();
    expect(await h.row('hosts', place.hostId)).toMatchObject({
      status: 'Alert',
      resource_state: 'PrepareForMaintenance',
      tags: ['gpu', 'ssd'],
      cpu_total_mhz: 48000,
      memory_total_mib: 24576,
    });
  });

  it('keeps a removed host, stamped removed_at', async () => {
    const place = hostPlace();
    await h.record(`host-${place.hostId}`, [
      hostAdded(place),
      { type: 'HostRemoved', data: { ...place, name: 'kvm-1' } },
    ]);
    await h.settle();
    expect(await h.row('hosts', place.hostId)).toMatchObject({
      status: 'Removed',
      removed_at: expect.any(String),
    });
  });
});

describe('storage pools', () => {
  it('records capacity after over-provisioning, and pending and used bytes', async () => {
    const place = { poolId: newId(), zoneId: newId(), podId: newId(), clusterId: newId(), hostId: null };
    const held = (reservationId: string, sizeBytes: number) => ({
      ...place,
      reservationId,
      volumeId: newId(),
      sizeBytes,
    });
    const [a, b, c] = [held(newId(), 100), held(newId(), 50), held(newId(), 25)];
    const times = { reservedAt: '2025-01-01T00:00:00Z', expiresAt: '2025-01-01T00:10:00Z' };
    await h.record(`storagepool-${place.poolId}`, [
      {
        type: 'StoragePoolCreated',
        data: {
          ...place,
          name: 'nfs-1',
          capacityBytes: 1000,
          overprovisioning: 2,
          tags: ['fast'],
          scope: 'Cluster',
          type: 'NFS',
          hypervisor: 'KVM',
          status: 'Up',
        },
      },
      { type: 'StorageReserved', data: { ...a, ...times } },
      { type: 'StorageReserved', data: { ...b, ...times } },
      { type: 'StorageReserved', data: { ...c, ...times } },
      { type: 'StorageCommitted', data: a },
      { type: 'StorageReleased', data: { ...c, held: 'Pending', reason: 'Expired' } },
      { type: 'StoragePoolStatusChanged', data: { ...place, action: 'Disable', from: 'Up', to: 'Disabled' } },
    ]);
    await h.settle();
    expect(await h.row('storage_pools', place.poolId)).toMatchObject({
      name: 'nfs-1',
      scope: 'Cluster',
      status: 'Disabled',
      capacity_bytes: 1000,
      total_bytes: 2000,
      allocated_bytes: 150,
      used_bytes: 100,
      pending_bytes: 50,
      tags: ['fast'],
    });
  });
});

describe('image stores', () => {
  it('records a store and its read-only switch', async () => {
    const place = { imageStoreId: newId(), zoneId: newId() };
    await h.record(`imagestore-${place.imageStoreId}`, [
      {
        type: 'ImageStoreAdded',
        data: { ...place, name: 's1', provider: 'NFS', url: 'nfs://10.0.0.5/export', readOnly: false },
      },
      { type: 'ImageStoreReadOnlyChanged', data: { ...place, readOnly: true } },
    ]);
    await h.settle();
    expect(await h.row('image_stores', place.imageStoreId)).toMatchObject({
      name: 's1',
      provider: 'NFS',
      read_only: true,
    });
  });
});
