import { describe, expect, it } from 'vitest';
import {
  defaultPlacementSettings,
  placedHostsOrThrow,
  planPlacement,
} from '../../../src/domain/placement/index.ts';
import { DomainError } from '../../../src/domain/shared/index.ts';
import { cpuUsed, host, load, request, settings } from './fixtures.ts';

/** Given candidates, when planning, then the §8.2 pipeline steps decide what is tried and in which order. */

// c2 is the least used cluster, so FirstFit starts there.
const world = [
  cpuUsed('h1', 0.5),
  cpuUsed('h2', 0.5),
  cpuUsed('h3', 0.1, { clusterId: 'c2', podId: 'p2' }),
  cpuUsed('h4', 0.1, { clusterId: 'c2', podId: 'p2' }),
];

describe('admin-specified host', () => {
  it('given a pinned host, then only that host is offered even if others rank higher', () => {
    expect(planPlacement(request({ pinned: { hostId: 'h2' } }), world, settings()).hostIds).toEqual(['h2']);
  });

  it('given a pinned host that is down, then nothing is offered and the reason says why', () => {
    const hosts = [host('h1', { status: 'Down' }), host('h2')];
    const p = planPlacement(request({ pinned: { hostId: 'h1' } }), hosts, settings());
    expect(p.hostIds).toEqual([]);
    expect(p.hostExclusions.not_up).toBe(1);
  });

  it('given a pinned host that is not a candidate, then the reason is unknown_host', () => {
    const p = planPlacement(request({ pinned: { hostId: 'nope' } }), world, settings());
    expect(p.hostIds).toEqual([]);
    expect(p.hostExclusions.unknown_host).toBe(1);
  });

  it('given a pinned host outside the pinned cluster, then it is out of scope', () => {
    const p = planPlacement(request({ pinned: { hostId: 'h3', clusterId: 'c1' } }), world, settings());
    expect(p.hostExclusions.out_of_scope).toBe(1);
  });

  it('given a pinned host in a cluster past its threshold, then the admin’s choice stands', () => {
    const hosts = [host('h1', { load: load({ usedCpuMhz: 14_500 }) })];
    expect(planPlacement(request({ pinned: { hostId: 'h1' } }), hosts, settings()).hostIds).toEqual(['h1']);
  });

  it('given a pinned host in a disabled cluster, then a non-root-admin owner still may not use it', () => {
    const hosts = [host('h1', { clusterAllocationState: 'Disabled' })];
    const p = planPlacement(request({ pinned: { hostId: 'h1' } }), hosts, settings());
    expect(p.clusterExclusions.cluster_disabled).toBe(1);
  });
});

describe('pinned pod or cluster', () => {
  it('given a pinned cluster, then only its hosts are offered', () => {
    expect(planPlacement(request({ pinned: { clusterId: 'c1' } }), world, settings()).hostIds).toEqual([
      'h1',
      'h2',
    ]);
  });

  it('given a pinned pod, then only its clusters are walked', () => {
    expect(planPlacement(request({ pinned: { podId: 'p1' } }), world, settings()).hostIds).toEqual([
      'h1',
      'h2',
    ]);
  });
});

describe('last host first', () => {
  it('given an eligible last host, then it leads and is not repeated', () => {
    const p = planPlacement(request({ lastHostId: 'h2' }), world, settings());
    expect(p.hostIds).toEqual(['h2', 'h3', 'h4', 'h1']);
  });

  it('given a last host that is down, then the planner order applies', () => {
    const hosts = world.map((h) => (h.hostId === 'h2' ? { ...h, status: 'Down' as const } : h));
    expect(planPlacement(request({ lastHostId: 'h2' }), hosts, settings()).hostIds).toEqual([
      'h3',
      'h4',
      'h1',
    ]);
  });

  it('given a last host outside the pinned cluster, then it does not lead', () => {
    const p = planPlacement(request({ lastHostId: 'h3', pinned: { clusterId: 'c1' } }), world, settings());
    expect(p.hostIds).toEqual(['h1', 'h2']);
  });

  it('given a last host whose cluster crossed its threshold, then it still leads (its capacity comes back)', () => {
    const hosts = [host('h1', { load: load({ usedCpuMhz: 14_000 }) }), host('h2', { clusterId: 'c2' })];
    expect(planPlacement(request({ lastHostId: 'h1' }), hosts, settings()).hostIds).toEqual(['h1', 'h2']);
  });

  it('given a full last host holding the VM’s own reservation, then the VM fits back', () => {
    const full = load({
      usedCpuMhz: 15_000,
      reservedCpuMhz: 1_000,
      usedMemoryMiB: 15_360,
      reservedMemoryMiB: 1_024,
    });
    const hosts = [host('h1', { load: full })];
    const req = request({ lastHostId: 'h1', lastHostReservationHeld: true });
    expect(planPlacement(req, hosts, settings()).hostIds).toEqual(['h1']);
  });

  it('given the same full last host without a held reservation, then it has no room', () => {
    const full = load({
      usedCpuMhz: 15_000,
      reservedCpuMhz: 1_000,
      usedMemoryMiB: 15_360,
      reservedMemoryMiB: 1_024,
    });
    const p = planPlacement(request({ lastHostId: 'h1' }), [host('h1', { load: full })], settings());
    expect(p.hostIds).toEqual([]);
  });

  it('given a held reservation, then it only helps on the last host itself', () => {
    const full = load({ usedCpuMhz: 15_000, reservedCpuMhz: 1_000 });
    const hosts = [host('h1'), host('h2', { load: full })];
    const req = request({ lastHostId: 'h1', lastHostReservationHeld: true });
    expect(planPlacement(req, hosts, settings()).hostIds).toEqual(['h1']);
  });
  it('given a held reservation, then a pinned host other than the last host gets no such room', () => {
    const full = load({ usedCpuMhz: 15_000, reservedCpuMhz: 1_000 });
    const hosts = [host('h1', { load: full }), host('h2')];
    const req = request({ pinned: { hostId: 'h1' }, lastHostId: 'h2', lastHostReservationHeld: true });
    const p = planPlacement(req, hosts, settings());
    expect(p.hostIds).toEqual([]);
    expect(p.hostExclusions.cpu_capacity).toBe(1);
  });
});

