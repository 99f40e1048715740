/**
 * Placement decisions per second and latency percentiles at 5,000 and 50,000 hosts.
 *
 * One decision = planPlacement over the indexed candidates (what the command side keeps in memory
 * from the capacity read model) + the reservation decision on the first candidate (re-checked with
 * capacity.fits, as the host aggregate does) + applying that reservation to the index. No I/O.
 * VMs are released again (outside the timed section) so the cloud stays at a steady utilisation.
 *
 *   npx tsx bench/placement/decisions.ts [--hosts 5000,50000] [--decisions 20000] [--warmup 3000]
 * Prints one JSON line per scenario.
 */
import { performance } from 'node:perf_hooks';
import { type ComputeRequest, fits, type HostLoad } from '../../src/domain/capacity/index.ts';
import {
  defaultPlacementSettings,
  type HostAllocator,
  type HostCandidate,
  indexCandidates,
  noAffinity,
  type PlacementIndex,
  type PlacementRequest,
  type PlacementSettings,
  type Planner,
  planPlacement,
  withCandidate,
} from '../../src/domain/placement/index.ts';
import { seededRandom } from '../../src/domain/shared/index.ts';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const hostCounts = arg('hosts', '5000,50000').split(',').map(Number);
const decisions = Number(arg('decisions', '20000'));
const warmup = Number(arg('warmup', '3000'));

const HOSTS_PER_CLUSTER = 16;
const CLUSTERS_PER_POD = 8;

/** A KVM zone: 16-host clusters, 8 clusters per pod, mixed host sizes, 40–70 % used, a few tags and faults. */
const cloud = (hosts: number, seed: number): HostCandidate[] => {
  const random = seededRandom(seed);
  return Array.from({ length: hosts }, (_, i): HostCandidate => {
    const cluster = Math.floor(i / HOSTS_PER_CLUSTER);
    const big = random() < 0.5;
    const size = {
      cpuCores: big ? 64 : 32,
      cpuSpeedMhz: 2600,
      memoryMiB: big ? 524_288 : 262_144,
      cpuOverprovisioning: 2,
      memoryOverprovisioning: 1,
    };
    const used = 0.4 + random() * 0.3;
    return {
      hostId: `host-${i}`,
      clusterId: `cluster-${cluster}`,
      podId: `pod-${Math.floor(cluster / CLUSTERS_PER_POD)}`,
      zoneId: 'zone-1',
      hypervisor: 'KVM',
      status: random() < 0.01 ? 'Down' : 'Up',
      resourceState: random() < 0.01 ? 'Maintenance' : 'Enabled',
      tags: random() < 0.1 ? ['ssd'] : [],
      size,
      load: {
        usedCpuMhz: Math.floor(size.cpuCores * size.cpuSpeedMhz * size.cpuOverprovisioning * used),
        usedMemoryMiB: Math.floor(size.memoryMiB * used),
        reservedCpuMhz: 0,
        reservedMemoryMiB: 0,
      },
      runningGuests: Math.floor(used * 60),
      clusterAllocationState: 'Enabled',
      podAllocationState: 'Enabled',
      zoneAllocationState: 'Enabled',
    };
  });
};

