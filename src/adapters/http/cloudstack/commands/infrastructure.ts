import { createHash } from 'node:crypto';
import { capabilitiesOf, type HypervisorType, hypervisorTypes } from '../../../../domain/hypervisor/index.ts';
import {
  clusterCapacity,
  type ListFilters,
  queries,
  type ResourceName,
} from '../../../../projections/queries/index.ts';
import { type EntityTable, f, nameOf, type Row } from '../entityTable.ts';
import { csDate } from '../protocol.ts';
import { pageOf } from '../scope.ts';
import { type Call, type CommandSpec, listParams, type ParamSpec, p } from '../table.ts';
import { byTable, mapRows } from './lists.ts';
import { filtersFrom, given } from './params.ts';
import { list } from './shared.ts';

const s = 'string';
const MiB = 1024 ** 2;
const rootOnly = ['Admin', 'ResourceAdmin'] as const;
/** The fields of an infrastructure resource's identity and of where it is placed. */
const named: EntityTable = { id: [s, f('id')], name: [s, f('name')] };
const inZone: EntityTable = { zoneid: [s, f('zoneId')], zonename: [s, nameOf('zones', 'zoneId')] };
const inPod: EntityTable = { podid: [s, f('podId')], podname: [s, nameOf('pods', 'podId')] };
const inCluster: EntityTable = {
  clusterid: [s, f('clusterId')],
  clustername: [s, nameOf('clusters', 'clusterId')],
};
const created: EntityTable = { created: ['date', (r) => csDate(r.createdAt)] };
const joined = (key: string) => (r: Row) => (r[key] as string[] | undefined)?.join(',') || undefined;

/** CloudStack's StoragePoolType names for Skyledger's pool types. */
const poolTypeName: Readonly<Record<string, string>> = {
  NFS: 'NetworkFilesystem',
  Local: 'Filesystem',
  iSCSI: 'IscsiLUN',
  FC: 'FiberChannel',
  SharedMountPoint: 'SharedMountPoint',
};

export const infrastructureEntities = {
  pod: {
    ...named,
    ...inZone,
    gateway: [s, f('gateway')],
    netmask: [s, f('netmask')],
    startip: ['list', (r) => [r.startIp]],
    endip: ['list', (r) => [r.endIp]],
    allocationstate: [s, f('allocationState')],
  },
  cluster: {
    ...named,
    ...inPod,
    ...inZone,
    hypervisortype: [s, f('hypervisor')],
    clustertype: [s, () => 'CloudManaged'],
    allocationstate: [s, f('allocationState')],
    managedstate: [s, () => 'Managed'],
    cpuovercommitratio: [s, (r) => String(r.cpuOverprovisioning)],
    memoryovercommitratio: [s, (r) => String(r.memoryOverprovisioning)],
  },
  host: {
    ...named,
    state: [s, f('status')],
    resourcestate: [s, f('resourceState')],
    type: [s, () => 'Routing'],
    ...inZone,
    ...inPod,
    ...inCluster,
    clustertype: [s, () => 'CloudManaged'],
    hypervisor: [s, f('hypervisor')],
    cpunumber: ['integer', f('cpuCores')],
    cpuspeed: ['long', f('cpuSpeedMhz')],
    cpuallocatedvalue: ['long', (r) => Number(r.cpuUsedMhz) + Number(r.cpuReservedMhz)],
    cpuallocated: [s, (r) => percent(Number(r.cpuUsedMhz) + Number(r.cpuReservedMhz), Number(r.cpuTotalMhz))],
    cpuwithoverprovisioning: [s, (r) => String(r.cpuTotalMhz)],
    memorytotal: ['long', (r) => Number(r.memoryMib) * MiB],
    memoryallocated: ['long', (r) => (Number(r.memoryUsedMib) + Number(r.memoryReservedMib)) * MiB],
    memorywithoverprovisioning: [s, (r) => String(Number(r.memoryTotalMib) * MiB)],
    hosttags: [s, joined('tags')],
    ...created,
  },
  storagepool: {
    ...named,
    ...inZone,
    ...inPod,
    ...inCluster,
    type: [s, (r) => poolTypeName[r.type as string] ?? r.type],
    scope: [s, (r) => String(r.scope).toUpperCase()],
    state: [s, f('status')],
    hypervisor: [s, f('hypervisor')],
    tags: [s, joined('tags')],
    disksizetotal: ['long', (r) => Number(r.capacityBytes)],
    disksizeallocated: ['long', (r) => Number(r.allocatedBytes)],
    disksizeused: ['long', (r) => Number(r.usedBytes)],
    overprovisionfactor: [s, (r) => String(r.overprovisioning)],
    ...created,
  },
  imagestore: {
    ...named,
    url: [s, f('url')],
    protocol: [s, (r) => String(r.url).split(':')[0]],
    providername: [s, f('provider')],
    scope: [s, () => 'ZONE'],
    ...inZone,
    readonly: ['boolean', f('readOnly')],
  },
  capacity: {
    type: ['short', f('type')],
    name: [s, f('name')],
    capacitytotal: ['long', f('total')],
    capacityused: ['long', f('used')],
    capacityallocated: ['long', f('used')],
    percentused: [s, (r) => percent(Number(r.used), Number(r.total)).replace('%', '')],
    ...inZone,
  },
  hypervisor: { name: [s, f('name')] },
  hypervisorCapabilities: {
    id: [s, f('id')],
    hypervisor: [s, f('hypervisor')],
    hypervisorversion: [s, () => 'default'],
    maxguestslimit: ['long', (r) => r.maxGuestsPerHost ?? 9223372036854775807n.toString()],
    maxdatavolumeslimit: ['integer', f('maxDataVolumes')],
    maxhostspercluster: ['integer', f('maxHostsPerCluster')],
    securitygroupenabled: ['boolean', f('securityGroups')],
    storagemotionenabled: ['boolean', (r) => r.liveMigration === 'zone'],
    vmsnapshotenabled: ['boolean', f('vmSnapshots')],
  },
} satisfies Record<string, EntityTable>;

