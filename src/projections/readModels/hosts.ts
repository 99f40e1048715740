import { totalCpuMhz, totalMemoryMiB } from '../../domain/capacity/index.ts';
import {
  type Host,
  type HostState,
  hostCategory,
  hostDecider,
  hostEventSchemas,
} from '../../domain/host/index.ts';
import { streamReadModel } from './support.ts';

/**
 * Hosts with their capacity as the allocator reads it (§8.1): totals after over-provisioning, used
 * (Pending and Used reservations) and reserved (Kept for stopped VMs), all folded by the host
 * aggregate's own evolve from its capacity ledger, so the read model never disagrees with it.
 */
export const hosts = streamReadModel<HostState>({
  name: 'hosts',
  version: 1,
  category: hostCategory,
  schemas: hostEventSchemas,
  decider: hostDecider,
  columns: `name text NOT NULL, zone_id text NOT NULL, pod_id text NOT NULL, cluster_id text NOT NULL,
    hypervisor text NOT NULL, status text NOT NULL, resource_state text NOT NULL, tags text[] NOT NULL,
    cpu_cores integer NOT NULL, cpu_speed_mhz integer NOT NULL, memory_mib bigint NOT NULL,
    cpu_overprovisioning double precision NOT NULL, memory_overprovisioning double precision NOT NULL,
    cpu_total_mhz double precision NOT NULL, cpu_used_mhz bigint NOT NULL, cpu_reserved_mhz bigint NOT NULL,
    memory_total_mib double precision NOT NULL, memory_used_mib bigint NOT NULL,
    memory_reserved_mib bigint NOT NULL, guests integer NOT NULL`,
  indexes: ['(cluster_id)', '(zone_id, name, id)', '(pod_id)', '(name, id)', 'USING gin (tags)'],
  columnsOf: (h: Host | null) =>
    h && {
      name: h.name,
      zone_id: h.zoneId,
      pod_id: h.podId,
      cluster_id: h.clusterId,
      hypervisor: h.hypervisor,
      status: h.status,
      resource_state: h.resourceState,
      tags: h.tags,
      cpu_cores: h.size.cpuCores,
      cpu_speed_mhz: h.size.cpuSpeedMhz,
      memory_mib: h.size.memoryMiB,
      cpu_overprovisioning: h.size.cpuOverprovisioning,
      memory_overprovisioning: h.size.memoryOverprovisioning,
      cpu_total_mhz: totalCpuMhz(h.size),
      cpu_used_mhz: h.load.usedCpuMhz,
      cpu_reserved_mhz: h.load.reservedCpuMhz,
      memory_total_mib: totalMemoryMiB(h.size),
      memory_used_mib: h.load.usedMemoryMiB,
      memory_reserved_mib: h.load.reservedMemoryMiB,
      guests: h.guests,
    },
  removed: (h) => h?.removed === true,
});
