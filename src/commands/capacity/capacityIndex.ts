import type { EventStore, Position, RecordedEvent } from '../../adapters/eventstore/port.ts';
import type { ClusterState } from '../../domain/cluster/index.ts';
import type { Host, HostState } from '../../domain/host/index.ts';
import type { QuotaLedgerState } from '../../domain/limits/index.ts';
import {
  type HostCandidate,
  indexCandidates,
  type PlacementIndex,
  type PoolCandidate,
  withCandidate,
} from '../../domain/placement/index.ts';
import type { PodState } from '../../domain/pod/index.ts';
import { categoryOf, type Decider, type Event, idOf } from '../../domain/shared/index.ts';
import type { StoragePool, StoragePoolState } from '../../domain/storagePool/index.ts';
import { type AggregateName, aggregates, type StateOf } from '../aggregates.ts';
import { hostCandidateOf, poolCandidateOf } from './candidates.ts';

/**
 * The in-memory capacity index the placement side proposes from. It folds the streams placement
 * needs (zones, pods, clusters, hosts, storage pools, and the quota ledgers for the expiry sweep)
 * from $all, and takes the newer state a command just produced, so a process sees its own
 * reservations at once. It only PROPOSES: the host and pool streams decide, with their expected
 * revision, so a stale index costs a refused reservation, never an over-committed host.
 */

const indexed = ['zone', 'pod', 'cluster', 'host', 'storagePool', 'quotaAccount', 'quotaDomain'] as const;
type Indexed = (typeof indexed)[number];

const byCategory = new Map<string, Indexed>(indexed.map((name) => [aggregates[name].category, name]));
const streamPrefixes = indexed.map((name) => `${aggregates[name].category}-`);

type Folded<S> = { readonly state: S; readonly revision: bigint };

export type CapacityIndexOptions = {
  readonly store: EventStore;
  /** Events per $all page while catching up. */
  readonly pageSize?: number;
};

export type Holding = { readonly ownerId: string; readonly holderId: string };

