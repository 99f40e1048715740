import type { ComputeRequest } from '../../domain/capacity/index.ts';
import type { ServiceOfferingState } from '../../domain/offering/service/index.ts';
import {
  type HostCandidate,
  noAffinity,
  type PinnedScope,
  type PlacementRequest,
  type Planner,
  placedHostsOrThrow,
  planners,
  planPlacement,
  planStoragePools,
  volumeRequestFor,
} from '../../domain/placement/index.ts';
import { insufficientCapacity, seedOf } from '../../domain/shared/index.ts';
import type { Vm } from '../../domain/vm/index.ts';
import type { CapacityIndex } from '../capacity/capacityIndex.ts';
import { type Refusal, releaseHost, reserveOnHost, reserveOnPool } from '../capacity/reserve.ts';
import { later, type Runner } from '../capacity/steps.ts';
import type { CommandBus } from '../commandBus.ts';
import type { VmSettings } from './deps.ts';

/**
 * Where a VM goes: candidates from the capacity index (placement only proposes), then a
 * reservation on each candidate's host stream in turn until one accepts; when the ROOT volume has
 * no pool yet, a pool of that host's reach is reserved too, or the host is given back and the next
 * one tried. A second round re-reads the index once the first is exhausted.
 */

/** What the offering says about where its VMs may run. */
export type PlacementFacts = {
  readonly hostTags: readonly string[];
  readonly storageTags: readonly string[];
  readonly localStorage: boolean;
  readonly planner: Planner;
};

const isPlanner = (name: string | null): name is Planner =>
  (planners as readonly string[]).includes(name ?? '');

export const placementFactsOf = (offering: ServiceOfferingState): PlacementFacts =>
  offering.status === 'None'
    ? { hostTags: [], storageTags: [], localStorage: false, planner: 'FirstFitPlanner' }
    : {
        hostTags: offering.hostTags,
        storageTags: offering.storageTags,
        localStorage: offering.storageType === 'local',
        // ImplicitDedicationPlanner needs dedication facts Skyledger does not keep: first fit.
        planner: isPlanner(offering.deploymentPlanner) ? offering.deploymentPlanner : 'FirstFitPlanner',
      };

export const loadPlacementFacts = async (bus: CommandBus, offeringId: string): Promise<PlacementFacts> =>
  placementFactsOf((await bus.load('serviceOffering', offeringId)).state);

export type PlaceRequest = {
  readonly vm: Vm;
  readonly size: ComputeRequest;
  readonly facts: PlacementFacts;
  readonly ownerIsRootAdmin: boolean;
  readonly ownerDomainIds: readonly string[];
  readonly pinned: PinnedScope;
  /** Hosts never to use (the migration source, a host that went down). */
  readonly exclude?: readonly string[];
  /** The stopped VM's last host, and whether its capacity is still kept there. */
  readonly lastHost?: { readonly hostId: string; readonly held: boolean };
  readonly reservationId: string;
  /** The ROOT volume when it has no pool yet. */
  readonly volume?: { readonly volumeId: string; readonly sizeBytes: number; readonly reservationId: string };
};

export type Placement = {
  readonly host: HostCandidate;
  readonly reservationId: string;
  readonly pool: { readonly poolId: string; readonly reservationId: string } | null;
};

export const placementRequestOf = (r: PlaceRequest, settings: VmSettings): PlacementRequest => ({
  vmId: r.vm.vmId,
  accountId: r.vm.accountId,
  tenantDomainId: r.vm.tenantDomainId,
  compute: r.size,
  hostTags: r.facts.hostTags,
  storageTags: r.facts.storageTags,
  haEnabled: r.vm.haEnabled,
  localStorage: r.facts.localStorage,
  hypervisor: r.vm.hypervisor,
  affinity: noAffinity,
  dedication: { explicit: false, tenantDomainPath: r.ownerDomainIds },
  ownerIsRootAdmin: r.ownerIsRootAdmin,
  ...(r.lastHost ? { lastHostId: r.lastHost.hostId, lastHostReservationHeld: r.lastHost.held } : {}),
  pinned: r.pinned,
  planner: r.facts.planner,
  allocator: settings.allocator,
  seed: seedOf(`${r.vm.vmId}:${r.reservationId}`),
  accountVmCountByHost: {},
});

