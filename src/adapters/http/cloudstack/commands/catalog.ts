import { queries } from '../../../../projections/queries/index.ts';
import { diskOfferingOf, Names, serviceOfferingOf, templatesOf, zoneOf } from '../entities.ts';
import { CsError } from '../protocol.ts';
import { canSee } from '../scope.ts';
import { type Call, type CommandSpec, listParams, p } from '../table.ts';
import { pagedList } from './lists.ts';
import { csv, filtersFrom } from './params.ts';
import { list } from './shared.ts';

const f = (call: Call, k: string) => call.str(k);

/** Offerings visible to a caller: public ones and those restricted to a domain the caller is in or above. */
const offeringVisible = (call: Call, o: Record<string, unknown>) => {
  const domains = (o.domainIds as string[] | undefined) ?? [];
  return (
    call.caller.roleType === 'Admin' || domains.length === 0 || domains.includes(call.caller.tenantDomainId)
  );
};

/** In-memory page over an already filtered small catalog (offerings, templates). */
const pageInMemory = <T>(call: Call, items: readonly T[]) => {
  const page = call.int('page');
  const size = call.int('pagesize');
  if (page === undefined || size === undefined || size === -1) return items;
  return items.slice((Math.max(page, 1) - 1) * size, Math.max(page, 1) * size);
};

const templateFilters = [
  'featured',
  'self',
  'selfexecutable',
  'sharedexecutable',
  'executable',
  'community',
  'all',
];

export const catalogCommands: readonly CommandSpec[] = [
  {
    name: 'listZones',
    description: 'Lists zones',
    isasync: false,
    entity: 'zone',
    params: [
      ...listParams,
      p.opt('id', 'uuid', 'the ID of the zone'),
      p.opt('ids', 'list', 'the IDs of the zones'),
      p.opt('name', 'string', 'the name of the zone'),
      p.opt('available', 'boolean', 'true: only zones the caller can deploy to'),
      p.opt('networktype', 'string', 'the network type of the zone (Basic, Advanced)'),
    ],
    run: async (call) => {
      const admin = call.caller.roleType === 'Admin';
      const networkType = f(call, 'networktype');
      return pagedList(
        call,
        'zone',
        'zones',
        {
          ...filtersFrom(call, { id: 'id', ids: ['ids', csv], name: 'name' }),
          // Disabled zones are for root admins only.
          ...(admin ? {} : { state: 'Enabled' }),
        },
        (_, zone) => zoneOf(zone),
        networkType ? (z) => z.networkType === networkType : undefined,
      );
    },
  },
  {
    name: 'listServiceOfferings',
    description: 'Lists all available service offerings.',
    isasync: false,
    entity: 'serviceoffering',
    params: [
      ...listParams,
      p.opt('id', 'uuid', 'ID of the service offering'),
      p.opt('name', 'string', 'name of the service offering'),
      p.opt('zoneid', 'uuid', 'the ID of the zone'),
      p.opt('issystem', 'boolean', 'true: system offerings'),
    ],
    run: async (call) => {
      const { items } = await queries(call.http.app.pool).serviceOfferings.list(
        filtersFrom(call, { id: 'id', name: 'name', keyword: 'keyword' }),
        { pageSize: 1000 },
      );
      const zone = f(call, 'zoneid');
      const system = call.bool('issystem') ?? false;
      const visible = items.filter(
        (o) =>
          offeringVisible(call, o) &&
          o.isSystem === system &&
          (!zone || (o.zoneIds as string[]).length === 0 || (o.zoneIds as string[]).includes(zone)),
      );
      return list('serviceoffering', pageInMemory(call, visible).map(serviceOfferingOf), visible.length);
    },
  },
  {
    name: 'listDiskOfferings',
    description: 'Lists all available disk offerings.',
    isasync: false,
    entity: 'diskoffering',
    params: [
      ...listParams,
      p.opt('id', 'uuid', 'ID of the disk offering'),
      p.opt('name', 'string', 'name of the disk offering'),
      p.opt('zoneid', 'uuid', 'the ID of the zone'),
    ],
    run: async (call) => {
      const { items } = await queries(call.http.app.pool).diskOfferings.list(
        filtersFrom(call, { id: 'id', name: 'name', keyword: 'keyword' }),
        { pageSize: 1000 },
      );
      const zone = f(call, 'zoneid');
      const visible = items.filter(
        (o) =>
          offeringVisible(call, o) &&
          (!zone || (o.zoneIds as string[]).length === 0 || (o.zoneIds as string[]).includes(zone)),
      );
      return list('diskoffering', pageInMemory(call, visible).map(diskOfferingOf), visible.length);
    },
  },
  {
    name: 'listTemplates',
    description: 'List all public, private, and privileged templates.',
    isasync: false,
    entity: 'template',
    params: [
      ...listParams,
      p.req(
        'templatefilter',
        'string',
        'featured, self, selfexecutable, sharedexecutable, executable, community or all',
      ),
      p.opt('id', 'uuid', 'the template ID'),
      p.opt('ids', 'list', 'the IDs of the templates'),
      p.opt('name', 'string', 'the template name'),
      p.opt('zoneid', 'uuid', 'list templates by zoneId'),
      p.opt('hypervisor', 'string', 'the hypervisor for which to restrict the search'),
    ],
    run: async (call) => {
      const filter = call.need('templatefilter');
      if (!templateFilters.includes(filter))
        throw new CsError(
          431,
          `Unable to execute API command listtemplates due to invalid value ${filter} for parameter templatefilter`,
          9999,
        );
      const { items } = await queries(call.http.app.pool).images.list(
        {
          type: 'TEMPLATE',
          ...filtersFrom(call, {
            id: 'id',
            ids: ['ids', csv],
            name: 'name',
            zoneId: 'zoneid',
            keyword: 'keyword',
          }),
        },
        { pageSize: 1000 },
      );
      const own = (t: Record<string, unknown>) => t.accountId === call.caller.accountId;
      const shown = [];
      for (const t of items) {
        const mine = own(t) || (call.caller.roleType !== 'User' && (await canSee(call, t as never)));
        const pass =
          filter === 'featured'
            ? t.isFeatured === true
            : filter === 'self' || filter === 'selfexecutable'
              ? own(t)
              : filter === 'community'
                ? t.isPublic === true && t.isFeatured !== true
                : filter === 'all'
                  ? mine || t.isPublic === true
                  : own(t) || t.isPublic === true;
        if (pass && (!f(call, 'hypervisor') || t.hypervisor === f(call, 'hypervisor'))) shown.push(t);
      }
      const names = new Names(call);
      const zone = f(call, 'zoneid');
      const rows = (await Promise.all(shown.map((t) => templatesOf(names, t))))
        .flat()
        .filter((r) => !zone || r.zoneid === zone);
      return list('template', pageInMemory(call, rows), rows.length);
    },
  },
];
