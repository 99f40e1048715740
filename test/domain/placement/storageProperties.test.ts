import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, type HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import {
  type PoolCandidate,
  planStoragePools,
  type StoragePlacementSettings,
  type VolumeRequest,
} from '../../../src/domain/placement/index.ts';

/** Properties of planStoragePools over random pools, judged by a plain restatement of the rules. */

const GiB = 1024 ** 3;

const poolsArb: fc.Arbitrary<PoolCandidate[]> = fc
  .array(
    fc.record({
      zoneId: fc.constantFrom('z1', 'z1', 'z1', 'z2'),
      scope: fc.constantFrom('CLUSTER', 'CLUSTER', 'ZONE', 'HOST'),
      clusterId: fc.constantFrom('c1', 'c1', 'c2'),
      hostId: fc.constantFrom('h1', 'h2'),
      hypervisor: fc.constantFrom<HypervisorType | undefined>(undefined, 'KVM', 'VMware'),
      type: fc.constantFrom('NFS', 'NFS', 'SharedMountPoint', 'Local', 'iSCSI'),
      status: fc.constantFrom('Up', 'Up', 'Up', 'Maintenance', 'Disabled'),
      tags: fc.subarray(['ssd', 'gold']),
      capacityBytes: fc.constantFrom(0, 100 * GiB, 1000 * GiB),
      usedShare: fc.constantFrom(0, 0.2, 0.5, 0.9),
      allocatedShare: fc.constantFrom(0, 0.3, 0.8, 1.5, 2),
      overprovisioning: fc.constantFrom(1, 2, 4),
    }),
    { maxLength: 8 },
  )
  .map((pools) =>
    pools.map(({ usedShare, allocatedShare, ...p }, i) => ({
      ...p,
      poolId: `pool${i}`,
      usedBytes: Math.floor(p.capacityBytes * usedShare),
      allocatedBytes: Math.floor(p.capacityBytes * allocatedShare),
    })),
  );

const volumeArb: fc.Arbitrary<VolumeRequest> = fc.record({
  volumeId: fc.constant('vol'),
  sizeBytes: fc.constantFrom(1 * GiB, 50 * GiB, 500 * GiB),
  storageTags: fc.subarray(['ssd', 'gold']),
  localStorage: fc.boolean(),
  hypervisor: fc.constantFrom<HypervisorType>('KVM', 'KVM', 'VMware', 'XenServer'),
  zoneId: fc.constant('z1'),
  clusterId: fc.constant('c1'),
  hostId: fc.constant('h1'),
});

const settingsArb: fc.Arbitrary<StoragePlacementSettings> = fc.record({
  usedThreshold: fc.constantFrom(0.85, 0.95, 2),
  allocatedThreshold: fc.constantFrom(0.85, 1, 2),
  allocator: fc.constantFrom('firstfit', 'firstfitleastconsumed'),
});

const effective = (p: PoolCandidate, v: VolumeRequest) =>
  p.capacityBytes *
  (capabilitiesOf(v.hypervisor).storageOverProvisioning.includes(p.type) ? p.overprovisioning : 1);

const freeBytes = (p: PoolCandidate, v: VolumeRequest) => effective(p, v) - p.allocatedBytes;

const mayHold = (p: PoolCandidate, v: VolumeRequest, s: StoragePlacementSettings): boolean => {
  if (p.status !== 'Up' || p.zoneId !== v.zoneId) return false;
  if (!capabilitiesOf(v.hypervisor).storagePoolTypes.includes(p.type)) return false;
  const reachable = v.localStorage
    ? p.scope === 'HOST' && p.hostId === v.hostId
    : p.scope === 'CLUSTER'
      ? p.clusterId === v.clusterId
      : p.scope === 'ZONE' && (p.hypervisor === undefined || p.hypervisor === v.hypervisor);
  if (!reachable || !v.storageTags.every((t) => p.tags.includes(t))) return false;
  if (p.capacityBytes <= 0 || p.usedBytes / p.capacityBytes > s.usedThreshold) return false;
  if ((p.allocatedBytes + v.sizeBytes) / effective(p, v) > s.allocatedThreshold) return false;
  return freeBytes(p, v) >= v.sizeBytes;
};

describe('planStoragePools properties', () => {
  const runs = { numRuns: 500 };

  it('never returns a pool without room for the volume (over-provisioned capacity − allocated)', () => {
    fc.assert(
      fc.property(poolsArb, volumeArb, settingsArb, (pools, v, s) => {
        const byId = new Map(pools.map((p) => [p.poolId, p]));
        for (const id of planStoragePools(v, pools, s).poolIds)
          expect(freeBytes(byId.get(id)!, v)).toBeGreaterThanOrEqual(v.sizeBytes);
      }),
      runs,
    );
  });

  it('returns exactly the pools that pass every rule, each once', () => {
    fc.assert(
      fc.property(poolsArb, volumeArb, settingsArb, (pools, v, s) => {
        const { poolIds } = planStoragePools(v, pools, s);
        expect(new Set(poolIds).size).toBe(poolIds.length);
        expect(new Set(poolIds)).toEqual(new Set(pools.filter((p) => mayHold(p, v, s)).map((p) => p.poolId)));
      }),
      runs,
    );
  });

  it('orders by the allocator: firstfit keeps read-model order, firstfitleastconsumed is non-increasing in free bytes', () => {
    fc.assert(
      fc.property(poolsArb, volumeArb, settingsArb, (pools, v, s) => {
        const byId = new Map(pools.map((p, i) => [p.poolId, { p, i }]));
        const chosen = planStoragePools(v, pools, s).poolIds.map((id) => byId.get(id)!);
        for (let k = 1; k < chosen.length; k++) {
          const [a, b] = [chosen[k - 1]!, chosen[k]!];
          if (s.allocator === 'firstfit') expect(b.i).toBeGreaterThan(a.i);
          else expect(freeBytes(b.p, v)).toBeLessThanOrEqual(freeBytes(a.p, v));
        }
      }),
      runs,
    );
  });

  it('accounts for every pool it leaves out', () => {
    fc.assert(
      fc.property(poolsArb, volumeArb, settingsArb, (pools, v, s) => {
        const plan = planStoragePools(v, pools, s);
        const excluded = Object.values(plan.exclusions).reduce((n, k) => n + k, 0);
        expect(excluded + plan.poolIds.length).toBe(pools.length);
      }),
      runs,
    );
  });
});