const offerings: ComputeRequest[] = [
  { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
  { cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 },
  { cpuNumber: 4, cpuSpeedMhz: 2000, memoryMiB: 8192 },
  { cpuNumber: 8, cpuSpeedMhz: 2600, memoryMiB: 32_768 },
];

type Scenario = { readonly planner: Planner; readonly allocator: HostAllocator };
const scenarios: Scenario[] = [
  { planner: 'FirstFitPlanner', allocator: 'random' },
  { planner: 'FirstFitPlanner', allocator: 'firstfitleastconsumed' },
  { planner: 'UserDispersingPlanner', allocator: 'userdispersing' },
  { planner: 'UserConcentratedPodPlanner', allocator: 'firstfit' },
];

const adding = (load: HostLoad, r: ComputeRequest, sign: 1 | -1): HostLoad => ({
  ...load,
  usedCpuMhz: load.usedCpuMhz + sign * r.cpuNumber * r.cpuSpeedMhz,
  usedMemoryMiB: load.usedMemoryMiB + sign * r.memoryMiB,
});

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const run = (hosts: number, scenario: Scenario) => {
  const world = cloud(hosts, 1);
  const byId = new Map(world.map((h) => [h.hostId, h]));
  let index: PlacementIndex = indexCandidates(world);
  const settings: PlacementSettings = { ...defaultPlacementSettings, maxHosts: 8 };
  const random = seededRandom(2);
  // Placed VMs, oldest first: released after `steady` placements so utilisation stays level.
  const placed: { hostId: string; compute: ComputeRequest; accountId: string }[] = [];
  const steady = 5_000;
  const accountVms = new Map<string, Record<string, number>>();
  const total = warmup + decisions;
  const latencies = new Float64Array(decisions);
  let refused = 0;
  let conflicts = 0;
  let timedMs = 0;

  const setHost = (h: HostCandidate) => {
    byId.set(h.hostId, h);
    index = withCandidate(index, h);
  };

  for (let i = 0; i < total; i++) {
    const accountId = `account-${Math.floor(random() * 500)}`;
    const vms = accountVms.get(accountId) ?? {};
    const compute = offerings[Math.floor(random() * offerings.length)]!;
    const request: PlacementRequest = {
      vmId: `vm-${i}`,
      accountId,
      tenantDomainId: 'domain-1',
      compute,
      hostTags: random() < 0.05 ? ['ssd'] : [],
      storageTags: [],
      haEnabled: false,
      localStorage: false,
      hypervisor: 'KVM',
      affinity: noAffinity,
      dedication: { explicit: false, tenantDomainPath: ['ROOT', 'domain-1'] },
      ownerIsRootAdmin: false,
      pinned: {},
      planner: scenario.planner,
      allocator: scenario.allocator,
      seed: i,
      accountVmCountByHost: vms,
    };

    const started = performance.now();
    const plan = planPlacement(request, index, settings);
    // The reservation decision: the first candidate that really fits takes the VM.
    let chosen: HostCandidate | undefined;
    for (const hostId of plan.hostIds) {
      const h = byId.get(hostId)!;
      if (fits(h.size, h.load, compute)) {
        chosen = h;
        break;
      }
      conflicts++;
    }
    if (chosen)
      setHost({ ...chosen, load: adding(chosen.load, compute, 1), runningGuests: chosen.runningGuests + 1 });
    else refused++;
    const elapsed = performance.now() - started;

    if (i >= warmup) {
      latencies[i - warmup] = elapsed;
      timedMs += elapsed;
    }
    if (chosen) {
      placed.push({ hostId: chosen.hostId, compute, accountId });
      vms[chosen.hostId] = (vms[chosen.hostId] ?? 0) + 1;
      accountVms.set(accountId, vms);
    }
    if (placed.length > steady) {
      const gone = placed.shift()!;
      const h = byId.get(gone.hostId)!;
      setHost({ ...h, load: adding(h.load, gone.compute, -1), runningGuests: h.runningGuests - 1 });
      const counts = accountVms.get(gone.accountId)!;
      counts[gone.hostId]! -= 1;
    }
  }

  latencies.sort();
  return {
    bench: 'placement.decisions',
    hosts,
    clusters: index.clusters.length,
    planner: scenario.planner,
    allocator: scenario.allocator,
    decisions,
    decisionsPerSec: Math.round(decisions / (timedMs / 1000)),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(4)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(4)),
    maxMs: Number(latencies[latencies.length - 1]!.toFixed(4)),
    refused,
    conflicts,
    node: process.version,
  };
};

/** For reference: the same decision from a plain candidate array, which indexes on every call. */
const runUnindexed = (hosts: number) => {
  const world = cloud(hosts, 1);
  const request: PlacementRequest = {
    vmId: 'vm',
    accountId: 'account-1',
    tenantDomainId: 'domain-1',
    compute: offerings[1]!,
    hostTags: [],
    storageTags: [],
    haEnabled: false,
    localStorage: false,
    hypervisor: 'KVM',
    affinity: noAffinity,
    dedication: { explicit: false, tenantDomainPath: ['ROOT', 'domain-1'] },
    ownerIsRootAdmin: false,
    pinned: {},
    planner: 'FirstFitPlanner',
    allocator: 'random',
    seed: 1,
    accountVmCountByHost: {},
  };
  const n = Math.max(50, Math.floor(2_000_000 / hosts));
  for (let i = 0; i < Math.min(n, 100); i++) planPlacement({ ...request, seed: i }, world);
  const latencies = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    planPlacement({ ...request, seed: i }, world);
    latencies[i] = performance.now() - started;
  }
  latencies.sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    bench: 'placement.decisions.unindexed',
    hosts,
    decisions: n,
    decisionsPerSec: Math.round(n / (sum / 1000)),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(4)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(4)),
  };
};

for (const hosts of hostCounts) {
  for (const scenario of scenarios) console.log(JSON.stringify(run(hosts, scenario)));
  console.log(JSON.stringify(runUnindexed(hosts)));
}
