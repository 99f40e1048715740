import { randomUUID } from 'node:crypto';
import { type Rule, rules } from '../cells.ts';
import type { Kind } from '../fixtures.ts';
import { type Entry, on, plain } from '../matrix.ts';

/**
 * Infrastructure is the root admin's alone: the others get a 403, the same for an id that exists and
 * one that doesn't, and nothing is recorded. Zones (and the hypervisor capabilities, and one's own
 * session) anyone may read. The root admin disables and deletes spares, never the world's own.
 */

const name = () => `m-${randomUUID().slice(0, 8)}`;

type Resource = {
  readonly path: string;
  readonly kind: Kind;
  readonly read: Rule;
  /** What a create names (its parent), and the body for a parent id. */
  readonly create: { readonly parent?: Kind; readonly body: (parentId: string) => unknown };
  /** A change that leaves the world's resource as it was. */
  readonly patch: unknown;
  readonly enabling: boolean;
};

const resources: readonly Resource[] = [
  {
    path: 'zones',
    kind: 'zone',
    read: rules.anyone,
    create: {
      body: () => ({ name: name(), networkType: 'Basic', dns1: '8.8.8.8', internalDns1: '10.0.0.2' }),
    },
    patch: { dns1: '8.8.8.8' },
    enabling: true,
  },
  {
    path: 'pods',
    kind: 'pod',
    read: rules.rootOnly,
    create: {
      parent: 'zone',
      body: (zoneId) => ({
        zoneId,
        name: name(),
        gateway: '192.168.7.1',
        netmask: '255.255.255.0',
        startIp: '192.168.7.10',
        endIp: '192.168.7.20',
      }),
    },
    patch: { gateway: '192.168.1.1' },
    enabling: true,
  },
  {
    path: 'clusters',
    kind: 'cluster',
    read: rules.rootOnly,
    create: { parent: 'pod', body: (podId) => ({ podId, name: name(), hypervisor: 'Simulator' }) },
    patch: { name: 'cluster-1' },
    enabling: true,
  },
  {
    path: 'hosts',
    kind: 'host',
    read: rules.rootOnly,
    create: {
      parent: 'cluster',
      body: (clusterId) => ({ clusterId, name: name(), cpuCores: 2, cpuSpeedMhz: 1000, memoryMiB: 4096 }),
    },
    patch: { tags: [] },
    enabling: true,
  },
  {
    path: 'storage-pools',
    kind: 'storagePool',
    read: rules.rootOnly,
    create: {
      parent: 'cluster',
      body: (clusterId) => ({
        scope: 'Cluster',
        clusterId,
        name: name(),
        type: 'NFS',
        capacityBytes: 1024 ** 4,
      }),
    },
    patch: { tags: [] },
    enabling: true,
  },
  {
    path: 'image-stores',
    kind: 'imageStore',
    read: rules.rootOnly,
    create: {
      parent: 'zone',
      body: (zoneId) => ({ zoneId, name: name(), provider: 'NFS', url: 'nfs://nfs/more' }),
    },
    patch: { readOnly: false },
    enabling: false,
  },
];

const entriesOf = ({ path, kind, read, create, patch, enabling }: Resource): Entry[] => {
  const base = `/v1/${path}`;
  const one =
    (suffix = '') =>
    (id: string) =>
      `${base}/${id}${suffix}`;
  const root = rules.rootOnly;
  return [
    { route: `GET ${base}`, probes: [plain(read === rules.anyone ? read : rules.rootOnlyRefused, base)] },
    { route: `GET ${base}/:id`, probes: [on(kind, read, one())] },
    {
      route: `POST ${base}`,
      probes: [
        create.parent
          ? on(
              create.parent,
              root,
              () => base,
              (t) => create.body(t.id),
            )
          : plain(rules.rootOnlyRefused, base, () => create.body('')),
      ],
    },
    { route: `PATCH ${base}/:id`, probes: [on(kind, root, one(), () => patch)] },
    ...(enabling
      ? [
          { route: `POST ${base}/:id/enable`, probes: [on(kind, root, one('/enable'))] },
          {
            route: `POST ${base}/:id/disable`,
            probes: [on(kind, root, one('/disable'), undefined, { fresh: kind })],
          },
        ]
      : []),
    { route: `DELETE ${base}/:id`, probes: [on(kind, root, one(), undefined, { fresh: kind })] },
  ];
};

export const infrastructureEntries: readonly Entry[] = [
  ...resources.flatMap(entriesOf),
  ...(['POST', 'DELETE'] as const).map((method) => ({
    route: `${method} /v1/hosts/:id/maintenance`,
    probes: [on('host', rules.rootOnly, (id) => `/v1/hosts/${id}/maintenance`, undefined, { fresh: 'host' })],
  })),
  { route: 'GET /v1/capacity', probes: [plain(rules.rootOnlyRefused, '/v1/capacity')] },
  {
    route: 'GET /v1/hypervisors/capabilities',
    probes: [plain(rules.anyone, '/v1/hypervisors/capabilities')],
  },
  { route: 'POST /v1/auth/logout', probes: [plain(rules.anyone, '/v1/auth/logout')] },
  { route: 'GET /v1/auth/me', probes: [plain(rules.anyone, '/v1/auth/me')] },
];
