import fc from 'fast-check';
import type { HostSize } from '../../../src/domain/capacity/index.ts';
import type { HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import {
  type AffinityMember,
  type AllocationState,
  type Dedication,
  type HostCandidate,
  type HostResourceState,
  type HostStatus,
  hostAllocators,
  type PlacementRequest,
  type PlacementSettings,
  type Planner,
  planners,
} from '../../../src/domain/placement/index.ts';

/** Random clouds, requests and settings small enough to shrink, varied enough to hit every rule. */

/** Usually `usual`, now and then one of the faults: most hosts must be usable for the properties to bite. */
const mostly = <T>(usual: T, ...faults: T[]): fc.Arbitrary<T> =>
  fc.oneof(
    { arbitrary: fc.constant(usual), weight: 6 },
    { arbitrary: fc.constantFrom(...faults), weight: 1 },
  );

/** Present once in `oneIn` draws, otherwise undefined. */
const oneIn = <T>(n: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: n - 1 }, { arbitrary: arb, weight: 1 });

const allocationArb: fc.Arbitrary<AllocationState> = oneIn(15, fc.constant<AllocationState>('Disabled')).map(
  (state) => state ?? 'Enabled',
);

const sizeArb: fc.Arbitrary<HostSize> = fc.record({
  cpuCores: fc.integer({ min: 1, max: 16 }),
  cpuSpeedMhz: fc.constantFrom(1000, 2000, 3000),
  memoryMiB: mostly(65_536, 4096, 16_384),
  cpuOverprovisioning: fc.constantFrom(1, 1, 2, 4),
  memoryOverprovisioning: fc.constantFrom(1, 1, 1.5),
});

const dedicationArb: fc.Arbitrary<Dedication | undefined> = oneIn(
  6,
  fc.record(
    {
      scope: fc.constantFrom('zone', 'pod', 'cluster', 'host'),
      tenantDomainId: fc.constantFrom('ROOT', 'd1', 'd2'),
      accountId: fc.constantFrom('a1', 'a2'),
    },
    { requiredKeys: ['scope', 'tenantDomainId'] },
  ),
);

/** Used capacity: mostly light, sometimes near or at the total. */
const share = (total: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: Math.floor(total / 2) }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: Math.floor(total) }), weight: 2 },
    { arbitrary: fc.constant(Math.floor(total)), weight: 1 },
  );

const hostArb = sizeArb.chain((size) =>
  fc.record({
    status: mostly<HostStatus>('Up', 'Down', 'Alert', 'Connecting'),
    resourceState: mostly<HostResourceState>('Enabled', 'Disabled', 'Maintenance', 'PrepareForMaintenance'),
    tags: fc.subarray(['ssd', 'gpu', 'ha']),
    size: fc.constant(size),
    load: fc.record({
      usedCpuMhz: share(size.cpuCores * size.cpuSpeedMhz * size.cpuOverprovisioning),
      usedMemoryMiB: share(size.memoryMiB * size.memoryOverprovisioning),
      reservedCpuMhz: fc.constantFrom(0, 0, 0, 500, 1000, 4000),
      reservedMemoryMiB: fc.constantFrom(0, 0, 0, 512, 2048, 4096),
    }),
    runningGuests: mostly(3, 0, 1, 24, 25, 49, 50, 128, 130),
    dedicatedTo: dedicationArb,
    odd: mostly(false, true),
  }),
);

const clusterArb = fc.record({
  podId: fc.constantFrom('p1', 'p2', 'p3'),
  hypervisor: fc.oneof(
    { arbitrary: fc.constant<HypervisorType>('KVM'), weight: 6 },
    { arbitrary: fc.constantFrom<HypervisorType>('XenServer', 'BareMetal'), weight: 2 },
    { arbitrary: fc.constantFrom<HypervisorType>('VMware', 'Ovm'), weight: 1 },
  ),
  clusterAllocationState: allocationArb,
  podAllocationState: allocationArb,
  hosts: fc.array(hostArb, { minLength: 1, maxLength: 6 }),
});

/** Up to 6 clusters of up to 6 hosts; ids h0…, c0…; now and then a host of another hypervisor. */
export const worldArb: fc.Arbitrary<HostCandidate[]> = fc
  .tuple(
    fc.array(clusterArb, { minLength: 1, maxLength: 6 }),
    oneIn(12, fc.constant<AllocationState>('Disabled')),
  )
  .map(([clusters, zoneAllocationState]) => {
    let n = 0;
    return clusters.flatMap((c, i) =>
      c.hosts.map(({ odd, dedicatedTo, runningGuests, ...h }): HostCandidate => {
        const candidate: HostCandidate = {
          ...h,
          hostId: `h${n++}`,
          // A BareMetal host runs one VM at most: mostly free, so BareMetal placement gets exercised.
          runningGuests:
            c.hypervisor === 'BareMetal' ? runningGuests % 2 && runningGuests % 3 : runningGuests,
          clusterId: `c${i}`,
          podId: c.podId,
          zoneId: 'z1',
          hypervisor: odd && c.hypervisor === 'KVM' ? 'XenServer' : c.hypervisor,
          clusterAllocationState: c.clusterAllocationState,
          podAllocationState: c.podAllocationState,
          zoneAllocationState: zoneAllocationState ?? 'Enabled',
        };
        return dedicatedTo ? { ...candidate, dedicatedTo } : candidate;
      }),
    );
  });

