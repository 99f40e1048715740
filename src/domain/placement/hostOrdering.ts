import { freeCpuMhz, freeMemoryMiB, totalCpuMhz, totalMemoryMiB, utilisation } from '../capacity/index.ts';
import { invalid, type Random } from '../shared/index.ts';
import type { RequestContext } from './hostFilters.ts';
import type { CapacityOrdering, HostCandidate, PlacementSettings } from './placement.types.ts';

/** Host order inside one cluster (§8.4, `vm.allocation.algorithm`), then non-strict affinity (§8.5). */

/**
 * What `firstfitleastconsumed` ranks by (descending): free MHz for CPU, free MiB for RAM, and for
 * COMBINED the weighted free shares, since MHz and MiB can't be added.
 */
export const freeCapacityScore = (
  host: HostCandidate,
  ordering: CapacityOrdering,
  cpuWeight: number,
): number => {
  if (ordering === 'CPU') return freeCpuMhz(host.size, host.load);
  if (ordering === 'RAM') return freeMemoryMiB(host.size, host.load);
  const { load, size } = host;
  const cpuFree = 1 - utilisation(load.usedCpuMhz + load.reservedCpuMhz, totalCpuMhz(size));
  const memoryFree = 1 - utilisation(load.usedMemoryMiB + load.reservedMemoryMiB, totalMemoryMiB(size));
  return cpuWeight * cpuFree + (1 - cpuWeight) * memoryFree;
};

export const accountVmsOn = (ctx: RequestContext, hostId: string): number =>
  ctx.request.accountVmCountByHost[hostId] ?? 0;

/** Fisher–Yates with the request's seeded stream: the same seed and candidates give the same order. */
const shuffle = (hosts: HostCandidate[], random: Random): void => {
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = hosts[i]!;
    hosts[i] = hosts[j]!;
    hosts[j] = t;
  }
};

/** Orders one cluster's eligible hosts in place. `random` is only drawn from by the random allocator. */
export const orderHosts = (
  hosts: HostCandidate[],
  ctx: RequestContext,
  settings: PlacementSettings,
  random: Random,
): void => {
  if (hosts.length > 1) {
    switch (ctx.request.allocator) {
      case 'firstfit':
        break;
      case 'random':
        shuffle(hosts, random);
        break;
      case 'userdispersing':
        hosts.sort((a, b) => accountVmsOn(ctx, a.hostId) - accountVmsOn(ctx, b.hostId));
        break;
      case 'firstfitleastconsumed': {
        const { capacityOrdering: o, cpuToMemoryWeight: w } = settings;
        hosts.sort((a, b) => freeCapacityScore(b, o, w) - freeCapacityScore(a, o, w));
        break;
      }
      default: {
        const unknown: never = ctx.request.allocator;
        throw invalid('PLACEMENT_ALLOCATOR_UNKNOWN', `There is no host allocator named ${String(unknown)}`, {
          allocator: unknown,
        });
      }
    }
  }
  const priorities = ctx.priorities;
  // Non-strict affinity only re-ranks: a stable sort keeps the allocator's order among equal priorities.
  if (priorities && hosts.length > 1)
    hosts.sort((a, b) => (priorities.get(b.hostId) ?? 0) - (priorities.get(a.hostId) ?? 0));
};