export class CapacityIndex {
  private readonly store: EventStore;
  private readonly pageSize: number;
  private readonly folded: { readonly [K in Indexed]: Map<string, Folded<StateOf<K>>> } = {
    zone: new Map(),
    pod: new Map(),
    cluster: new Map(),
    host: new Map(),
    storagePool: new Map(),
    quotaAccount: new Map(),
    quotaDomain: new Map(),
  };
  private readonly hostsByZone = new Map<string, Set<string>>();
  private readonly hostsByCluster = new Map<string, Set<string>>();
  private readonly poolsByZone = new Map<string, Set<string>>();
  /** Placement index per zone; dropped (rebuilt on the next query) when a host joins or a level changes. */
  private readonly zoneIndexes = new Map<string, PlacementIndex>();
  /** reservation id → host (or pool) holding it, for a resumed workflow to find what it reserved. */
  private readonly hostReservations = new Map<string, Holding>();
  private readonly poolReservations = new Map<string, Holding>();
  /**
   * Placements this process is proposing right now, not yet decided by the owner's stream: counted
   * as load so that concurrent placements spread out instead of all racing for the same host.
   */
  private readonly hostProposals = new Map<string, { cpuMhz: number; memoryMiB: number; guests: number }>();
  private readonly poolProposals = new Map<string, number>();
  private position: Position | 'start' = 'start';
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: CapacityIndexOptions) {
    this.store = options.store;
    this.pageSize = options.pageSize ?? 2000;
  }

  /** Follows $all every `intervalMs` in the background until stopped. */
  start(intervalMs = 250): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Resolves once every event visible in $all when it was called has been applied. Concurrent
   * callers share reads: a call during a read waits for the next one, which starts after it.
   */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.catchUp().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued = this.running
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.refresh();
      });
    return this.queued;
  }

  private async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null) return;
    while (this.position === 'start' || this.position < head) {
      const page = await this.store.readAll({
        from: this.position,
        maxCount: this.pageSize,
        filter: { streamPrefixes },
      });
      for (const event of page.events) this.apply(event);
      if (page.checkpoint === null || page.checkpoint === this.position) return;
      this.position = page.checkpoint;
    }
  }

  private apply(event: RecordedEvent): void {
    const name = byCategory.get(categoryOf(event.stream));
    if (!name) return;
    const id = idOf(event.stream);
    const known = this.folded[name].get(id);
    if (known && event.revision <= known.revision) return;
    const decider = aggregates[name].decider as unknown as Decider<never, StateOf<typeof name>, Event>;
    const base = known?.state ?? decider.initialState();
    this.put(name, id, decider.evolve(base, { type: event.type, data: event.data }), event.revision);
  }

  /**
   * Takes the state a command just left a stream in (CommandResult's state and revision), when it is
   * newer than what the index holds. Streams the index does not follow are ignored.
   */
  observe<K extends AggregateName>(
    aggregate: K,
    id: string,
    result: { readonly state: StateOf<K>; readonly revision: bigint | null },
  ): void {
    if (!(indexed as readonly string[]).includes(aggregate) || result.revision === null) return;
    const name = aggregate as Indexed;
    const known = this.folded[name].get(id);
    if (known && result.revision <= known.revision) return;
    this.put(name, id, result.state as StateOf<typeof name>, result.revision);
  }

  private put<K extends Indexed>(name: K, id: string, state: StateOf<K>, revision: bigint): void {
    const previous = this.folded[name].get(id)?.state;
    (this.folded[name] as Map<string, Folded<StateOf<K>>>).set(id, { state, revision });
    if (name === 'host') this.hostChanged(previous as HostState | undefined, state as HostState);
    else if (name === 'storagePool')
      this.poolChanged(previous as StoragePoolState | undefined, state as StoragePoolState);
    else if (name === 'zone') this.invalidateZone(id);
    else if (name === 'pod' || name === 'cluster') {
      const zoneId = (state as PodState | ClusterState)?.zoneId;
      if (zoneId) this.invalidateZone(zoneId);
    }
  }

  private invalidateZone(zoneId: string): void {
    this.zoneIndexes.delete(zoneId);
  }

  private hostChanged(previous: HostState | undefined, host: HostState): void {
    if (host === null) return;
    trackReservations(this.hostReservations, host.hostId, previous?.reservations, host.reservations);
    const inZone = addTo(this.hostsByZone, host.zoneId, host.hostId);
    addTo(this.hostsByCluster, host.clusterId, host.hostId);
    const index = this.zoneIndexes.get(host.zoneId);
    if (!index) return;
    const at = index.hostLocation.get(host.hostId);
    if (!inZone || !at || index.clusters[at.cluster]?.clusterId !== host.clusterId)
      this.invalidateZone(host.zoneId);
    else this.zoneIndexes.set(host.zoneId, withCandidate(index, this.candidateOf(host)));
  }

  private poolChanged(previous: StoragePoolState | undefined, pool: StoragePoolState): void {
    if (pool === null) return;
    trackReservations(this.poolReservations, pool.poolId, previous?.reservations, pool.reservations);
    addTo(this.poolsByZone, pool.zoneId, pool.poolId);
  }

  private candidateOf(host: Host): HostCandidate {
    const candidate = hostCandidateOf(host, {
      cluster: this.folded.cluster.get(host.clusterId)?.state,
      pod: this.folded.pod.get(host.podId)?.state,
      zone: this.folded.zone.get(host.zoneId)?.state,
    });
    const proposed = this.hostProposals.get(host.hostId);
    if (!proposed) return candidate;
    const { load } = candidate;
    return {
      ...candidate,
      load: {
        ...load,
        usedCpuMhz: load.usedCpuMhz + proposed.cpuMhz,
        usedMemoryMiB: load.usedMemoryMiB + proposed.memoryMiB,
      },
      runningGuests: candidate.runningGuests + proposed.guests,
    };
  }

  private refreshCandidate(hostId: string): void {
    const host = this.host(hostId);
    if (host) this.hostChanged(host, host);
  }

  /**
   * Counts a reservation about to be asked of a host as taken, until the returned function is
   * called (once the host's stream has answered and its new state is observed).
   */
  proposeHost(
    hostId: string,
    size: { cpuNumber: number; cpuSpeedMhz: number; memoryMiB: number },
  ): () => void {
    const delta = { cpuMhz: size.cpuNumber * size.cpuSpeedMhz, memoryMiB: size.memoryMiB, guests: 1 };
    const change = (sign: 1 | -1) => {
      const p = this.hostProposals.get(hostId) ?? { cpuMhz: 0, memoryMiB: 0, guests: 0 };
      const next = {
        cpuMhz: p.cpuMhz + sign * delta.cpuMhz,
        memoryMiB: p.memoryMiB + sign * delta.memoryMiB,
        guests: p.guests + sign * delta.guests,
      };
      if (next.guests === 0) this.hostProposals.delete(hostId);
      else this.hostProposals.set(hostId, next);
      this.refreshCandidate(hostId);
    };
    change(1);
    let done = false;
    return () => {
      if (!done) change(-1);
      done = true;
    };
  }

  /** The same for bytes about to be asked of a storage pool. */
  proposePool(poolId: string, sizeBytes: number): () => void {
    const change = (sign: 1 | -1) => {
      const next = (this.poolProposals.get(poolId) ?? 0) + sign * sizeBytes;
      if (next === 0) this.poolProposals.delete(poolId);
      else this.poolProposals.set(poolId, next);
    };
    change(1);
    let done = false;
    return () => {
      if (!done) change(-1);
      done = true;
    };
  }

  // ---- queries ----

  /** The zone's hosts (removed ones left out) as one placement index, kept current per host change. */
  placementIndex(zoneId: string): PlacementIndex {
    const cached = this.zoneIndexes.get(zoneId);
    if (cached) return cached;
    const candidates: HostCandidate[] = [];
    for (const hostId of this.hostsByZone.get(zoneId) ?? []) {
      const host = this.folded.host.get(hostId)?.state;
      if (host && !host.removed) candidates.push(this.candidateOf(host));
    }
    const index = indexCandidates(candidates);
    this.zoneIndexes.set(zoneId, index);
    return index;
  }

  hostCandidate(hostId: string): HostCandidate | null {
    const host = this.host(hostId);
    return host ? this.candidateOf(host) : null;
  }

  poolCandidates(zoneId: string): PoolCandidate[] {
    const pools: PoolCandidate[] = [];
    for (const poolId of this.poolsByZone.get(zoneId) ?? []) {
      const pool = this.pool(poolId);
      if (!pool || pool.removed) continue;
      const candidate = poolCandidateOf(pool);
      const proposed = this.poolProposals.get(poolId) ?? 0;
      pools.push(
        proposed ? { ...candidate, allocatedBytes: candidate.allocatedBytes + proposed } : candidate,
      );
    }
    return pools;
  }

  host(hostId: string): Host | null {
    return this.folded.host.get(hostId)?.state ?? null;
  }

  pool(poolId: string): StoragePool | null {
    return this.folded.storagePool.get(poolId)?.state ?? null;
  }

  hosts(): Host[] {
    return [...this.folded.host.values()].flatMap((f) => (f.state ? [f.state] : []));
  }

  pools(): StoragePool[] {
    return [...this.folded.storagePool.values()].flatMap((f) => (f.state ? [f.state] : []));
  }

  hostsOfCluster(clusterId: string): string[] {
    return [...(this.hostsByCluster.get(clusterId) ?? [])];
  }

  /** Quota ledgers the index has seen: `{ scope, ownerId, state }`. */
  ledgers(): { scope: 'account' | 'domain'; ownerId: string; state: QuotaLedgerState }[] {
    return [
      ...[...this.folded.quotaAccount].map(([ownerId, f]) => ({
        scope: 'account' as const,
        ownerId,
        state: f.state,
      })),
      ...[...this.folded.quotaDomain].map(([ownerId, f]) => ({
        scope: 'domain' as const,
        ownerId,
        state: f.state,
      })),
    ];
  }

  /** The host holding a reservation, as far as the index knows. */
  hostOfReservation(reservationId: string): Holding | null {
    return this.hostReservations.get(reservationId) ?? null;
  }

  /** Hosts where the VM holds any reservation, as far as the index knows. */
  hostsHolding(vmId: string): string[] {
    const hosts = new Set<string>();
    for (const { ownerId, holderId } of this.hostReservations.values())
      if (holderId === vmId) hosts.add(ownerId);
    return [...hosts];
  }

  poolOfReservation(reservationId: string): Holding | null {
    return this.poolReservations.get(reservationId) ?? null;
  }
}

const addTo = (map: Map<string, Set<string>>, key: string, value: string): boolean => {
  const set = map.get(key);
  if (!set) {
    map.set(key, new Set([value]));
    return false;
  }
  if (set.has(value)) return true;
  set.add(value);
  return false;
};

/** Keeps reservation id → owner in step with one owner's reservations (a handful per host or pool). */
const trackReservations = (
  tracked: Map<string, Holding>,
  ownerId: string,
  before: Readonly<Record<string, { readonly holderId: string }>> | undefined,
  after: Readonly<Record<string, { readonly holderId: string }>>,
): void => {
  if (before === after) return;
  for (const id in before) if (!(id in after) && tracked.get(id)?.ownerId === ownerId) tracked.delete(id);
  for (const id in after) {
    const r = after[id];
    if (r && !(before && id in before)) tracked.set(id, { ownerId, holderId: r.holderId });
  }
};
