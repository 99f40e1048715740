import { describe, expect, it } from 'vitest';
import { type HostCandidate, type Planner, planPlacement } from '../../../src/domain/placement/index.ts';
import { host, load, request, settings } from './fixtures.ts';

/** Given clusters, when planning, then the cluster rules of §2.4 and §8.1/§8.3 keep or skip them. */

describe('disabled zones, pods and clusters (the root-admin trap)', () => {
  const rows: { level: string; disabled: Partial<HostCandidate>; reason: string }[] = [
    { level: 'cluster', disabled: { clusterAllocationState: 'Disabled' }, reason: 'cluster_disabled' },
    { level: 'pod', disabled: { podAllocationState: 'Disabled' }, reason: 'pod_disabled' },
    { level: 'zone', disabled: { zoneAllocationState: 'Disabled' }, reason: 'zone_disabled' },
  ];

  it.each(rows)('given a disabled $level, when a non-root-admin owner deploys, then it is skipped', (row) => {
    const p = planPlacement(
      request(),
      [host('h1', row.disabled), host('h2', { clusterId: 'c2' })],
      settings(),
    );
    expect(p.hostIds).toEqual(['h2']);
    expect(p.clusterExclusions[row.reason as 'cluster_disabled']).toBe(1);
  });

  it.each(rows)('given a disabled $level, when a root admin owns the VM, then it is used', (row) => {
    const p = planPlacement(request({ ownerIsRootAdmin: true }), [host('h1', row.disabled)], settings());
    expect(p.hostIds).toEqual(['h1']);
  });

  it('given one host row still saying its cluster is Enabled, then the cluster counts as Disabled', () => {
    const hosts = [host('h1', { clusterAllocationState: 'Disabled' }), host('h2')];
    expect(planPlacement(request(), hosts, settings()).hostIds).toEqual([]);
  });
});

describe('cluster disable thresholds (0.85, request included, overcommitted totals)', () => {
  // Two 16,000 MHz hosts: 32,000 MHz in the cluster; the VM asks 1,000 MHz.
  const cluster = (usedMhz: number, extra: Partial<HostCandidate> = {}) => [
    host('h1', { load: load({ usedCpuMhz: usedMhz }), ...extra }),
    host('h2', { load: load({ usedCpuMhz: usedMhz }), ...extra }),
  ];

  it('given (used + request) / total above 0.85 for CPU, then the cluster is skipped', () => {
    // (2 × 13,200 + 1,000) / 32,000 = 0.856
    const p = planPlacement(request(), cluster(13_200), settings());
    expect(p.hostIds).toEqual([]);
    expect(p.clusterExclusions.cpu_threshold).toBe(1);
  });

  it('given (used + request) / total exactly 0.85, then the cluster is kept (only above excludes)', () => {
    // (2 × 13,100 + 1,000) / 32,000 = 0.85
    expect(planPlacement(request(), cluster(13_100), settings()).hostIds).toEqual(['h1', 'h2']);
  });

  it('given the same use without the request counted it would pass, then the request still tips it over', () => {
    // used alone: 27,000 / 32,000 = 0.84375; with the request 0.875
    const p = planPlacement(request(), cluster(13_500), settings());
    expect(p.clusterExclusions.cpu_threshold).toBe(1);
  });

  it('given reserved capacity of stopped VMs, then it counts towards the threshold', () => {
    const hosts = [host('h1', { load: load({ usedCpuMhz: 10_000, reservedCpuMhz: 4_000 }) })];
    expect(planPlacement(request(), hosts, settings()).clusterExclusions.cpu_threshold).toBe(1);
  });

  it('given a memory share above 0.85 after the request, then the cluster is skipped for memory', () => {
    const hosts = [host('h1', { load: load({ usedMemoryMiB: 13_500 }) })];
    const p = planPlacement(request(), hosts, settings());
    expect(p.clusterExclusions.memory_threshold).toBe(1);
  });

  it('given CPU overcommit 2, then the threshold uses the overcommitted total', () => {
    const size = { ...host('x').size, cpuOverprovisioning: 2 };
    expect(planPlacement(request(), cluster(13_200, { size }), settings()).hostIds).toEqual(['h1', 'h2']);
  });

  it('given cluster.threshold.enabled = false, then no threshold applies', () => {
    const s = settings({ clusterThresholdEnabled: false });
    expect(planPlacement(request(), cluster(13_200), s).hostIds).toEqual(['h1', 'h2']);
  });

  it('given a threshold configured at 0.9, then 0.856 passes', () => {
    const s = settings({ clusterCpuThreshold: 0.9 });
    expect(planPlacement(request(), cluster(13_200), s).hostIds).toEqual(['h1', 'h2']);
  });

  it.each<Planner>(['SkipHeuristicsPlanner'])(
    'given the %s (HA restarts), then thresholds are not applied',
    (planner) => {
      expect(planPlacement(request({ planner }), cluster(13_200), settings()).hostIds).toEqual(['h1', 'h2']);
    },
  );

  it('given a disabled host in the cluster, then its capacity is not part of the total', () => {
    // Without h3's 16,000 MHz: (13,200 × 2 + 1,000) / 32,000 = 0.856 → skipped.
    const hosts = [...cluster(13_200), host('h3', { resourceState: 'Disabled' })];
    expect(planPlacement(request(), hosts, settings()).clusterExclusions.cpu_threshold).toBe(1);
  });
});
