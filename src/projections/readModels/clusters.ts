import {
  type Cluster,
  type ClusterState,
  clusterCategory,
  clusterDecider,
  clusterEventSchemas,
} from '../../domain/cluster/index.ts';
import { streamReadModel } from './support.ts';

export const clusters = streamReadModel<ClusterState>({
  name: 'clusters',
  version: 1,
  category: clusterCategory,
  schemas: clusterEventSchemas,
  decider: clusterDecider,
  columns: `name text NOT NULL, zone_id text NOT NULL, pod_id text NOT NULL, hypervisor text NOT NULL,
    allocation_state text NOT NULL, cpu_overprovisioning double precision NOT NULL,
    memory_overprovisioning double precision NOT NULL`,
  indexes: ['(zone_id, name, id)', '(pod_id)', '(name, id)'],
  columnsOf: (c: Cluster | null) =>
    c && {
      name: c.name,
      zone_id: c.zoneId,
      pod_id: c.podId,
      hypervisor: c.hypervisor,
      allocation_state: c.allocationState,
      cpu_overprovisioning: c.cpuOverprovisioning,
      memory_overprovisioning: c.memoryOverprovisioning,
    },
  removed: (c) => c?.removed === true,
});
