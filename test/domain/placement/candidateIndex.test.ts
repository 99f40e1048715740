import { describe, expect, it } from 'vitest';
import {
  clustersByUtilisation,
  indexCandidates,
  planPlacement,
  withCandidate,
} from '../../../src/domain/placement/index.ts';
import { cpuUsed, host, load, request, settings } from './fixtures.ts';

/** Given candidates, when indexed, then cluster aggregates and orders are precomputed and kept by updates. */

const world = [
  cpuUsed('h1', 0.5),
  cpuUsed('h2', 0.25, { clusterId: 'c2' }),
  cpuUsed('h3', 0.75, { clusterId: 'c3' }),
  cpuUsed('h4', 0.25),
];

describe('indexCandidates', () => {
  it('given hosts of several clusters, then they are grouped per cluster in read-model order', () => {
    const index = indexCandidates(world);
    expect(index.clusters.map((c) => [c.clusterId, c.hosts.map((h) => h.hostId)])).toEqual([
      ['c1', ['h1', 'h4']],
      ['c2', ['h2']],
      ['c3', ['h3']],
    ]);
  });

  it('given clusters in pods, then each pod lists its cluster positions', () => {
    const index = indexCandidates([
      host('a', { podId: 'p1' }),
      host('b', { clusterId: 'c2', podId: 'p2' }),
      host('c', { clusterId: 'c3', podId: 'p1' }),
    ]);
    expect(Object.fromEntries(index.clustersByPod)).toEqual({ p1: [0, 2], p2: [1] });
  });

  it('given Enabled and Disabled hosts, then the aggregates sum only the Enabled ones', () => {
    const hosts = [
      host('a', {
        load: load({
          usedCpuMhz: 1_000,
          reservedCpuMhz: 500,
          usedMemoryMiB: 2_048,
          reservedMemoryMiB: 1_024,
        }),
      }),
      host('b', { resourceState: 'Maintenance', load: load({ usedCpuMhz: 9_999 }) }),
      host('c', { size: { ...host('x').size, cpuOverprovisioning: 2, memoryOverprovisioning: 1.5 } }),
    ];
    const [c] = indexCandidates(hosts).clusters;
    expect(c).toMatchObject({
      usedCpuMhz: 1_000,
      reservedCpuMhz: 500,
      totalCpuMhz: 16_000 + 32_000,
      usedMemoryMiB: 2_048,
      reservedMemoryMiB: 1_024,
      totalMemoryMiB: 16_384 + 24_576,
      cpuUtilisation: 1_500 / 48_000,
      memoryUtilisation: 3_072 / 40_960,
    });
  });

  it('given clusters, then the CPU order is ascending by utilisation', () => {
    const index = indexCandidates(world);
    expect(clustersByUtilisation(index, 'CPU', 0.5).map((i) => index.clusters[i]!.clusterId)).toEqual([
      'c2',
      'c1',
      'c3',
    ]);
  });

  it('given the same ordering asked twice, then the memoised order is returned', () => {
    const index = indexCandidates(world);
    expect(clustersByUtilisation(index, 'RAM', 0.5)).toBe(clustersByUtilisation(index, 'RAM', 0.5));
  });
});

describe('withCandidate', () => {
  it('given a reservation on a host, then its cluster moves in the cached order', () => {
    const index = indexCandidates(world);
    clustersByUtilisation(index, 'CPU', 0.5);
    const updated = withCandidate(index, cpuUsed('h2', 1, { clusterId: 'c2' }));
    expect(clustersByUtilisation(updated, 'CPU', 0.5).map((i) => updated.clusters[i]!.clusterId)).toEqual([
      'c1',
      'c3',
      'c2',
    ]);
  });

  it('given a reservation that ties two clusters, then read-model order breaks the tie as a full sort would', () => {
    const index = indexCandidates(world);
    clustersByUtilisation(index, 'CPU', 0.5);
    const updated = withCandidate(index, cpuUsed('h3', 0.25, { clusterId: 'c3' }));
    // c1 averages (0.5 + 0.25) / 2 = 0.375; c2 and c3 now tie at 0.25, c2 first in read-model order.
    expect(clustersByUtilisation(updated, 'CPU', 0.5).map((i) => updated.clusters[i]!.clusterId)).toEqual([
      'c2',
      'c3',
      'c1',
    ]);
  });

  it('given an update, then the original index is untouched', () => {
    const index = indexCandidates(world);
    withCandidate(index, cpuUsed('h2', 1, { clusterId: 'c2' }));
    expect(index.clusters[1]!.hosts[0]!.load.usedCpuMhz).toBe(4_000);
  });

  it('given an update, then unchanged clusters are shared, not copied', () => {
    const index = indexCandidates(world);
    const updated = withCandidate(index, cpuUsed('h2', 1, { clusterId: 'c2' }));
    expect(updated.clusters[0]).toBe(index.clusters[0]);
    expect(updated.clusters[1]).not.toBe(index.clusters[1]);
  });

  it('given a new host, then the index is rebuilt with it', () => {
    const updated = withCandidate(indexCandidates(world), host('h9', { clusterId: 'c9' }));
    expect(planPlacement(request(), updated, settings()).hostIds).toContain('h9');
  });

  it('given a host that moved cluster, then it leaves the old one', () => {
    const updated = withCandidate(indexCandidates(world), cpuUsed('h1', 0.5, { clusterId: 'c3' }));
    expect(updated.clusters.map((c) => [c.clusterId, c.hosts.map((h) => h.hostId)])).toEqual([
      ['c1', ['h4']],
      ['c2', ['h2']],
      ['c3', ['h3', 'h1']],
    ]);
  });

  it('given an index or the plain array, then the plan is the same', () => {
    const req = request({ allocator: 'random', seed: 3 });
    expect(planPlacement(req, indexCandidates(world), settings())).toEqual(
      planPlacement(req, world, settings()),
    );
  });
});
