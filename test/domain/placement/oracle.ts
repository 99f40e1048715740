import { fits, type HostLoad } from '../../../src/domain/capacity/index.ts';
import { capabilitiesOf } from '../../../src/domain/hypervisor/index.ts';
import type {
  CapacityOrdering,
  HostCandidate,
  PlacementRequest,
  PlacementSettings,
  Planner,
} from '../../../src/domain/placement/index.ts';

/**
 * The placement rules restated the plain way (no index, no shortcuts), for the property tests to
 * judge planPlacement's answers against.
 */

export const plannerOf = (req: PlacementRequest): Planner =>
  req.hypervisor === 'BareMetal' ? 'BareMetalPlanner' : req.planner;

const enabledHostsOf = (world: readonly HostCandidate[], clusterId: string) =>
  world.filter((h) => h.clusterId === clusterId && h.resourceState === 'Enabled');

export type ClusterSums = { used: number; total: number };

export const clusterSums = (world: readonly HostCandidate[], clusterId: string, kind: 'cpu' | 'memory') => {
  let used = 0;
  let total = 0;
  for (const h of enabledHostsOf(world, clusterId)) {
    if (kind === 'cpu') {
      used += h.load.usedCpuMhz + h.load.reservedCpuMhz;
      total += h.size.cpuCores * h.size.cpuSpeedMhz * h.size.cpuOverprovisioning;
    } else {
      used += h.load.usedMemoryMiB + h.load.reservedMemoryMiB;
      total += h.size.memoryMiB * h.size.memoryOverprovisioning;
    }
  }
  return { used, total };
};

const share = ({ used, total }: ClusterSums) => (total <= 0 ? 1 : used / total);

export const clusterShare = (
  world: readonly HostCandidate[],
  clusterId: string,
  ordering: CapacityOrdering,
  cpuWeight: number,
): number => {
  const cpu = share(clusterSums(world, clusterId, 'cpu'));
  const memory = share(clusterSums(world, clusterId, 'memory'));
  return ordering === 'CPU' ? cpu : ordering === 'RAM' ? memory : cpuWeight * cpu + (1 - cpuWeight) * memory;
};

/** The load the VM competes with on a host: its own held reservation is free again on its last host. */
export const loadFor = (req: PlacementRequest, h: HostCandidate): HostLoad =>
  req.lastHostReservationHeld && h.hostId === req.lastHostId
    ? {
        ...h.load,
        reservedCpuMhz: Math.max(0, h.load.reservedCpuMhz - req.compute.cpuNumber * req.compute.cpuSpeedMhz),
        reservedMemoryMiB: Math.max(0, h.load.reservedMemoryMiB - req.compute.memoryMiB),
      }
    : h.load;

const crossesThreshold = (
  world: readonly HostCandidate[],
  h: HostCandidate,
  req: PlacementRequest,
  s: PlacementSettings,
) => {
  const cpu = clusterSums(world, h.clusterId, 'cpu');
  const memory = clusterSums(world, h.clusterId, 'memory');
  const asked = req.compute.cpuNumber * req.compute.cpuSpeedMhz;
  return (
    (cpu.total > 0 && (cpu.used + asked) / cpu.total > s.clusterCpuThreshold) ||
    (memory.total > 0 && (memory.used + req.compute.memoryMiB) / memory.total > s.clusterMemoryThreshold)
  );
};

const dedicationAllows = (h: HostCandidate, req: PlacementRequest): boolean => {
  const d = h.dedicatedTo;
  const owned =
    d !== undefined &&
    (d.accountId !== undefined
      ? d.accountId === req.accountId
      : [req.tenantDomainId, ...req.dedication.tenantDomainPath].includes(d.tenantDomainId));
  if (req.dedication.explicit) return owned;
  return d === undefined || (d.scope === 'zone' && (req.ownerIsRootAdmin || owned));
};

const othersOn = (req: PlacementRequest, members: readonly { vmId: string; hostId: string }[]) =>
  new Set(members.filter((m) => m.vmId !== req.vmId).map((m) => m.hostId));

/**
 * Whether the host may take the VM. `alone`: judged as the admin-specified or last host (no
 * thresholds); otherwise as part of the cluster walk (pinned scope and thresholds apply).
 */
export const mayTake = (
  world: readonly HostCandidate[],
  h: HostCandidate,
  req: PlacementRequest,
  s: PlacementSettings,
  alone: boolean,
): boolean => {
  const planner = plannerOf(req);
  const cluster = world.filter((x) => x.clusterId === h.clusterId);
  if (req.pinned.podId !== undefined && h.podId !== req.pinned.podId) return false;
  if (req.pinned.clusterId !== undefined && h.clusterId !== req.pinned.clusterId) return false;
  const disabled = cluster.some(
    (x) =>
      x.zoneAllocationState === 'Disabled' ||
      x.podAllocationState === 'Disabled' ||
      x.clusterAllocationState === 'Disabled',
  );
  if (disabled && !req.ownerIsRootAdmin) return false;
  const thresholds =
    !alone &&
    s.clusterThresholdEnabled &&
    planner !== 'SkipHeuristicsPlanner' &&
    planner !== 'BareMetalPlanner';
  if (thresholds && crossesThreshold(world, h, req, s)) return false;
  if (h.status !== 'Up' || h.resourceState !== 'Enabled') return false;
  const hypervisorOk =
    planner === 'BareMetalPlanner'
      ? h.hypervisor === 'BareMetal' && (req.hypervisor ?? 'BareMetal') === 'BareMetal'
      : req.hypervisor !== undefined
        ? h.hypervisor === req.hypervisor
        : h.hypervisor !== 'BareMetal';
  if (!hypervisorOk) return false;
  const maxGuests = capabilitiesOf(h.hypervisor).maxGuestsPerHost;
  if (maxGuests !== null && h.runningGuests >= maxGuests) return false;
  if (!req.hostTags.every((t) => h.tags.includes(t))) return false;
  if (!req.haEnabled && s.haTag !== undefined && h.tags.includes(s.haTag)) return false;
  if (!dedicationAllows(h, req)) return false;
  if (othersOn(req, req.affinity.hostAntiAffinity).has(h.hostId)) return false;
  const affinity = othersOn(req, req.affinity.hostAffinity);
  if (affinity.size > 0 && !affinity.has(h.hostId)) return false;
  return fits(h.size, loadFor(req, h), req.compute);
};

/** The hosts planPlacement must return when nothing limits the count. */
export const expectedHostIds = (
  world: readonly HostCandidate[],
  req: PlacementRequest,
  s: PlacementSettings,
): Set<string> => {
  const byId = new Map(world.map((h) => [h.hostId, h]));
  const alone = (id: string | undefined) => {
    const h = id === undefined ? undefined : byId.get(id);
    return h !== undefined && mayTake(world, h, req, s, true);
  };
  if (req.pinned.hostId !== undefined) return new Set(alone(req.pinned.hostId) ? [req.pinned.hostId] : []);
  const walked = world.filter((h) => mayTake(world, h, req, s, false)).map((h) => h.hostId);
  return new Set([...walked, ...(alone(req.lastHostId) ? [req.lastHostId!] : [])]);
};
