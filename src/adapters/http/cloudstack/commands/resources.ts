import {
  deleteImage,
  type LimitOwner,
  registerTemplate,
  resourceLimitsOf,
  updateResourceLimit,
} from '../../../../commands/admin/index.ts';
import {
  createSnapshotPolicy,
  deleteSnapshotPolicies,
  listSnapshotPolicies,
} from '../../../../commands/storage/index.ts';
import type { DiskFormat, HypervisorType } from '../../../../domain/hypervisor/index.ts';
import { resourceTypeOfOrdinal, resourceTypes } from '../../../../domain/limits/index.ts';
import { type IntervalType, intervalTypes } from '../../../../domain/snapshotPolicy/index.ts';
import { queries } from '../../../../projections/queries/index.ts';
import { Names, templatesOf } from '../entities.ts';
import { type EntityTable, f, mapEntity, type Row } from '../entityTable.ts';
import { CsError } from '../protocol.ts';
import { canSee, ownerFilters } from '../scope.ts';
import { type Call, type CommandSpec, listParams, p, scopeParams } from '../table.ts';
import { byTable, mapRows, pagedList } from './lists.ts';
import { csList } from './offerings.ts';
import { filtersFrom, given, givenFlags } from './params.ts';
import { accountParam, async, list, readAfter, req } from './shared.ts';

const s = 'string';

export const resourceEntities = {
  resourcelimit: {
    resourcetype: [s, (r) => String(r.ordinal)],
    resourcetypename: [s, f('type')],
    max: ['long', f('max')],
    account: [s, f('account')],
    accountid: [s, f('accountId')],
    domainid: [s, f('tenantDomainId')],
    domain: [s, f('domain')],
    domainpath: [s, f('domainPath')],
  },
  snapshotpolicy: {
    id: [s, f('id')],
    volumeid: [s, f('volumeId')],
    schedule: [s, f('schedule')],
    intervaltype: ['short', (r) => intervalTypes.indexOf(r.intervalType as IntervalType)],
    maxsnaps: ['integer', f('maxSnaps')],
    timezone: [s, f('timezone')],
    fordisplay: ['boolean', (r) => r.forDisplay ?? true],
  },
} satisfies Record<string, EntityTable>;

/** CloudStack's resourcetype: the ordinal (0-11) or, since 4.x, the name. */
const resourceTypeParam = (call: Call, name: string) => {
  const raw = call.str(name);
  if (raw === undefined) return undefined;
  const type = /^\d+$/.test(raw)
    ? resourceTypeOfOrdinal(Number(raw))
    : resourceTypes.find((t) => t === raw.toLowerCase());
  if (!type)
    throw new CsError(
      431,
      `Please specify a valid resource type: ${raw} is not one of 0-11 or their names`,
      9999,
    );
  return type;
};

/** Whose limits: account (+domainid), a domain, or the caller's own account. */
const limitOwner = async (call: Call): Promise<LimitOwner> => {
  const accountId = await accountParam(call);
  if (accountId) return { accountId };
  const tenantDomainId = call.str('domainid');
  return tenantDomainId ? { tenantDomainId } : { accountId: call.caller.accountId };
};

const limitRows = async (call: Call, owner: LimitOwner, only?: string) => {
  const view = await resourceLimitsOf(call.http.app, req(call), owner);
  const names = new Names(call);
  const who = 'accountId' in owner ? await names.row('accounts', owner.accountId) : null;
  const domainId = 'accountId' in owner ? (who?.tenantDomainId as string) : owner.tenantDomainId;
  const domain = await names.row('tenantDomains', domainId);
  const rows = resourceTypes
    .filter((type) => !only || type === only)
    .map(
      (type, _i) =>
        ({
          id: type,
          ordinal: resourceTypes.indexOf(type),
          type,
          max: view.limits[type],
          ...('accountId' in owner ? { account: who?.name, accountId: owner.accountId } : {}),
          tenantDomainId: domainId,
          domain: domain?.name,
          domainPath: domain?.path,
        }) as Row,
    );
  return Promise.all(rows.map((r) => mapEntity(resourceEntities.resourcelimit, names, r)));
};

const policyRow = byTable(resourceEntities.snapshotpolicy);

