import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fits } from '../../../src/domain/capacity/index.ts';
import {
  clustersByUtilisation,
  freeCapacityScore,
  type HostCandidate,
  indexCandidates,
  type PlacementRequest,
  type PlacementSettings,
  planPlacement,
  withCandidate,
} from '../../../src/domain/placement/index.ts';
import { scenarioArb } from './arbitraries.ts';
import { clusterShare, expectedHostIds, loadFor, mayTake, plannerOf } from './oracle.ts';

const runs = { numRuns: 500 };
const unlimited = (s: PlacementSettings): PlacementSettings => ({ ...s, maxHosts: Number.POSITIVE_INFINITY });

/** Whether position i of the result was judged alone (admin-specified host, or the last host leading). */
const judgedAlone = (req: PlacementRequest, ids: readonly string[], i: number) =>
  req.pinned.hostId !== undefined || (i === 0 && ids[0] === req.lastHostId);

/** The result without a leading last host, split into runs of consecutive hosts of one cluster. */
const clusterRuns = (world: readonly HostCandidate[], req: PlacementRequest, ids: readonly string[]) => {
  const byId = new Map(world.map((h) => [h.hostId, h]));
  const walked = ids[0] !== undefined && ids[0] === req.lastHostId ? ids.slice(1) : ids;
  const runs: HostCandidate[][] = [];
  for (const id of walked) {
    const h = byId.get(id)!;
    const last = runs.at(-1);
    if (last && last[0]!.clusterId === h.clusterId) last.push(h);
    else runs.push([h]);
  }
  return runs;
};

const noPriorities = (req: PlacementRequest) =>
  req.affinity.nonStrictHostAffinity.length === 0 && req.affinity.nonStrictHostAntiAffinity.length === 0;

