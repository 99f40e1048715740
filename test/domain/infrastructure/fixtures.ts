import type { ClusterEvent, CreateCluster } from '../../../src/domain/cluster/index.ts';
import type { AddHost, HostEvent } from '../../../src/domain/host/index.ts';
import type { HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import type { CreatePod, PodEvent } from '../../../src/domain/pod/index.ts';
import type { CreateStoragePool, StoragePoolEvent } from '../../../src/domain/storagePool/index.ts';
import type { CreateZone, ZoneEvent } from '../../../src/domain/zone/index.ts';

/**
 * Fixed ids, canonical histories and the create commands that start them, shared by the
 * infrastructure specs. Each create command and its event are built from one description.
 */
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

/** An Advanced zone; the optional second DNS servers are left out. */
const zone = {
  zoneId,
  name: 'zone-1',
  networkType: 'Advanced',
  dns1: '8.8.8.8',
  internalDns1: '10.0.0.2',
  guestCidr: '10.1.1.0/24',
  localStorageEnabled: false,
} as const;

export const createZone = (changes: Partial<CreateZone['data']> = {}): CreateZone => ({
  type: 'CreateZone',
  data: { ...zone, ...changes },
});

export const zoneCreated: Extract<ZoneEvent, { type: 'ZoneCreated' }> = {
  type: 'ZoneCreated',
  data: { ...zone, dns2: null, internalDns2: null, allocationState: 'Disabled' },
};

const pod = {
  podId,
  zoneId,
  name: 'pod-1',
  gateway: '192.168.10.1',
  netmask: '255.255.255.0',
  startIp: '192.168.10.10',
  endIp: '192.168.10.100',
};

export const createPod = (changes: Partial<CreatePod['data']> = {}): CreatePod => ({
  type: 'CreatePod',
  data: { ...pod, ...changes },
});

export const podCreated: Extract<PodEvent, { type: 'PodCreated' }> = {
  type: 'PodCreated',
  data: { ...pod, allocationState: 'Disabled' },
};

const cluster = { clusterId, zoneId, podId, name: 'cluster-1' };

/** A KVM cluster; its over-provisioning factors are left to their defaults. */
export const createCluster = (changes: Partial<CreateCluster['data']> = {}): CreateCluster => ({
  type: 'CreateCluster',
  data: { ...cluster, hypervisor: 'KVM', ...changes },
});

export const clusterCreated = (hypervisor: HypervisorType = 'KVM'): ClusterEvent => ({
  type: 'ClusterCreated',
  data: {
    ...cluster,
    hypervisor,
    cpuOverprovisioning: 1,
    memoryOverprovisioning: 1,
    allocationState: 'Disabled',
  },
});

export const hostPlace = { hostId, zoneId, podId, clusterId };

/** A 4-core 2000 MHz host with 8192 MiB (8000 MHz, 8192 MiB at factor 1). */
const host = { ...hostPlace, name: 'host-1', cpuCores: 4, cpuSpeedMhz: 2000, memoryMiB: 8192, tags: [] };
const noOverprovisioning = { cpuOverprovisioning: 1, memoryOverprovisioning: 1 };

/** The first host of a KVM cluster. */
export const addHost = (changes: Partial<AddHost['data']> = {}): AddHost => ({
  type: 'AddHost',
  data: {
    ...host,
    hypervisor: 'KVM',
    clusterHypervisor: 'KVM',
    clusterHostCount: 0,
    ...noOverprovisioning,
    ...changes,
  },
});

export const hostAdded = (
  hypervisor: HypervisorType = 'KVM',
  factors = noOverprovisioning,
): Extract<HostEvent, { type: 'HostAdded' }> => ({
  type: 'HostAdded',
  data: { ...host, hypervisor, ...factors, status: 'Creating', resourceState: 'Enabled' },
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

type PoolCreated = Extract<StoragePoolEvent, { type: 'StoragePoolCreated' }>;
const pool: Pick<PoolCreated['data'], 'name' | 'scope' | 'type' | 'hypervisor' | 'capacityBytes' | 'tags'> = {
  name: 'primary-1',
  scope: 'Cluster',
  type: 'NFS',
  hypervisor: 'KVM',
  capacityBytes: 100 * GiB,
  tags: [],
};

/** A cluster-scoped KVM NFS pool; its over-provisioning factor is left to the NFS default (2). */
export const createPool = (changes: Partial<CreateStoragePool['data']> = {}): CreateStoragePool => ({
  type: 'CreateStoragePool',
  data: { poolId, zoneId, podId, clusterId, ...pool, ...changes },
});

/** A 100 GiB KVM NFS pool at factor 2: 200 GiB allocatable, 170 GiB below the 0.85 threshold. */
export const poolCreated: PoolCreated = {
  type: 'StoragePoolCreated',
  data: { ...poolPlace, ...pool, overprovisioning: 2, status: 'Up' },
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
