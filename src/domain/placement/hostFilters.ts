import { type HostLoad, misfit, requestedCpuMhz } from '../capacity/index.ts';
import { capabilitiesOf, type HypervisorType } from '../hypervisor/index.ts';
import type {
  AffinityMember,
  Dedication,
  HostCandidate,
  HostExclusion,
  PlacementRequest,
  PlacementSettings,
  Planner,
} from './placement.types.ts';

/**
 * The host filters of §8.4/§8.5 as one function over a context computed once per request, so the
 * per-host work is a handful of comparisons and small-set lookups.
 */

export type RequestContext = {
  readonly request: PlacementRequest;
  readonly planner: Planner;
  /** The hypervisor a host must have; null: any but BareMetal; 'none': no host can match. */
  readonly hypervisor: HypervisorType | null | 'none';
  /** `ha.tag` when the VM is not HA-enabled: hosts carrying it are kept for HA VMs. */
  readonly haTagToAvoid: string | undefined;
  readonly ownerDomains: ReadonlySet<string>;
  readonly antiAffinityHosts: ReadonlySet<string> | null;
  readonly affinityHosts: ReadonlySet<string> | null;
  /** Non-strict affinity: +1 per affinity member, −1 per anti-affinity member on the host. */
  readonly priorities: ReadonlyMap<string, number> | null;
};

/** A BareMetal template always goes through BareMetalPlanner, whatever the offering names (§8.2). */
export const effectivePlanner = (request: PlacementRequest): Planner =>
  request.hypervisor && capabilitiesOf(request.hypervisor).planner === 'BareMetalPlanner'
    ? 'BareMetalPlanner'
    : request.planner;

const requiredHypervisor = (request: PlacementRequest, planner: Planner): RequestContext['hypervisor'] => {
  if (planner !== 'BareMetalPlanner') return request.hypervisor ?? null;
  return (request.hypervisor ?? 'BareMetal') === 'BareMetal' ? 'BareMetal' : 'none';
};

/** The VM itself may be a member of its own groups (a restart): its own placement never counts. */
const hostsOfOthers = (vmId: string, members: readonly AffinityMember[]): Set<string> | null => {
  let hosts: Set<string> | null = null;
  for (const m of members) {
    if (m.vmId === vmId) continue;
    hosts ??= new Set();
    hosts.add(m.hostId);
  }
  return hosts;
};

const prioritiesOf = (request: PlacementRequest): Map<string, number> | null => {
  const { nonStrictHostAffinity, nonStrictHostAntiAffinity } = request.affinity;
  let priorities: Map<string, number> | null = null;
  const add = (members: readonly AffinityMember[], delta: number) => {
    for (const m of members) {
      if (m.vmId === request.vmId) continue;
      priorities ??= new Map();
      priorities.set(m.hostId, (priorities.get(m.hostId) ?? 0) + delta);
    }
  };
  add(nonStrictHostAffinity, 1);
  add(nonStrictHostAntiAffinity, -1);
  return priorities;
};

export const requestContext = (request: PlacementRequest, settings: PlacementSettings): RequestContext => {
  const planner = effectivePlanner(request);
  return {
    request,
    planner,
    hypervisor: requiredHypervisor(request, planner),
    haTagToAvoid: request.haEnabled ? undefined : settings.haTag,
    ownerDomains: new Set([request.tenantDomainId, ...request.dedication.tenantDomainPath]),
    antiAffinityHosts: hostsOfOthers(request.vmId, request.affinity.hostAntiAffinity),
    affinityHosts: hostsOfOthers(request.vmId, request.affinity.hostAffinity),
    priorities: prioritiesOf(request),
  };
};

export const hypervisorMatches = (ctx: RequestContext, hypervisor: HypervisorType): boolean =>
  ctx.hypervisor === null ? hypervisor !== 'BareMetal' : ctx.hypervisor === hypervisor;

const ownedBy = (d: Dedication, ctx: RequestContext): boolean =>
  d.accountId !== undefined ? d.accountId === ctx.request.accountId : ctx.ownerDomains.has(d.tenantDomainId);

/**
 * §8.2 step 3 and §8.5. An ExplicitDedication VM may use only its owner's dedicated resources. Any
 * other user VM avoids every dedicated pod, cluster and host, its owner's included (CloudStack gives
 * them to the owner through the ExplicitDedication group). A dedicated zone is closed to other
 * accounts except the root admin, and open to its owner without a group.
 */
export const dedicationExclusion = (
  dedicatedTo: Dedication | undefined,
  ctx: RequestContext,
): 'dedicated' | 'not_dedicated' | null => {
  if (ctx.request.dedication.explicit)
    return dedicatedTo && ownedBy(dedicatedTo, ctx) ? null : 'not_dedicated';
  if (!dedicatedTo) return null;
  if (dedicatedTo.scope === 'zone' && (ctx.request.ownerIsRootAdmin || ownedBy(dedicatedTo, ctx)))
    return null;
  return 'dedicated';
};

const hasEveryTag = (hostTags: readonly string[], wanted: readonly string[]): boolean => {
  for (const tag of wanted) if (!hostTags.includes(tag)) return false;
  return true;
};

export const atMaxGuests = (host: HostCandidate): boolean => {
  const max = capabilitiesOf(host.hypervisor).maxGuestsPerHost;
  return max !== null && host.runningGuests >= max;
};

/**
 * The load the last host shows to a VM that still holds its reservation there: its own reserved
 * share is available to it again (CloudStack checks the last host "from reserved capacity" first).
 */
export const withOwnReservationReleased = (load: HostLoad, request: PlacementRequest): HostLoad => ({
  ...load,
  reservedCpuMhz: Math.max(0, load.reservedCpuMhz - requestedCpuMhz(request.compute)),
  reservedMemoryMiB: Math.max(0, load.reservedMemoryMiB - request.compute.memoryMiB),
});

/** The first reason the host can't take the VM, or null. Cluster-level rules are checked elsewhere. */
export const hostExclusion = (
  host: HostCandidate,
  ctx: RequestContext,
  load: HostLoad = host.load,
): HostExclusion | null => {
  if (host.status !== 'Up') return 'not_up';
  if (host.resourceState !== 'Enabled') return 'not_enabled';
  if (!hypervisorMatches(ctx, host.hypervisor)) return 'hypervisor_mismatch';
  if (atMaxGuests(host)) return 'max_guests';
  if (!hasEveryTag(host.tags, ctx.request.hostTags)) return 'host_tags';
  if (ctx.haTagToAvoid !== undefined && host.tags.includes(ctx.haTagToAvoid)) return 'ha_host';
  const dedication = dedicationExclusion(host.dedicatedTo, ctx);
  if (dedication) return dedication;
  if (ctx.antiAffinityHosts?.has(host.hostId)) return 'anti_affinity';
  if (ctx.affinityHosts && !ctx.affinityHosts.has(host.hostId)) return 'affinity';
  return misfit(host.size, load, ctx.request.compute);
};