describe('planPlacement properties', () => {
  it('never returns a host without room for the request (re-checked with capacity.fits)', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        const byId = new Map(world.map((h) => [h.hostId, h]));
        const { hostIds } = planPlacement(req, world, s);
        hostIds.forEach((id, i) => {
          const h = byId.get(id)!;
          // Only a leading last host may count the VM's own held reservation as room.
          const seen = judgedAlone(req, hostIds, i) ? loadFor(req, h) : h.load;
          expect(fits(h.size, seen, req.compute)).toBe(true);
        });
      }),
      runs,
    );
  });

  it('returns only hosts that pass every filter', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        const byId = new Map(world.map((h) => [h.hostId, h]));
        const { hostIds } = planPlacement(req, world, s);
        hostIds.forEach((id, i) => {
          expect(mayTake(world, byId.get(id)!, req, s, judgedAlone(req, hostIds, i))).toBe(true);
        });
      }),
      runs,
    );
  });

  it('returns every host that passes every filter when nothing limits the count, each once', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        const { hostIds } = planPlacement(req, world, unlimited(s));
        expect(new Set(hostIds).size).toBe(hostIds.length);
        expect(new Set(hostIds)).toEqual(expectedHostIds(world, req, s));
      }),
      runs,
    );
  });

  it('returns at most maxHosts hosts, the best ones of the unlimited answer', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        const limited = planPlacement(req, world, s).hostIds;
        const all = planPlacement(req, world, unlimited(s)).hostIds;
        expect(limited).toEqual(all.slice(0, Math.min(all.length, s.maxHosts)));
      }),
      runs,
    );
  });

  it('puts an eligible last host first and otherwise answers as if there were none', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        fc.pre(req.pinned.hostId === undefined && req.lastHostId !== undefined);
        const last = world.find((h) => h.hostId === req.lastHostId);
        const eligible = last !== undefined && mayTake(world, last, req, s, true);
        const withLast = planPlacement(req, world, unlimited(s)).hostIds;
        const without = planPlacement({ ...req, lastHostId: undefined }, world, unlimited(s)).hostIds;
        const expected = eligible
          ? [req.lastHostId!, ...without.filter((id) => id !== req.lastHostId)]
          : without;
        // A shuffle draws once per host, so taking the last host out of the walk reorders the rest.
        if (req.allocator === 'random') expect([...withLast].sort()).toEqual([...expected].sort());
        else expect(withLast).toEqual(expected);
        if (eligible) expect(withLast[0]).toBe(req.lastHostId);
      }),
      runs,
    );
  });

  it('walks clusters in ascending utilisation under FirstFit, SkipHeuristics and BareMetal planners', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        fc.pre(['FirstFitPlanner', 'SkipHeuristicsPlanner', 'BareMetalPlanner'].includes(plannerOf(req)));
        const runs = clusterRuns(world, req, planPlacement(req, world, unlimited(s)).hostIds);
        const clusters = runs.map((r) => r[0]!.clusterId);
        expect(new Set(clusters).size).toBe(clusters.length);
        const shares = clusters.map((c) => clusterShare(world, c, s.capacityOrdering, s.cpuToMemoryWeight));
        for (let i = 1; i < shares.length; i++)
          expect(shares[i]!).toBeGreaterThanOrEqual(shares[i - 1]! - 1e-12);
      }),
      runs,
    );
  });

  it('walks clusters holding fewer of the account’s VMs first under UserDispersingPlanner (weight 1)', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        fc.pre(plannerOf(req) === 'UserDispersingPlanner' && s.userDispersionWeight === 1);
        const vmsIn = (clusterId: string) =>
          world
            .filter((h) => h.clusterId === clusterId)
            .reduce((n, h) => n + (req.accountVmCountByHost[h.hostId] ?? 0), 0);
        const counts = clusterRuns(world, req, planPlacement(req, world, unlimited(s)).hostIds).map((r) =>
          vmsIn(r[0]!.clusterId),
        );
        for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
      }),
      runs,
    );
  });

  it('walks pods holding the account’s VMs before the others under UserConcentratedPodPlanner', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        fc.pre(plannerOf(req) === 'UserConcentratedPodPlanner');
        const holding = new Set(
          world.filter((h) => (req.accountVmCountByHost[h.hostId] ?? 0) > 0).map((h) => h.podId),
        );
        const flags = clusterRuns(world, req, planPlacement(req, world, unlimited(s)).hostIds).map((r) =>
          holding.has(r[0]!.podId),
        );
        expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
      }),
      runs,
    );
  });

  it('orders hosts inside a cluster by the allocator’s rule (without non-strict affinity)', () => {
    fc.assert(
      fc.property(scenarioArb(false), ([world, req, s]) => {
        const position = new Map(world.map((h, i) => [h.hostId, i]));
        const vms = (h: HostCandidate) => req.accountVmCountByHost[h.hostId] ?? 0;
        const score = (h: HostCandidate) => freeCapacityScore(h, s.capacityOrdering, s.cpuToMemoryWeight);
        for (const run of clusterRuns(world, req, planPlacement(req, world, unlimited(s)).hostIds)) {
          for (let i = 1; i < run.length; i++) {
            const [a, b] = [run[i - 1]!, run[i]!];
            if (req.allocator === 'firstfit')
              expect(position.get(b.hostId)!).toBeGreaterThan(position.get(a.hostId)!);
            if (req.allocator === 'userdispersing') expect(vms(b)).toBeGreaterThanOrEqual(vms(a));
            if (req.allocator === 'firstfitleastconsumed') expect(score(b)).toBeLessThanOrEqual(score(a));
          }
        }
      }),
      runs,
    );
  });

  it('lets non-strict affinity only re-rank: the same hosts come back as without it', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        fc.pre(!noPriorities(req));
        const plain = {
          ...req,
          affinity: { ...req.affinity, nonStrictHostAffinity: [], nonStrictHostAntiAffinity: [] },
        };
        const ranked = planPlacement(req, world, unlimited(s)).hostIds;
        expect([...ranked].sort()).toEqual([...planPlacement(plain, world, unlimited(s)).hostIds].sort());
      }),
      runs,
    );
  });

  it('is deterministic for a seed under the random allocator, and offers the same hosts as firstfit', () => {
    fc.assert(
      fc.property(scenarioArb(), ([world, req, s]) => {
        const random = { ...req, allocator: 'random' as const };
        const once = planPlacement(random, world, unlimited(s)).hostIds;
        expect(planPlacement(random, world, unlimited(s)).hostIds).toEqual(once);
        const firstFit = planPlacement({ ...req, allocator: 'firstfit' }, world, unlimited(s)).hostIds;
        expect([...once].sort()).toEqual([...firstFit].sort());
      }),
      runs,
    );
  });

  it('answers the same from an index kept up to date with withCandidate as from the plain list', () => {
    const updatesArb = fc.array(
      // Few distinct loads, so clusters often tie and the tie-breaking of the cached orders is exercised.
      fc.record({
        at: fc.nat(),
        usedCpuMhz: fc.constantFrom(0, 2_000, 8_000, 40_000),
        usedMemoryMiB: fc.constantFrom(0, 4_096, 60_000),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(scenarioArb(), updatesArb, ([world, req, s], updates) => {
        fc.pre(world.length > 0);
        let index = indexCandidates(world);
        for (const ordering of ['CPU', 'RAM', 'COMBINED'] as const)
          clustersByUtilisation(index, ordering, s.cpuToMemoryWeight);
        const current = world.slice();
        for (const u of updates) {
          const i = u.at % current.length;
          const h = current[i]!;
          current[i] = {
            ...h,
            load: { ...h.load, usedCpuMhz: u.usedCpuMhz, usedMemoryMiB: u.usedMemoryMiB },
          };
          index = withCandidate(index, current[i]!);
        }
        expect(planPlacement(req, index, s)).toEqual(planPlacement(req, current, s));
      }),
      runs,
    );
  });
});