export const resourceCommands: readonly CommandSpec[] = [
  {
    name: 'listResourceLimits',
    description: 'Lists resource limits.',
    isasync: false,
    entity: 'resourcelimit',
    params: [
      ...listParams,
      p.opt('account', 'string', 'list resources by account; must be used with domainid'),
      p.opt('domainid', 'uuid', 'list only resources belonging to the domain specified'),
      p.opt('resourcetype', 'integer', 'Type of resource: 0 user_vm … 11 secondary_storage'),
      p.opt('resourcetypename', 'string', 'Type of resource by name: user_vm … secondary_storage'),
    ],
    run: async (call) => {
      const only = resourceTypeParam(call, 'resourcetype') ?? resourceTypeParam(call, 'resourcetypename');
      const rows = await limitRows(call, await limitOwner(call), only);
      return list('resourcelimit', rows, rows.length);
    },
  },
  {
    name: 'updateResourceLimit',
    description: 'Updates resource limits for an account or domain.',
    isasync: false,
    entity: 'resourcelimit',
    roles: ['Admin', 'DomainAdmin'],
    params: [
      p.req('resourcetype', 'integer', 'Type of resource to update: 0 user_vm … 11 secondary_storage'),
      p.opt('max', 'long', 'Maximum resource limit (-1: unlimited)'),
      p.opt('account', 'string', 'Update resource for a specified account; must be used with domainid'),
      p.opt('domainid', 'uuid', 'Update resource limits for all accounts in specified domain'),
    ],
    run: async (call) => {
      const type = resourceTypeParam(call, 'resourcetype')!;
      const owner = await limitOwner(call);
      if (!call.str('account') && !call.str('domainid'))
        throw new CsError(
          431,
          'Please specify the account (with domainid) or the domain to update the limit for',
          9999,
        );
      const out = await updateResourceLimit(call.http.app, req(call), {
        owner,
        type,
        max: call.int('max') ?? -1,
      });
      const [row] = await limitRows(call, owner, type);
      return { kind: 'object', key: 'resourcelimit', value: row!, position: out.position };
    },
  },
  {
    name: 'createSnapshotPolicy',
    description: 'Creates a snapshot policy for the account.',
    isasync: false,
    entity: 'snapshotpolicy',
    params: [
      p.req('volumeid', 'uuid', 'the ID of the disk volume'),
      p.req('intervaltype', 'string', 'valid values are HOURLY, DAILY, WEEKLY, and MONTHLY'),
      p.req('schedule', 'string', 'time the snapshot is scheduled to be taken: MM, MM:HH, MM:HH:DD'),
      p.req('maxsnaps', 'integer', 'maximum number of snapshots to retain'),
      p.req('timezone', 'string', 'Specifies a timezone for this command'),
      p.opt('fordisplay', 'boolean', 'an optional field, whether to the display the policy to the end user'),
    ],
    run: async (call) => {
      const intervalType = call.need('intervaltype').toUpperCase() as IntervalType;
      if (!intervalTypes.includes(intervalType))
        throw new CsError(431, `Unsupported interval type ${call.need('intervaltype')}`, 9999);
      const out = await createSnapshotPolicy(call.http.app.storage, req(call), {
        volumeId: call.need('volumeid'),
        intervalType,
        schedule: call.need('schedule'),
        timezone: call.need('timezone'),
        maxSnaps: call.int('maxsnaps')!,
        ...givenFlags(call, { forDisplay: 'fordisplay' }),
      });
      const row = await readAfter(call, 'snapshotPolicies', out.policy.policyId, out.position);
      return {
        kind: 'object',
        key: 'snapshotpolicy',
        value: await policyRow(new Names(call), row as Row),
        position: out.position,
      };
    },
  },
  {
    name: 'listSnapshotPolicies',
    description: 'Lists snapshot policies.',
    isasync: false,
    entity: 'snapshotpolicy',
    params: [
      ...listParams,
      ...scopeParams,
      p.opt('volumeid', 'uuid', 'the ID of the disk volume'),
      p.opt('id', 'uuid', 'the ID of the snapshot policy'),
    ],
    run: async (call) => {
      const volumeId = call.str('volumeid');
      if (volumeId) {
        // The operation checks the caller may see the volume.
        const policies = await listSnapshotPolicies(call.http.app.storage, req(call), { volumeId });
        const rows = (
          await Promise.all(
            policies.map((x) => readAfter(call, 'snapshotPolicies', x.policyId, call.minPosition)),
          )
        ).filter((r) => r !== null && (!call.str('id') || r.id === call.str('id')));
        return list('snapshotpolicy', await mapRows(call, policyRow, rows as Row[]), rows.length);
      }
      const filters = { ...(await ownerFilters(call)), ...filtersFrom(call, { id: 'id' }) };
      return pagedList(call, 'snapshotpolicy', 'snapshotPolicies', filters, policyRow);
    },
  },
  {
    name: 'deleteSnapshotPolicies',
    description: 'Deletes snapshot policies for the account.',
    isasync: false,
    params: [
      p.opt('id', 'uuid', 'the Id of the snapshot policy'),
      p.opt('ids', 'list', 'list of snapshots policy IDs separated by comma'),
    ],
    run: async (call) => {
      const ids = [...(call.str('id') ? [call.str('id')!] : []), ...csList(call, 'ids')];
      if (!ids.length) throw new CsError(431, 'Either id or ids parameter is required', 9999);
      const out = await deleteSnapshotPolicies(call.http.app.storage, req(call), { ids });
      return { kind: 'success', position: out.position };
    },
  },
  {
    name: 'registerTemplate',
    description: 'Registers an existing template into the CloudStack cloud.',
    isasync: false,
    entity: 'template',
    params: [
      p.req('name', 'string', 'the name of the template'),
      p.req('url', 'string', 'the URL of where the template is hosted'),
      p.req('format', 'string', 'the format for the template: QCOW2, RAW, VHD, OVA, ...'),
      p.req('hypervisor', 'string', 'the target hypervisor for the template'),
      p.opt('displaytext', 'string', 'the display text of the template, defaults to the name'),
      p.opt('zoneid', 'uuid', 'the ID of the zone the template is to be hosted on (-1: all zones)'),
      p.opt('zoneids', 'list', 'the IDs of the zones the template is to be hosted on'),
      p.opt(
        'ostypeid',
        'string',
        'the ID (or name) of the OS type that best represents the OS of this template',
      ),
      p.opt('ispublic', 'boolean', 'true if the template is available to all accounts'),
      p.opt('isfeatured', 'boolean', 'true if this template is a featured template'),
      p.opt('passwordenabled', 'boolean', 'true if the template supports the password reset feature'),
      p.opt(
        'isdynamicallyscalable',
        'boolean',
        'true if the template contains XS/VMWare tools to support dynamic scaling',
      ),
      p.opt('account', 'string', 'an optional accountName; must be used with domainId'),
      p.opt(
        'domainid',
        'uuid',
        'an optional domainId; if the account parameter is used, domainId must also be used',
      ),
    ],
    run: async (call) => {
      const zones = [...(call.str('zoneid') ? [call.str('zoneid')!] : []), ...csList(call, 'zoneids')];
      const all = call.str('zoneid') === '-1' || zones.length === 0;
      const accountId = await accountParam(call);
      const out = await registerTemplate(call.http.app, req(call), {
        name: call.need('name'),
        url: call.need('url'),
        format: call.need('format').toUpperCase() as DiskFormat,
        hypervisor: call.need('hypervisor') as HypervisorType,
        osType: call.str('ostypeid') ?? 'Other',
        zoneIds: all ? 'all' : zones.filter((z) => z !== '-1'),
        ...given(call, { displayText: 'displaytext' }),
        ...givenFlags(call, {
          isPublic: 'ispublic',
          isFeatured: 'isfeatured',
          passwordEnabled: 'passwordenabled',
          dynamicallyScalable: 'isdynamicallyscalable',
        }),
        ...(accountId ? { accountId } : {}),
      });
      const row = await readAfter(call, 'images', out.imageId, out.position);
      const rows = row ? await templatesOf(new Names(call), row as Row) : [];
      return { kind: 'list', key: 'template', items: rows, count: rows.length, position: out.position };
    },
  },
  {
    name: 'deleteTemplate',
    description:
      'Deletes a template from the system. All virtual machines using the deleted template will not be affected.',
    isasync: true,
    params: [
      p.req('id', 'uuid', 'the ID of the template'),
      p.opt('zoneid', 'uuid', 'the ID of zone of the template'),
      p.opt('forced', 'boolean', 'Force delete a template.'),
    ],
    run: async (call) => {
      const id = call.need('id');
      const image = await queries(call.http.app.pool).images.get(id);
      // A template outside the caller's sight answers as one that does not exist.
      if (image?.kind !== 'TEMPLATE' || !(await canSee(call, image as never)))
        throw new CsError(431, `Unable to find template with id ${id}`, 4350);
      return async(
        await deleteImage(call.http.app, req(call), {
          imageId: id,
          kind: 'TEMPLATE',
          ...given(call, { zoneId: 'zoneid' }),
          ...givenFlags(call, { forced: 'forced' }),
        }),
      );
    },
  },
];