/** A request about a given cloud: its host ids (and one unknown id) feed affinity, last and pinned hosts. */
export const requestArb = (
  world: readonly HostCandidate[],
  nonStrict = true,
): fc.Arbitrary<PlacementRequest> => {
  const hostIdArb = fc.constantFrom('h-unknown', ...world.map((h) => h.hostId));
  const membersArb: fc.Arbitrary<AffinityMember[]> = fc.array(
    fc.record({ vmId: fc.constantFrom('vm-1', 'vm-2', 'vm-3'), hostId: hostIdArb }),
    { maxLength: 3 },
  );
  return fc.record({
    vmId: fc.constant('vm-1'),
    accountId: fc.constant('a1'),
    tenantDomainId: fc.constant('d1'),
    compute: fc.record({
      cpuNumber: fc.integer({ min: 1, max: 3 }),
      cpuSpeedMhz: mostly(1000, 500, 2000, 2500),
      memoryMiB: mostly(2048, 512, 8192),
    }),
    hostTags: mostly<string[]>([], ['ssd'], ['ssd', 'gpu']),
    storageTags: fc.constant([]),
    haEnabled: fc.boolean(),
    localStorage: fc.constant(false),
    hypervisor: fc.oneof(
      { arbitrary: fc.constant<HypervisorType | undefined>('KVM'), weight: 6 },
      {
        arbitrary: fc.constantFrom<HypervisorType | undefined>(undefined, 'XenServer', 'BareMetal'),
        weight: 3,
      },
    ),
    affinity: fc.record({
      hostAntiAffinity: membersArb,
      hostAffinity: fc.oneof({ arbitrary: fc.constant([]), weight: 9 }, { arbitrary: membersArb, weight: 1 }),
      nonStrictHostAntiAffinity: nonStrict ? membersArb : fc.constant([]),
      nonStrictHostAffinity: nonStrict ? membersArb : fc.constant([]),
    }),
    dedication: fc.record({
      explicit: oneIn(12, fc.constant(true)).map(Boolean),
      tenantDomainPath: fc.constant(['ROOT', 'd1']),
    }),
    ownerIsRootAdmin: mostly(false, true),
    lastHostId: oneIn(2, hostIdArb),
    lastHostReservationHeld: fc.boolean(),
    pinned: fc.record(
      {
        podId: oneIn(15, fc.constantFrom('p1', 'p2')),
        clusterId: oneIn(15, fc.constantFrom('c0', 'c1', 'c2')),
        hostId: oneIn(12, hostIdArb),
      },
      { requiredKeys: [] },
    ),
    // BareMetalPlanner needs the rarer BareMetal clusters: drawn less, so the others get exercised.
    planner: fc.oneof(
      { arbitrary: fc.constantFrom(...planners.filter((p) => p !== 'BareMetalPlanner')), weight: 16 },
      { arbitrary: fc.constant<Planner>('BareMetalPlanner'), weight: 1 },
    ),
    allocator: fc.constantFrom(...hostAllocators),
    seed: fc.integer(),
    accountVmCountByHost: fc.dictionary(hostIdArb, fc.integer({ min: 0, max: 5 }), { maxKeys: 6 }),
  });
};

export const settingsArb: fc.Arbitrary<PlacementSettings> = fc.record(
  {
    clusterThresholdEnabled: fc.constantFrom(true, true, false),
    clusterCpuThreshold: mostly(0.85, 0.5, 1),
    clusterMemoryThreshold: mostly(0.85, 0.5, 1),
    capacityOrdering: fc.constantFrom('CPU', 'RAM', 'COMBINED'),
    cpuToMemoryWeight: fc.constantFrom(0, 0.5, 0.9),
    userDispersionWeight: fc.constantFrom(1, 1, 0.5, 0),
    haTag: oneIn(2, fc.constantFrom('ha', 'gpu')),
    maxHosts: fc.constantFrom(1, 3, Number.POSITIVE_INFINITY),
  },
  {
    requiredKeys: [
      'clusterThresholdEnabled',
      'clusterCpuThreshold',
      'clusterMemoryThreshold',
      'capacityOrdering',
      'cpuToMemoryWeight',
      'userDispersionWeight',
      'maxHosts',
    ],
  },
);

/** A cloud, a request about it and settings. */
export const scenarioArb = (nonStrict = true) =>
  worldArb.chain((world) => fc.tuple(fc.constant(world), requestArb(world, nonStrict), settingsArb));
