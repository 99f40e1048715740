import { describe, expect, it } from 'vitest';
import {
  defaultStoragePlacementSettings,
  type PoolCandidate,
  planStoragePools,
  poolEffectiveCapacityBytes,
  type VolumeRequest,
  volumeRequestFor,
} from '../../../src/domain/placement/index.ts';
import { host, request } from './fixtures.ts';

/** Given primary storage pools, when a volume is placed for a host in cluster c1, then §2.5/§8.1/§8.5 apply. */

const GiB = 1024 ** 3;

/** An empty 1,000 GiB NFS pool of cluster c1 in zone z1, factor 2. */
const pool = (poolId: string, overrides: Partial<PoolCandidate> = {}): PoolCandidate => ({
  poolId,
  zoneId: 'z1',
  scope: 'CLUSTER',
  clusterId: 'c1',
  type: 'NFS',
  status: 'Up',
  tags: [],
  capacityBytes: 1000 * GiB,
  usedBytes: 0,
  allocatedBytes: 0,
  overprovisioning: 2,
  ...overrides,
});

const volume = (overrides: Partial<VolumeRequest> = {}): VolumeRequest => ({
  volumeId: 'vol-1',
  sizeBytes: 100 * GiB,
  storageTags: [],
  localStorage: false,
  hypervisor: 'KVM',
  zoneId: 'z1',
  clusterId: 'c1',
  hostId: 'h1',
  ...overrides,
});

const ids = (v: VolumeRequest, pools: PoolCandidate[], s = defaultStoragePlacementSettings) =>
  planStoragePools(v, pools, s).poolIds;

describe('pool state and hypervisor support', () => {
  it('given a pool in Maintenance, then it is not offered', () => {
    const p = planStoragePools(volume(), [pool('p1', { status: 'Maintenance' }), pool('p2')]);
    expect(p.poolIds).toEqual(['p2']);
    expect(p.exclusions.not_up).toBe(1);
  });

  it('given an iSCSI pool for a KVM volume, then KVM cannot use it', () => {
    const p = planStoragePools(volume(), [pool('p1', { type: 'iSCSI' })]);
    expect(p.exclusions.hypervisor_unsupported).toBe(1);
  });
});

describe('scope', () => {
  it('given a cluster pool of another cluster, then it is out of reach', () => {
    const p = planStoragePools(volume(), [pool('p1', { clusterId: 'c2' }), pool('p2')]);
    expect(p.poolIds).toEqual(['p2']);
    expect(p.exclusions.other_cluster).toBe(1);
  });

  it('given a zone pool of the VM’s hypervisor, then it serves any cluster of the zone', () => {
    expect(ids(volume(), [pool('z', { scope: 'ZONE', clusterId: undefined, hypervisor: 'KVM' })])).toEqual([
      'z',
    ]);
  });

  it('given a zone pool of another hypervisor, then it does not match', () => {
    const p = planStoragePools(volume(), [
      pool('z', { scope: 'ZONE', clusterId: undefined, hypervisor: 'VMware' }),
    ]);
    expect(p.exclusions.hypervisor_mismatch).toBe(1);
  });

  it('given a pool of another zone, then it is out of reach', () => {
    expect(planStoragePools(volume(), [pool('p1', { zoneId: 'z2' })]).exclusions.other_zone).toBe(1);
  });
});

describe('local storage', () => {
  const local = (hostId: string) =>
    pool(`local-${hostId}`, { scope: 'HOST', clusterId: undefined, hostId, type: 'Local' });

  it('given a local-storage offering, then only the chosen host’s local pool is offered', () => {
    const p = planStoragePools(volume({ localStorage: true }), [pool('shared'), local('h2'), local('h1')]);
    expect(p.poolIds).toEqual(['local-h1']);
    expect(p.exclusions.shared_storage).toBe(1);
    expect(p.exclusions.other_host).toBe(1);
  });

  it('given a shared-storage offering, then local pools are not offered', () => {
    const p = planStoragePools(volume(), [local('h1'), pool('shared')]);
    expect(p.poolIds).toEqual(['shared']);
    expect(p.exclusions.local_storage).toBe(1);
  });
});