describe('maxHosts', () => {
  it('given more eligible hosts than maxHosts, then only the best ones are returned', () => {
    expect(planPlacement(request(), world, settings({ maxHosts: 3 })).hostIds).toEqual(['h3', 'h4', 'h1']);
  });

  it('given the defaults, then at most 16 hosts come back', () => {
    const many = Array.from({ length: 40 }, (_, i) => host(`h${i}`, { clusterId: `c${i % 4}` }));
    expect(planPlacement(request(), many, defaultPlacementSettings).hostIds).toHaveLength(16);
  });

  it('given an eligible last host and maxHosts 1, then only the last host is returned', () => {
    expect(planPlacement(request({ lastHostId: 'h1' }), world, settings({ maxHosts: 1 })).hostIds).toEqual([
      'h1',
    ]);
  });
});

describe('BareMetal', () => {
  const bare = (id: string, extra = {}) => host(id, { hypervisor: 'BareMetal', clusterId: 'bm', ...extra });

  it('given a BareMetal template under FirstFitPlanner, then BareMetalPlanner is used', () => {
    const p = planPlacement(request({ hypervisor: 'BareMetal' }), [bare('b1')], settings());
    expect(p.planner).toBe('BareMetalPlanner');
  });

  it('given BareMetalPlanner, then only BareMetal hosts are offered', () => {
    const p = planPlacement(request({ hypervisor: 'BareMetal' }), [...world, bare('b1')], settings());
    expect(p.hostIds).toEqual(['b1']);
  });

  it('given BareMetalPlanner and a template of another hypervisor, then no host matches', () => {
    const p = planPlacement(request({ planner: 'BareMetalPlanner' }), [...world, bare('b1')], settings());
    expect(p.hostIds).toEqual([]);
    expect(p.hostExclusions.hypervisor_mismatch).toBe(5);
  });

  it('given a BareMetal host already running a VM, then it takes no second one', () => {
    const p = planPlacement(
      request({ hypervisor: 'BareMetal' }),
      [bare('b1', { runningGuests: 1 }), bare('b2')],
      settings(),
    );
    expect(p.hostIds).toEqual(['b2']);
    expect(p.hostExclusions.max_guests).toBe(1);
  });

  it('given a VM asking for the whole machine, then no cluster threshold stands in the way', () => {
    const whole = { cpuNumber: 8, cpuSpeedMhz: 2000, memoryMiB: 16_384 };
    const p = planPlacement(request({ hypervisor: 'BareMetal', compute: whole }), [bare('b1')], settings());
    expect(p.hostIds).toEqual(['b1']);
  });
});

describe('placedHostsOrThrow', () => {
  it('given a plan with hosts, then it returns them', () => {
    expect(placedHostsOrThrow(planPlacement(request(), world, settings()))).toEqual(['h3', 'h4', 'h1', 'h2']);
  });

  it('given an empty plan, then it refuses with PLACEMENT_NO_HOST naming the reasons', () => {
    const hosts = [host('h1', { status: 'Down' }), host('h2')];
    const plan = planPlacement(request({ hostTags: ['gpu'] }), hosts, settings());
    let refusal: unknown;
    try {
      placedHostsOrThrow(plan);
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    const err = refusal as DomainError;
    expect(err.code).toBe('PLACEMENT_NO_HOST');
    expect(err.kind).toBe('insufficient_capacity');
    expect(err.message).toContain('not_up ×1, host_tags ×1');
    expect(err.details).toEqual({
      planner: 'FirstFitPlanner',
      clusterExclusions: {},
      hostExclusions: { not_up: 1, host_tags: 1 },
    });
  });

  it('given no candidates at all, then the message says so', () => {
    expect(() => placedHostsOrThrow(planPlacement(request(), []))).toThrow(/no candidate hosts/);
  });
});
