import { z } from 'zod';
import { hypervisorTypes } from '../hypervisor/index.ts';
import { type EventsOf, v1 } from '../shared/index.ts';

const id = z.string().min(1);
const factor = z.number().min(1);

const place = { clusterId: id, zoneId: id, podId: id };
const factors = { cpuOverprovisioning: factor, memoryOverprovisioning: factor };

export const clusterEventSchemas = {
  ClusterCreated: v1(
    z.object({
      ...place,
      name: z.string().min(1),
      hypervisor: z.enum(hypervisorTypes),
      ...factors,
      allocationState: z.literal('Disabled'),
    }),
  ),
  ClusterRenamed: v1(z.object({ ...place, name: z.string().min(1) })),
  /** Only VMs started afterwards see new factors: the command side passes them on to each host. */
  ClusterOverprovisioningUpdated: v1(z.object({ ...place, hypervisor: z.enum(hypervisorTypes), ...factors })),
  ClusterEnabled: v1(z.object(place)),
  ClusterDisabled: v1(z.object(place)),
  ClusterDeleted: v1(z.object({ ...place, name: z.string() })),
};

export type ClusterEvent = EventsOf<typeof clusterEventSchemas>;