describe('storage tags', () => {
  it('given offering tags, then a pool must carry all of them', () => {
    const pools = [pool('ssd', { tags: ['ssd'] }), pool('both', { tags: ['ssd', 'gold'] }), pool('none')];
    const p = planStoragePools(volume({ storageTags: ['ssd', 'gold'] }), pools);
    expect(p.poolIds).toEqual(['both']);
    expect(p.exclusions.storage_tags).toBe(2);
  });

  it('given no offering tags, then tagged pools are usable', () => {
    expect(ids(volume(), [pool('ssd', { tags: ['ssd'] })])).toEqual(['ssd']);
  });
});

describe('capacity with over-provisioning and the 0.85 thresholds', () => {
  it('given an NFS pool with factor 2, then its effective capacity is doubled', () => {
    expect(poolEffectiveCapacityBytes(pool('p'), 'KVM')).toBe(2000 * GiB);
  });

  it('given a SharedMountPoint pool (no over-provisioning on KVM), then the factor is ignored', () => {
    expect(poolEffectiveCapacityBytes(pool('p', { type: 'SharedMountPoint' }), 'KVM')).toBe(1000 * GiB);
  });

  it('given allocated + volume above 0.85 of the over-provisioned capacity, then the pool is skipped', () => {
    // (1,650 + 100) / 2,000 = 0.875
    const p = planStoragePools(volume(), [pool('p', { allocatedBytes: 1650 * GiB })]);
    expect(p.exclusions.allocated_threshold).toBe(1);
  });

  it('given allocated + volume exactly at 0.85, then the pool is kept', () => {
    expect(ids(volume(), [pool('p', { allocatedBytes: 1600 * GiB })])).toEqual(['p']);
  });

  it('given allocation past the raw size but inside the factor, then over-provisioning admits it', () => {
    expect(ids(volume(), [pool('p', { allocatedBytes: 1200 * GiB })])).toEqual(['p']);
  });

  it('given more than 0.85 of the bytes actually used, then the pool is skipped', () => {
    const p = planStoragePools(volume(), [pool('p', { usedBytes: 860 * GiB })]);
    expect(p.exclusions.used_threshold).toBe(1);
  });

  it('given thresholds above 1, then the free capacity still bounds the volume', () => {
    const loose = { ...defaultStoragePlacementSettings, usedThreshold: 2, allocatedThreshold: 2 };
    const p = planStoragePools(volume(), [pool('p', { allocatedBytes: 1950 * GiB })], loose);
    expect(p.exclusions.capacity).toBe(1);
  });

  it('given a pool of zero capacity, then it is skipped', () => {
    expect(planStoragePools(volume(), [pool('p', { capacityBytes: 0 })]).exclusions.used_threshold).toBe(1);
  });
});

describe('ordering', () => {
  const pools = [
    pool('a', { allocatedBytes: 800 * GiB }),
    pool('b', { allocatedBytes: 100 * GiB }),
    pool('c', { allocatedBytes: 500 * GiB }),
  ];

  it('given firstfit, then read-model order is kept', () => {
    expect(ids(volume(), pools)).toEqual(['a', 'b', 'c']);
  });

  it('given firstfitleastconsumed, then the pool with the most free bytes comes first', () => {
    const s = { ...defaultStoragePlacementSettings, allocator: 'firstfitleastconsumed' as const };
    expect(ids(volume(), pools, s)).toEqual(['b', 'c', 'a']);
  });
});

describe('volumeRequestFor', () => {
  it('given the VM’s request and its chosen host, then the volume carries tags, locality and the host', () => {
    const req = request({ storageTags: ['ssd'], localStorage: true });
    const h = host('h7', { clusterId: 'c4', zoneId: 'z2', hypervisor: 'XenServer' });
    expect(volumeRequestFor(req, h, { volumeId: 'root', sizeBytes: GiB })).toEqual({
      volumeId: 'root',
      sizeBytes: GiB,
      storageTags: ['ssd'],
      localStorage: true,
      hypervisor: 'XenServer',
      zoneId: 'z2',
      clusterId: 'c4',
      hostId: 'h7',
    });
  });
});
