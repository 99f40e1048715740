import type { ClusterEvent } from '../../../src/domain/cluster/index.ts';
import type { HostEvent } from '../../../src/domain/host/index.ts';
import type { HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import type { PodEvent } from '../../../src/domain/pod/index.ts';
import type { StoragePoolEvent } from '../../../src/domain/storagePool/index.ts';
import type { ZoneEvent } from '../../../src/domain/zone/index.ts';

/** Fixed ids and canonical histories shared by the infrastructure specs. */
export const zoneId = '0b3c1f6e-0000-4000-8000-000000000001';
export const podId = '0b3c1f6e-0000-4000-8000-000000000002';
export const clusterId = '0b3c1f6e-0000-4000-8000-000000000003';
export const hostId = '0b3c1f6e-0000-4000-8000-000000000004';
export const poolId = '0b3c1f6e-0000-4000-8000-000000000005';
export const imageStoreId = '0b3c1f6e-0000-4000-8000-000000000006';
export const vmA = '0b3c1f6e-0000-4000-8000-00000000000a';
export const vmB = '0b3c1f6e-0000-4000-8000-00000000000b';
export const volumeA = '0b3c1f6e-0000-4000-8000-0000000000c1';
export const volumeB = '0b3c1f6e-0000-4000-8000-0000000000c2';

export const now = '2025-03-01T10:00:00.000Z';
export const later = '2025-03-01T10:05:00.000Z';
export const muchLater = '2025-03-01T11:00:00.000Z';

export const zoneCreated: Extract<ZoneEvent, { type: 'ZoneCreated' }> = {
  type: 'ZoneCreated',
  data: {
    zoneId,
    name: 'zone-1',
    networkType: 'Advanced',
    dns1: '8.8.8.8',
    dns2: null,
    internalDns1: '10.0.0.2',
    internalDns2: null,
    guestCidr: '10.1.1.0/24',
    localStorageEnabled: false,
    allocationState: 'Disabled',
  },
};

export const podCreated: Extract<PodEvent, { type: 'PodCreated' }> = {
  type: 'PodCreated',
  data: {
    podId,
    zoneId,
    name: 'pod-1',
    gateway: '192.168.10.1',
    netmask: '255.255.255.0',
    startIp: '192.168.10.10',
    endIp: '192.168.10.100',
    allocationState: 'Disabled',
  },
};

export const clusterCreated = (hypervisor: HypervisorType = 'KVM'): ClusterEvent => ({
  type: 'ClusterCreated',
  data: {
    clusterId,
    zoneId,
    podId,
    name: 'cluster-1',
    hypervisor,
    cpuOverprovisioning: 1,
    memoryOverprovisioning: 1,
    allocationState: 'Disabled',
  },
});

export const hostPlace = { hostId, zoneId, podId, clusterId };

/** A 4-core 2000 MHz host with 8192 MiB (8000 MHz, 8192 MiB at factor 1). */
export const hostAdded = (
  hypervisor: HypervisorType = 'KVM',
  factors = { cpuOverprovisioning: 1, memoryOverprovisioning: 1 },
): Extract<HostEvent, { type: 'HostAdded' }> => ({
  type: 'HostAdded',
  data: {
    ...hostPlace,
    name: 'host-1',
    hypervisor,
    cpuCores: 4,
    cpuSpeedMhz: 2000,
    memoryMiB: 8192,
    ...factors,
    tags: [],
    status: 'Creating',
    resourceState: 'Enabled',
  },
});

export const statusChanged = (
  event: Extract<HostEvent, { type: 'HostStatusChanged' }>['data']['event'],
  from: Extract<HostEvent, { type: 'HostStatusChanged' }>['data']['from'],
  to: Extract<HostEvent, { type: 'HostStatusChanged' }>['data']['to'],
): HostEvent => ({ type: 'HostStatusChanged', data: { ...hostPlace, event, from, to } });

export const resourceChanged = (
  event: Extract<HostEvent, { type: 'HostResourceStateChanged' }>['data']['event'],
  from: Extract<HostEvent, { type: 'HostResourceStateChanged' }>['data']['from'],
  to: Extract<HostEvent, { type: 'HostResourceStateChanged' }>['data']['to'],
): HostEvent => ({ type: 'HostResourceStateChanged', data: { ...hostPlace, event, from, to } });

export const hostRemoved: HostEvent = { type: 'HostRemoved', data: { ...hostPlace, name: 'host-1' } };

/** A host that connected and is Up and Enabled: ready to take VMs. */
export const upHost = (hypervisor: HypervisorType = 'KVM'): HostEvent[] => [
  hostAdded(hypervisor),
  statusChanged('AgentConnected', 'Creating', 'Connecting'),
  statusChanged('Ready', 'Connecting', 'Up'),
];

export const compute = { cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 2048 };

export const reserved = (
  reservationId: string,
  vmId: string,
  size = compute,
  expiresAt = later,
): HostEvent => ({
  type: 'HostCapacityReserved',
  data: { ...hostPlace, reservationId, vmId, ...size, reservedAt: now, expiresAt },
});

export const committed = (reservationId: string, vmId: string, size = compute): HostEvent => ({
  type: 'HostCapacityCommitted',
  data: { ...hostPlace, reservationId, vmId, ...size },
});

export const kept = (
  reservationId: string,
  vmId: string,
  keptUntil = muchLater,
  size = compute,
): HostEvent => ({
  type: 'HostCapacityKept',
  data: { ...hostPlace, reservationId, vmId, ...size, keptAt: now, keptUntil },
});

export const poolPlace = { poolId, zoneId, podId, clusterId, hostId: null };

export const GiB = 1024 ** 3;

/** A 100 GiB KVM NFS pool at factor 2: 200 GiB allocatable, 170 GiB below the 0.85 threshold. */
export const poolCreated: Extract<StoragePoolEvent, { type: 'StoragePoolCreated' }> = {
  type: 'StoragePoolCreated',
  data: {
    ...poolPlace,
    name: 'primary-1',
    scope: 'Cluster',
    type: 'NFS',
    hypervisor: 'KVM',
    capacityBytes: 100 * GiB,
    overprovisioning: 2,
    tags: [],
    status: 'Up',
  },
};

export const storageReserved = (
  reservationId: string,
  volumeId: string,
  sizeBytes: number,
): StoragePoolEvent => ({
  type: 'StorageReserved',
  data: { ...poolPlace, reservationId, volumeId, sizeBytes, reservedAt: now, expiresAt: later },
});

export const storageCommitted = (
  reservationId: string,
  volumeId: string,
  sizeBytes: number,
): StoragePoolEvent => ({
  type: 'StorageCommitted',
  data: { ...poolPlace, reservationId, volumeId, sizeBytes },
});