function percent(used: number, total: number): string {
  return `${total > 0 ? ((used / total) * 100).toFixed(2) : '0.00'}%`;
}

/** A stable id per hypervisor (CloudStack's hypervisor_capabilities rows have uuids). */
const hypervisorId = (type: string) => {
  const h = createHash('sha1').update(`hypervisor-capabilities:${type}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

type InfraEntity = keyof typeof infrastructureEntities;

/** A root-admin list over one read model: the filters it names map one to one to the query's. */
const infraList = (
  name: string,
  description: string,
  resource: ResourceName,
  entity: InfraEntity,
  filters: readonly (readonly [param: string, filter: keyof ListFilters, description: string])[],
  extra: readonly ParamSpec[] = [],
  keep: (call: Call, row: Row) => boolean = () => true,
): CommandSpec => ({
  name,
  description,
  isasync: false,
  entity,
  roles: rootOnly,
  params: [
    ...listParams,
    p.opt('id', 'uuid', `the ID of the ${entity}`),
    p.opt('name', 'string', `the name of the ${entity}`),
    ...filters.map(([param, , d]) => p.opt(param, param.endsWith('id') ? 'uuid' : 'string', d)),
    ...extra,
  ],
  run: async (call) => {
    const named = Object.fromEntries(filters.map(([param, filter]) => [filter, param]));
    const { items, count } = await pageOf(
      call,
      resource,
      filtersFrom(call, { id: 'id', name: 'name', ...named }),
    );
    const shown = (items as Row[]).filter((r) => keep(call, r));
    const rows = await mapRows(call, byTable(infrastructureEntities[entity]), shown);
    return list(entity, rows, shown.length === items.length ? count : shown.length);
  },
});

const zoneFilter = ['zoneid', 'zoneId', 'the Zone ID'] as const;
const podFilter = ['podid', 'podId', 'the Pod ID'] as const;
const clusterFilter = ['clusterid', 'clusterId', 'the Cluster ID'] as const;
const byHypervisor = (call: Call, r: Row) =>
  !call.str('hypervisor') || r.hypervisor === call.str('hypervisor');
const hypervisorParam = p.opt('hypervisor', 'string', 'the hypervisor type');

/** listCapacity's rows: memory (0), CPU (1), storage (2) and allocated storage (3) per zone. */
const capacityRows = async (call: Call): Promise<Row[]> => {
  const scope = given(call, { zoneId: 'zoneid', podId: 'podid', clusterId: 'clusterid' });
  const clusters = await clusterCapacity(call.http.app.pool, scope);
  const { items: pools } = await queries(call.http.app.pool).storagePools.list(scope, { pageSize: 1000 });
  const zones = new Set([...clusters.map((c) => c.zoneId), ...pools.map((x) => x.zoneId as string)]);
  const sum = <T>(xs: readonly T[], get: (x: T) => number) => xs.reduce((a, x) => a + get(x), 0);
  const rows: Row[] = [];
  for (const zoneId of [...zones].sort()) {
    const cs = clusters.filter((c) => c.zoneId === zoneId);
    const ps = pools.filter((x) => x.zoneId === zoneId);
    const row = (type: number, name: string, total: number, used: number) =>
      ({
        id: `${zoneId}:${type}`,
        type,
        name,
        total: Math.round(total),
        used: Math.round(used),
        zoneId,
      }) as Row;
    rows.push(
      row(
        0,
        'MEMORY',
        sum(cs, (c) => c.memoryTotalMiB) * MiB,
        sum(cs, (c) => c.memoryUsedMiB + c.memoryReservedMiB) * MiB,
      ),
      row(
        1,
        'CPU',
        sum(cs, (c) => c.cpuTotalMhz),
        sum(cs, (c) => c.cpuUsedMhz + c.cpuReservedMhz),
      ),
      row(
        2,
        'STORAGE',
        sum(ps, (x) => Number(x.capacityBytes)),
        sum(ps, (x) => Number(x.usedBytes)),
      ),
      row(
        3,
        'STORAGE_ALLOCATED',
        sum(ps, (x) => Number(x.totalBytes)),
        sum(ps, (x) => Number(x.allocatedBytes)),
      ),
    );
  }
  const type = call.int('type');
  return rows.filter((r) => type === undefined || r.type === type);
};

export const infrastructureCommands: readonly CommandSpec[] = [
  infraList('listPods', 'Lists all Pods.', 'pods', 'pod', [
    zoneFilter,
    ['allocationstate', 'state', 'list pods by allocation state'],
  ]),
  infraList(
    'listClusters',
    'Lists clusters.',
    'clusters',
    'cluster',
    [zoneFilter, podFilter, ['allocationstate', 'state', 'list clusters by allocation state']],
    [hypervisorParam],
    byHypervisor,
  ),
  infraList(
    'listHosts',
    'Lists hosts.',
    'hosts',
    'host',
    [zoneFilter, podFilter, clusterFilter, ['state', 'state', 'the state of the host (Up, Down, ...)']],
    [
      hypervisorParam,
      p.opt('type', 'string', 'the host type (Routing)'),
      p.opt('resourcestate', 'string', 'Enabled, Disabled, Maintenance, ...'),
    ],
    (call, r) =>
      byHypervisor(call, r) &&
      (!call.str('type') || call.str('type') === 'Routing') &&
      (!call.str('resourcestate') || r.resourceState === call.str('resourcestate')),
  ),
  infraList(
    'listStoragePools',
    'Lists storage pools.',
    'storagePools',
    'storagepool',
    [
      zoneFilter,
      podFilter,
      clusterFilter,
      ['hostid', 'hostId', 'host ID of the storage pools'],
      ['status', 'state', 'the status of the storage pool'],
    ],
    [p.opt('scope', 'string', 'the scope of the storage pool (CLUSTER, ZONE, HOST)')],
    (call, r) => !call.str('scope') || String(r.scope).toUpperCase() === call.str('scope')!.toUpperCase(),
  ),
  infraList(
    'listImageStores',
    'Lists image stores.',
    'imageStores',
    'imagestore',
    [zoneFilter],
    [p.opt('provider', 'string', 'the image store provider')],
    (call, r) => !call.str('provider') || r.provider === call.str('provider'),
  ),
  {
    name: 'listCapacity',
    description: 'Lists all the system wide capacities.',
    isasync: false,
    entity: 'capacity',
    roles: rootOnly,
    params: [
      ...listParams,
      p.opt('zoneid', 'uuid', 'lists capacity by the Zone ID'),
      p.opt('podid', 'uuid', 'lists capacity by the Pod ID'),
      p.opt('clusterid', 'uuid', 'lists capacity by the Cluster ID'),
      p.opt('type', 'integer', 'lists capacity by type: 0 memory, 1 CPU, 2 storage, 3 storage allocated'),
    ],
    run: async (call) => {
      const rows = await capacityRows(call);
      return list(
        'capacity',
        await mapRows(call, byTable(infrastructureEntities.capacity), rows),
        rows.length,
      );
    },
  },
  {
    name: 'listHypervisors',
    description: 'List hypervisors',
    isasync: false,
    entity: 'hypervisor',
    params: [p.opt('zoneid', 'uuid', 'the zone id for listing hypervisors')],
    run: async (call) => {
      const zoneId = call.str('zoneid');
      const types = zoneId
        ? [
            ...new Set(
              (await queries(call.http.app.pool).clusters.list({ zoneId }, { pageSize: 1000 })).items.map(
                (c) => c.hypervisor as string,
              ),
            ),
          ].sort()
        : [...hypervisorTypes];
      return list(
        'hypervisor',
        types.map((name) => ({ name })),
        types.length,
      );
    },
  },
  {
    name: 'listHypervisorCapabilities',
    description: 'Lists all hypervisor capabilities.',
    isasync: false,
    entity: 'hypervisorCapabilities',
    roles: rootOnly,
    params: [
      ...listParams,
      p.opt('id', 'uuid', 'ID of the hypervisor capability'),
      p.opt('hypervisor', 'string', 'the hypervisor for which to restrict the search'),
    ],
    run: async (call) => {
      const rows = hypervisorTypes
        .map(
          (t: HypervisorType) =>
            ({ ...capabilitiesOf(t), id: hypervisorId(t), hypervisor: t }) as unknown as Row,
        )
        .filter(
          (r) =>
            (!call.str('id') || r.id === call.str('id')) &&
            (!call.str('hypervisor') || r.hypervisor === call.str('hypervisor')),
        );
      const table = byTable(infrastructureEntities.hypervisorCapabilities);
      return list('hypervisorCapabilities', await mapRows(call, table, rows), rows.length);
    },
  },
];
