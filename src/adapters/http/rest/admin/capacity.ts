import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import { requireRootAdmin } from '../../../../commands/admin/shared.ts';
import { hypervisorCapabilities } from '../../../../domain/hypervisor/index.ts';
import { clusterCapacity, hostCandidates } from '../../../../projections/queries/index.ts';
import { type Route, route } from '../../route.ts';
import { id, invocation, queryOf } from './shared.ts';

/** Capacity per host and per cluster (root admin), and the hypervisor capability matrix (anyone). */
export const capacityRoutes = ({ app }: HttpContext): Route[] => [
  route({
    method: 'get',
    path: '/v1/capacity',
    summary: 'Capacity per host and per cluster, within a zone, pod or cluster',
    tags: ['capacity'],
    query: queryOf({
      zoneId: id.optional(),
      podId: id.optional(),
      clusterId: id.optional(),
      minPosition: z.string().max(100).optional(),
    }),
    responses: { 200: { description: '{hosts, clusters}' } },
    handler: async (input) => {
      requireRootAdmin(invocation(input).caller, 'see capacity');
      const { zoneId, podId, clusterId, minPosition } = input.query;
      const scope = { zoneId, podId, clusterId };
      const options = minPosition ? { minPosition } : {};
      const [hosts, clusters] = await Promise.all([
        hostCandidates(app.pool, scope, options),
        clusterCapacity(app.pool, scope, options),
      ]);
      return { status: 200, body: { hosts, clusters } };
    },
  }),
  route({
    method: 'get',
    path: '/v1/hypervisors/capabilities',
    summary: 'What each hypervisor type supports (disk formats, storage, snapshots, limits)',
    tags: ['capacity'],
    responses: { 200: { description: 'The capability matrix' } },
    handler: async () => ({ status: 200, body: hypervisorCapabilities }),
  }),
];
