import { describe, expect, it } from 'vitest';
import { type HostCandidate, type Planner, planPlacement } from '../../../src/domain/placement/index.ts';
import { host, load, request, settings } from './fixtures.ts';

/** Given clusters with different use, when planning, then each planner visits them in its own order (§8.3). */

/** One host per cluster; cluster cN in pod pN unless told. */
const clusterHost = (
  n: number,
  usedCpuMhz: number,
  usedMemoryMiB: number,
  extra: Partial<HostCandidate> = {},
) =>
  host(`h${n}`, { clusterId: `c${n}`, podId: `p${n}`, load: load({ usedCpuMhz, usedMemoryMiB }), ...extra });

// CPU use: c1 50%, c2 10%, c3 30%. Memory use: c1 0%, c2 60%, c3 25%.
const world = [clusterHost(1, 8_000, 0), clusterHost(2, 1_600, 9_830), clusterHost(3, 4_800, 4_096)];
const ids = (planner: Planner, s = settings(), extra = {}) =>
  planPlacement(request({ planner, ...extra }), world, s).hostIds;

describe('FirstFitPlanner: ascending utilisation of the configured capacity type', () => {
  it('given the default (CPU), then the least CPU-used cluster comes first', () => {
    expect(ids('FirstFitPlanner')).toEqual(['h2', 'h3', 'h1']);
  });

  it('given RAM ordering, then the least memory-used cluster comes first', () => {
    expect(ids('FirstFitPlanner', settings({ capacityOrdering: 'RAM' }))).toEqual(['h1', 'h3', 'h2']);
  });

  it('given COMBINED with CPU weight 0.5, then the mean of both shares orders them', () => {
    // c1: 0.25, c2: 0.35, c3: 0.275
    expect(ids('FirstFitPlanner', settings({ capacityOrdering: 'COMBINED' }))).toEqual(['h1', 'h3', 'h2']);
  });

  it('given COMBINED with CPU weight 0.9, then CPU dominates', () => {
    // c1: 0.45, c2: 0.15, c3: 0.295
    const s = settings({ capacityOrdering: 'COMBINED', cpuToMemoryWeight: 0.9 });
    expect(ids('FirstFitPlanner', s)).toEqual(['h2', 'h3', 'h1']);
  });

  it('given clusters equally used, then the read-model order breaks the tie', () => {
    const same = [clusterHost(3, 0, 0), clusterHost(1, 0, 0), clusterHost(2, 0, 0)];
    expect(planPlacement(request(), same, settings()).hostIds).toEqual(['h3', 'h1', 'h2']);
  });

  it('given SkipHeuristicsPlanner, then the order is FirstFit’s', () => {
    expect(ids('SkipHeuristicsPlanner')).toEqual(['h2', 'h3', 'h1']);
  });
});

describe('UserDispersingPlanner: clusters holding fewer of the account’s VMs first', () => {
  it('given the account has no VMs, then the capacity order stands', () => {
    expect(ids('UserDispersingPlanner')).toEqual(['h2', 'h3', 'h1']);
  });

  it('given weight 1 and account VMs on h2 (3) and h3 (1), then empty c1 first, then c3, then c2', () => {
    const extra = { accountVmCountByHost: { h2: 3, h3: 1 } };
    expect(ids('UserDispersingPlanner', settings(), extra)).toEqual(['h1', 'h3', 'h2']);
  });

  it('given weight 0.5, then capacity share and VM share are mixed', () => {
    // keys: c1 0.5×0.5 + 0 = 0.25; c2 0.1×0.5 + 0.5×0.5 = 0.3; c3 0.3×0.5 + 0.5×0.5 = 0.4
    const extra = { accountVmCountByHost: { h2: 1, h3: 1 } };
    const s = settings({ userDispersionWeight: 0.5 });
    expect(ids('UserDispersingPlanner', s, extra)).toEqual(['h1', 'h2', 'h3']);
  });

  it('given weight 0, then only capacity counts', () => {
    const extra = { accountVmCountByHost: { h2: 5 } };
    expect(ids('UserDispersingPlanner', settings({ userDispersionWeight: 0 }), extra)).toEqual([
      'h2',
      'h3',
      'h1',
    ]);
  });

  it('given counts for hosts that are not candidates, then they are ignored', () => {
    const extra = { accountVmCountByHost: { gone: 9 } };
    expect(ids('UserDispersingPlanner', settings(), extra)).toEqual(['h2', 'h3', 'h1']);
  });
});

describe('UserConcentratedPodPlanner: pods already holding the account’s VMs first', () => {
  it('given the account has no VMs, then the capacity order stands', () => {
    expect(ids('UserConcentratedPodPlanner')).toEqual(['h2', 'h3', 'h1']);
  });

  it('given account VMs in pod p1, then p1’s cluster comes first despite its use', () => {
    const extra = { accountVmCountByHost: { h1: 1 } };
    expect(ids('UserConcentratedPodPlanner', settings(), extra)).toEqual(['h1', 'h2', 'h3']);
  });

  it('given account VMs in p3 (2) and p1 (5), then the pod with more VMs leads', () => {
    const extra = { accountVmCountByHost: { h3: 2, h1: 5 } };
    expect(ids('UserConcentratedPodPlanner', settings(), extra)).toEqual(['h1', 'h3', 'h2']);
  });

  it('given two pods with as many of the account’s VMs, then the pod with the less used holding cluster leads', () => {
    // p1 holds h1 (50 % CPU), p3 holds h3 (30 % CPU): one VM each.
    const extra = { accountVmCountByHost: { h1: 1, h3: 1 } };
    expect(ids('UserConcentratedPodPlanner', settings(), extra)).toEqual(['h3', 'h1', 'h2']);
  });

  it('given a pod with VMs on one cluster, then all its clusters come first, in capacity order', () => {
    const pod = [
      clusterHost(1, 8_000, 0, { podId: 'p1' }),
      clusterHost(2, 1_600, 0, { podId: 'p2' }),
      clusterHost(3, 4_800, 0, { podId: 'p1' }),
    ];
    const req = request({ planner: 'UserConcentratedPodPlanner', accountVmCountByHost: { h1: 1 } });
    expect(planPlacement(req, pod, settings()).hostIds).toEqual(['h3', 'h1', 'h2']);
  });
});
