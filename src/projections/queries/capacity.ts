import type pg from 'pg';
import { utilisation } from '../../domain/capacity/index.ts';
import type { HostCandidate } from '../../domain/placement/index.ts';
import { waitForPosition } from '../consistency.ts';
import type { ReadOptions } from './listQuery.ts';

/**
 * The capacity view the allocator reads (§8.1): per host, its size, load and the allocation states
 * of its cluster, pod and zone, as placement's HostCandidate; per cluster, the sums CloudStack
 * orders and thresholds clusters by. Both read the live hosts read model (no copy to drift).
 */

const capacityReads = ['hosts', 'clusters', 'pods', 'zones'];

export type CapacityScope = {
  readonly zoneId?: string;
  readonly podId?: string;
  readonly clusterId?: string;
};

const scopeWhere = (scope: CapacityScope, params: unknown[]): string => {
  const where = ['h.removed_at IS NULL'];
  for (const [column, value] of [
    ['zone_id', scope.zoneId],
    ['pod_id', scope.podId],
    ['cluster_id', scope.clusterId],
  ] as const)
    if (value !== undefined) {
      params.push(value);
      where.push(`h.${column} = $${params.length}`);
    }
  return where.join(' AND ');
};

type CandidateRow = {
  id: string;
  cluster_id: string;
  pod_id: string;
  zone_id: string;
  hypervisor: HostCandidate['hypervisor'];
  status: HostCandidate['status'];
  resource_state: HostCandidate['resourceState'];
  tags: string[];
  cpu_cores: number;
  cpu_speed_mhz: number;
  memory_mib: string;
  cpu_overprovisioning: number;
  memory_overprovisioning: number;
  cpu_used_mhz: string;
  cpu_reserved_mhz: string;
  memory_used_mib: string;
  memory_reserved_mib: string;
  guests: number;
  cluster_state: HostCandidate['clusterAllocationState'] | null;
  pod_state: HostCandidate['podAllocationState'] | null;
  zone_state: HostCandidate['zoneAllocationState'] | null;
};

/** The hosts placement ranks, within a zone, pod or cluster; a host whose cluster, pod or zone is unknown counts as Disabled there. */
export const hostCandidates = async (
  pool: pg.Pool,
  scope: CapacityScope = {},
  options: ReadOptions = {},
): Promise<HostCandidate[]> => {
  if (options.minPosition !== undefined)
    await waitForPosition(pool, capacityReads, options.minPosition, { timeoutMs: options.timeoutMs ?? 2000 });
  const params: unknown[] = [];
  const { rows } = await pool.query<CandidateRow>(
    `SELECT h.id, h.cluster_id, h.pod_id, h.zone_id, h.hypervisor, h.status, h.resource_state, h.tags,
            h.cpu_cores, h.cpu_speed_mhz, h.memory_mib, h.cpu_overprovisioning, h.memory_overprovisioning,
            h.cpu_used_mhz, h.cpu_reserved_mhz, h.memory_used_mib, h.memory_reserved_mib, h.guests,
            c.allocation_state AS cluster_state, p.allocation_state AS pod_state, z.allocation_state AS zone_state
     FROM hosts h
     LEFT JOIN clusters c ON c.id = h.cluster_id AND c.removed_at IS NULL
     LEFT JOIN pods p ON p.id = h.pod_id AND p.removed_at IS NULL
     LEFT JOIN zones z ON z.id = h.zone_id AND z.removed_at IS NULL
     WHERE ${scopeWhere(scope, params)}
     ORDER BY h.id`,
    params,
  );
  return rows.map((r) => ({
    hostId: r.id,
    clusterId: r.cluster_id,
    podId: r.pod_id,
    zoneId: r.zone_id,
    hypervisor: r.hypervisor,
    status: r.status,
    resourceState: r.resource_state,
    tags: r.tags,
    size: {
      cpuCores: r.cpu_cores,
      cpuSpeedMhz: r.cpu_speed_mhz,
      memoryMiB: Number(r.memory_mib),
      cpuOverprovisioning: r.cpu_overprovisioning,
      memoryOverprovisioning: r.memory_overprovisioning,
    },
    load: {
      usedCpuMhz: Number(r.cpu_used_mhz),
      usedMemoryMiB: Number(r.memory_used_mib),
      reservedCpuMhz: Number(r.cpu_reserved_mhz),
      reservedMemoryMiB: Number(r.memory_reserved_mib),
    },
    runningGuests: r.guests,
    clusterAllocationState: r.cluster_state ?? 'Disabled',
    podAllocationState: r.pod_state ?? 'Disabled',
    zoneAllocationState: r.zone_state ?? 'Disabled',
  }));
};

export type ClusterCapacity = {
  readonly clusterId: string;
  readonly zoneId: string;
  readonly podId: string;
  readonly hosts: number;
  /** Totals after over-provisioning. */
  readonly cpuTotalMhz: number;
  readonly cpuUsedMhz: number;
  readonly cpuReservedMhz: number;
  readonly memoryTotalMiB: number;
  readonly memoryUsedMiB: number;
  readonly memoryReservedMiB: number;
  /** (used + reserved) / total, as CloudStack orders clusters and applies its disable thresholds. */
  readonly cpuUtilisation: number;
  readonly memoryUtilisation: number;
};

/** Per-cluster sums over the cluster's hosts that are Up and Enabled (the ones that take VMs). */
export const clusterCapacity = async (
  pool: pg.Pool,
  scope: CapacityScope = {},
  options: ReadOptions = {},
): Promise<ClusterCapacity[]> => {
  if (options.minPosition !== undefined)
    await waitForPosition(pool, ['hosts'], options.minPosition, { timeoutMs: options.timeoutMs ?? 2000 });
  const params: unknown[] = [];
  const { rows } = await pool.query<Record<string, string | number>>(
    `SELECT h.cluster_id, min(h.zone_id) AS zone_id, min(h.pod_id) AS pod_id, count(*)::int AS hosts,
            sum(h.cpu_total_mhz)::float8 AS cpu_total, sum(h.cpu_used_mhz)::float8 AS cpu_used,
            sum(h.cpu_reserved_mhz)::float8 AS cpu_reserved, sum(h.memory_total_mib)::float8 AS memory_total,
            sum(h.memory_used_mib)::float8 AS memory_used, sum(h.memory_reserved_mib)::float8 AS memory_reserved
     FROM hosts h
     WHERE ${scopeWhere(scope, params)} AND h.status = 'Up' AND h.resource_state = 'Enabled'
     GROUP BY h.cluster_id ORDER BY h.cluster_id`,
    params,
  );
  return rows.map((r) => {
    const [cpuTotal, cpuUsed, cpuReserved] = [r.cpu_total, r.cpu_used, r.cpu_reserved].map(Number) as [
      number,
      number,
      number,
    ];
    const [memTotal, memUsed, memReserved] = [r.memory_total, r.memory_used, r.memory_reserved].map(
      Number,
    ) as [number, number, number];
    return {
      clusterId: String(r.cluster_id),
      zoneId: String(r.zone_id),
      podId: String(r.pod_id),
      hosts: Number(r.hosts),
      cpuTotalMhz: cpuTotal,
      cpuUsedMhz: cpuUsed,
      cpuReservedMhz: cpuReserved,
      memoryTotalMiB: memTotal,
      memoryUsedMiB: memUsed,
      memoryReservedMiB: memReserved,
      cpuUtilisation: utilisation(cpuUsed + cpuReserved, cpuTotal),
      memoryUtilisation: utilisation(memUsed + memReserved, memTotal),
    };
  });
};