type Attempt = { readonly runner: Runner; readonly capacity: CapacityIndex; readonly settings: VmSettings };

const poolsFor = (a: Attempt, request: PlacementRequest, r: PlaceRequest, host: HostCandidate): string[] =>
  r.volume
    ? [
        ...planStoragePools(
          volumeRequestFor(request, host, r.volume),
          a.capacity.poolCandidates(host.zoneId),
          a.settings.storagePlacement,
        ).poolIds,
      ]
    : [];

/** Reserves a pool for the ROOT volume among `poolIds`; null when none accepts. */
const reservePool = async (a: Attempt, r: PlaceRequest, poolIds: readonly string[], refusals: Refusal[]) => {
  const volume = r.volume!;
  const expiresAt = later(a.runner.now(), a.settings.reservationTtlSeconds);
  for (const poolId of poolIds) {
    const refusal = await reserveOnPool(a.runner, a.capacity, poolId, {
      reservationId: volume.reservationId,
      volumeId: volume.volumeId,
      sizeBytes: volume.sizeBytes,
      expiresAt,
    });
    if (refusal === null) return { poolId, reservationId: volume.reservationId };
    refusals.push(refusal);
  }
  return null;
};

/** What an earlier run of this job already holds (a resumed job must not reserve twice). */
const resumed = async (a: Attempt, r: PlaceRequest, request: PlacementRequest, refusals: Refusal[]) => {
  const held = a.capacity.hostOfReservation(r.reservationId);
  const host = held && a.capacity.hostCandidate(held.ownerId);
  if (!host) return null;
  if (!r.volume) return { host, reservationId: r.reservationId, pool: null };
  const poolHeld = a.capacity.poolOfReservation(r.volume.reservationId);
  const pool = poolHeld
    ? { poolId: poolHeld.ownerId, reservationId: r.volume.reservationId }
    : await reservePool(a, r, poolsFor(a, request, r, host), refusals);
  return pool ? { host, reservationId: r.reservationId, pool } : null;
};

export const place = async (
  runner: Runner,
  capacity: CapacityIndex,
  settings: VmSettings,
  r: PlaceRequest,
): Promise<Placement> => {
  const a: Attempt = { runner, capacity, settings };
  const request = placementRequestOf(r, settings);
  const refusals: Refusal[] = [];
  await capacity.refresh();
  const earlier = await resumed(a, r, request, refusals);
  if (earlier) return earlier;
  const tried = new Set(r.exclude ?? []);
  const expiresAt = later(runner.now(), settings.reservationTtlSeconds);
  for (let round = 0; round < 2; round++) {
    const plan = planPlacement(request, capacity.placementIndex(r.vm.zoneId), settings.placement);
    const hostIds = placedHostsOrThrow(plan).filter((id) => !tried.has(id));
    for (const hostId of hostIds) {
      tried.add(hostId);
      const host = capacity.hostCandidate(hostId);
      if (!host) continue;
      const pools = poolsFor(a, request, r, host);
      if (r.volume && pools.length === 0) {
        refusals.push({ ownerId: hostId, code: 'NO_STORAGE_POOL' });
        continue;
      }
      const refusal = await reserveOnHost(runner, capacity, hostId, {
        reservationId: r.reservationId,
        vmId: r.vm.vmId,
        size: r.size,
        expiresAt,
      });
      if (refusal) {
        refusals.push(refusal);
        continue;
      }
      if (!r.volume) return { host, reservationId: r.reservationId, pool: null };
      const pool = await reservePool(a, r, pools, refusals).catch(async (e) => {
        await releaseHost(runner, capacity, hostId, { reservationId: r.reservationId }).catch(() => {});
        throw e;
      });
      if (pool) return { host, reservationId: r.reservationId, pool };
      await releaseHost(runner, capacity, hostId, { reservationId: r.reservationId });
    }
    await capacity.refresh();
  }
  throw insufficientCapacity(
    'VM_PLACEMENT_FAILED',
    `No host with room for VM ${r.vm.name} accepted it (${refusals.length} candidates refused); free capacity or add hosts`,
    { vmId: r.vm.vmId, refusals: refusals.slice(0, 16) },
  );
};
