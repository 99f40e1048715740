import type pg from 'pg';
import {
  getResource,
  type Item,
  type ListFilters,
  listResources,
  type Page,
  type PageOptions,
  type ReadOptions,
  type ResourceSpec,
} from './listQuery.ts';

/**
 * Each resource's list spec: which column answers which filter and how it sorts. The specs are
 * data; `listResources` / `getResource` do the work for all of them.
 */

const named = { name: 'name', created: 'created_at', id: 'id' } as const;
const owned = { accountId: 'account_id', tenantDomainId: 'tenant_domain_id' } as const;

const spec = (
  s: Omit<ResourceSpec, 'reads' | 'defaultSort' | 'sorts' | 'removable'> & Partial<ResourceSpec>,
) =>
  ({
    reads: [s.view],
    sorts: named,
    defaultSort: 'name',
    removable: true,
    ...s,
  }) satisfies ResourceSpec;

/**
 * The live path (or, with `select`, the depth) of the tenant domain `domainId` (SQL), walked up the
 * tree: a rename of an ancestor moves no rows, so a recorded path can be stale, this never is.
 */
export const liveDomainPath = (
  domainId: string,
  select = "string_agg(name, '/' ORDER BY depth DESC)",
) => `(WITH RECURSIVE up(id, parent_id, name, depth) AS (
    SELECT d.id, d.parent_id, d.name, 0 FROM tenant_domains d WHERE d.id = ${domainId}
    UNION ALL SELECT p.id, p.parent_id, p.name, up.depth + 1 FROM tenant_domains p JOIN up ON p.id = up.parent_id)
  SELECT ${select} FROM up)`;

/** An offering restricted to domains is offered in them and below them (and to their domain admins above). */
const offeredTo = ({ chain, subtree }: { chain: string; subtree: string }) =>
  `cardinality(t.domain_ids) = 0 OR t.domain_ids && (${chain} || ${subtree})`;

export const resourceSpecs = {
  zones: spec({ view: 'zones', filters: { name: 'name', state: 'allocation_state' }, keyword: ['name'] }),
  pods: spec({
    view: 'pods',
    filters: { name: 'name', zoneId: 'zone_id', state: 'allocation_state' },
    keyword: ['name'],
  }),
  clusters: spec({
    view: 'clusters',
    filters: { name: 'name', zoneId: 'zone_id', podId: 'pod_id', state: 'allocation_state' },
    keyword: ['name'],
  }),
  hosts: spec({
    view: 'hosts',
    filters: {
      name: 'name',
      zoneId: 'zone_id',
      podId: 'pod_id',
      clusterId: 'cluster_id',
      state: 'status',
      tags: 'tags',
    },
    keyword: ['name'],
  }),
  storagePools: spec({
    view: 'storage_pools',
    filters: {
      name: 'name',
      zoneId: 'zone_id',
      podId: 'pod_id',
      clusterId: 'cluster_id',
      hostId: 'host_id',
      state: 'status',
      tags: 'tags',
    },
    keyword: ['name'],
  }),
  imageStores: spec({
    view: 'image_stores',
    filters: { name: 'name', zoneId: 'zone_id' },
    keyword: ['name'],
  }),
  tenantDomains: spec({
    view: 'tenant_domains',
    filters: { name: 'name', tenantDomainId: 'id', state: 'state' },
    keyword: ['name'],
    extra: {
      path: liveDomainPath('t.id'),
      level: liveDomainPath('t.id', 'max(depth)'),
    },
  }),
  accounts: spec({
    view: 'accounts',
    filters: { name: 'name', ...owned, accountId: 'id', state: 'state' },
    keyword: ['name'],
  }),
  users: spec({
    view: 'users',
    filters: { name: 'username', ...owned, state: 'state' },
    keyword: ['username', 'firstname', 'lastname', 'email'],
    sorts: { name: 'username', created: 'created_at', id: 'id' },
  }),
  serviceOfferings: spec({
    view: 'service_offerings',
    filters: { name: 'name', zoneId: { array: 'zone_ids' }, state: 'state', tags: 'host_tags' },
    keyword: ['name', 'display_text'],
    visibility: offeredTo,
  }),
  diskOfferings: spec({
    view: 'disk_offerings',
    filters: { name: 'name', zoneId: { array: 'zone_ids' }, state: 'state', tags: 'storage_tags' },
    keyword: ['name', 'display_text'],
    visibility: offeredTo,
  }),
  images: spec({
    view: 'images',
    filters: { name: 'name', ...owned, zoneId: { array: 'zone_ids' }, state: 'state', type: 'kind' },
    keyword: ['name', 'display_text'],
    // Public and featured images are everyone's; others are their account's and its domain admins'.
    visibility: ({ account, subtree }) =>
      `t.is_public OR t.is_featured OR t.account_id = ${account} OR t.tenant_domain_id = ANY(${subtree})`,
  }),
  vms: spec({
    view: 'vms',
    reads: ['vms', 'volumes'],
    filters: {
      name: 'name',
      ...owned,
      zoneId: 'zone_id',
      podId: 'pod_id',
      clusterId: 'cluster_id',
      hostId: 'host_id',
      state: 'state',
    },
    keyword: ['name', 'display_name'],
    details: {
      volumes: `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'name', v.name, 'type', v.type,
        'deviceId', v.device_id, 'sizeBytes', v.size_bytes, 'state', v.state) ORDER BY v.device_id, v.id), '[]')
        FROM volumes v WHERE v.vm_id = t.id)`,
    },
  }),
  volumes: spec({
    view: 'volumes',
    filters: { name: 'name', ...owned, zoneId: 'zone_id', state: 'state', vmId: 'vm_id', type: 'type' },
    keyword: ['name'],
  }),
  snapshots: spec({
    view: 'snapshots',
    filters: { name: 'name', ...owned, zoneId: { array: 'zone_ids' }, state: 'state' },
    keyword: ['name'],
  }),
  snapshotPolicies: spec({
    view: 'snapshot_policies',
    filters: { ...owned, type: 'interval_type' },
    sorts: { created: 'created_at', id: 'id' },
    defaultSort: 'created',
  }),
  jobs: spec({
    view: 'jobs',
    filters: { ...owned, state: 'state', type: 'command' },
    keyword: ['command'],
    sorts: { created: 'created_at', id: 'id' },
    defaultSort: 'created',
    removable: false,
  }),
  auditLog: spec({
    view: 'audit_log',
    filters: { ...owned, type: 'type', level: 'level' },
    keyword: ['description'],
    sorts: { created: 'created_at', id: 'id' },
    defaultSort: 'created',
    removable: false,
  }),
} as const;

export type ResourceName = keyof typeof resourceSpecs;

export type ResourceQueries = {
  list(filters?: ListFilters, options?: PageOptions): Promise<Page<Item>>;
  get(id: string, options?: ReadOptions): Promise<Item | null>;
};

/** List and get for every resource, over one pool: `queries(pool).vms.list({ state: 'Running' })`. */
export const queries = (pool: pg.Pool): Record<ResourceName, ResourceQueries> =>
  Object.fromEntries(
    Object.entries(resourceSpecs).map(([name, s]) => [
      name,
      {
        list: (filters?: ListFilters, options?: PageOptions) => listResources(pool, s, filters, options),
        get: (id: string, options?: ReadOptions) => getResource(pool, s, id, options),
      },
    ]),
  ) as Record<ResourceName, ResourceQueries>;
