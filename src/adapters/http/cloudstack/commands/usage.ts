import { localDay } from '../../../../domain/usage/index.ts';
import { queries } from '../../../../projections/queries/index.ts';
import {
  balance,
  generateUsageRecords,
  listTariffs,
  listUsageRecords,
  listUsageTypes,
  type UsageFilter,
} from '../../../../projections/usage/index.ts';
import { Names } from '../entities.ts';
import { type EntityTable, f, mapEntity, nameOf, type Row } from '../entityTable.ts';
import { CsError, csDate } from '../protocol.ts';
import { canSee, ownerFilters } from '../scope.ts';
import { type Call, type CommandSpec, listParams, p } from '../table.ts';
import { byTable, mapRows } from './lists.ts';
import { given } from './params.ts';
import { list } from './shared.ts';

const s = 'string';
const l = 'long';
const vmTypes = new Set([1, 2]);

export const usageEntities = {
  usagerecord: {
    account: [s, nameOf('accounts', 'accountId')],
    accountid: [s, f('accountId')],
    domainid: [s, f('tenantDomainId')],
    domain: [s, nameOf('tenantDomains', 'tenantDomainId')],
    zoneid: [s, f('zoneId')],
    description: [s, f('description')],
    usage: [s, f('usage')],
    usagetype: ['integer', f('usageType')],
    rawusage: [s, (r) => String(r.rawUsage)],
    usageid: [s, f('usageId')],
    virtualmachineid: [s, (r) => (vmTypes.has(r.usageType as number) ? r.usageId : undefined)],
    name: [s, f('name')],
    offeringid: [s, f('offeringId')],
    templateid: [s, f('templateId')],
    type: [s, f('type')],
    size: [l, f('sizeBytes')],
    virtualsize: [l, f('virtualSizeBytes')],
    cpunumber: [l, f('cpuNumber')],
    cpuspeed: [l, f('cpuSpeedMhz')],
    memory: [l, f('memoryMiB')],
    startdate: [s, f('startDate')],
    enddate: [s, f('endDate')],
  },
  usagetype: {
    usagetypeid: ['integer', f('id')],
    id: ['integer', f('id')],
    name: [s, f('name')],
    description: [s, f('description')],
  },
  quotatariff: {
    id: [s, f('tariffId')],
    name: [s, f('name')],
    description: [s, f('description')],
    usageType: ['integer', f('quotaType')],
    usageName: [s, f('quotaTypeName')],
    usageUnit: [s, f('unit')],
    tariffValue: ['double', f('value')],
    currency: [s, f('currency')],
    effectiveDate: ['date', (r) => csDate(r.effectiveFrom)],
    endDate: ['date', (r) => csDate(r.effectiveUntil ?? r.endedAt)],
    removed: ['boolean', (r) => r.endedAt !== null && r.endedAt !== undefined],
  },
  balance: {
    accountid: [s, f('accountId')],
    account: [s, nameOf('accounts', 'accountId')],
    domainid: [s, f('tenantDomainId')],
    startquota: ['double', f('start')],
    endquota: ['double', f('end')],
    startdate: ['date', (r) => csDate(r.startDate)],
    enddate: ['date', (r) => csDate(r.endDate)],
    currency: [s, f('currency')],
  },
} satisfies Record<string, EntityTable>;

/** CloudStack's startdate/enddate: `yyyy-MM-dd` (a whole local day) or `yyyy-MM-dd HH:mm:ss` (UTC). */
const instantOf = (call: Call, name: string, end: boolean): number => {
  const value = call.need(name).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = localDay('UTC', value);
    return end ? day.end : day.start;
  }
  const t = Date.parse(`${value.replace(' ', 'T')}Z`);
  if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(value) || Number.isNaN(t))
    throw new CsError(
      431,
      `Unable to parse date ${value} for parameter ${name}; use yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`,
      9999,
    );
  return t;
};

/** The accounts or domains the caller's usage query covers, from the same scoping as every list. */
const scopeOfUsage = async (call: Call): Promise<Pick<UsageFilter, 'accountIds' | 'tenantDomainIds'>> => {
  const accountId = call.str('accountid');
  if (accountId) {
    const account = await queries(call.http.app.pool).accounts.get(accountId);
    return {
      accountIds:
        account && (await canSee(call, { accountId, tenantDomainId: account.tenantDomainId as string }))
          ? [accountId]
          : [],
    };
  }
  const owner = await ownerFilters(call);
  if (owner.accountId) return { accountIds: [owner.accountId] };
  if (!owner.tenantDomainId) return {};
  const { items } = await queries(call.http.app.pool).tenantDomains.list(
    { tenantDomainId: owner.tenantDomainId, isRecursive: owner.isRecursive ?? false },
    { pageSize: 10_000 },
  );
  return { tenantDomainIds: items.map((d) => d.id) };
};

const mapAll = (call: Call, table: EntityTable, rows: readonly object[]) =>
  mapRows(call, byTable(table), rows);

export const usageCommands: readonly CommandSpec[] = [
  {
    name: 'listUsageRecords',
    description: 'Lists usage records for accounts',
    isasync: false,
    entity: 'usagerecord',
    params: [
      ...listParams,
      p.req(
        'startdate',
        'date',
        'Start date range for usage record query (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)',
      ),
      p.req('enddate', 'date', 'End date range for usage record query (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)'),
      p.opt('type', 'long', 'List usage records for the specified usage type'),
      p.opt('usageid', 'string', 'List usage records for the specified usage UUID'),
      p.opt('account', 'string', 'List usage records for the specified user; with domainid'),
      p.opt('accountid', 'uuid', 'List usage records for the specified account'),
      p.opt('domainid', 'uuid', 'List usage records for the specified domain'),
      p.opt('isrecursive', 'boolean', 'with domainid: also the domains below it'),
    ],
    run: async (call) => {
      const from = instantOf(call, 'startdate', false);
      const to = instantOf(call, 'enddate', true);
      if (to <= from)
        throw new CsError(431, 'Incorrect Date Range. Start date must be before the end date', 9999);
      const page = await listUsageRecords(call.http.app.pool, {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        // Admin-wide by default, as CloudStack's listUsageRecords for a root admin.
        ...(await scopeOfUsage(callWithListAll(call))),
        ...(call.int('type') !== undefined ? { usageType: call.int('type')! } : {}),
        ...given(call, { usageId: 'usageid' }),
        ...(call.int('page') !== undefined ? { page: Math.max(call.int('page')!, 1) } : {}),
        ...(call.int('pagesize') !== undefined && call.int('pagesize')! > 0
          ? { pageSize: call.int('pagesize')! }
          : {}),
      });
      return list('usagerecord', await mapAll(call, usageEntities.usagerecord, page.records), page.count);
    },
  },
  {
    name: 'listUsageTypes',
    description: 'List Usage Types',
    isasync: false,
    entity: 'usagetype',
    params: [],
    run: async (call) => {
      const types = listUsageTypes();
      return list('usagetype', await mapAll(call, usageEntities.usagetype, types), types.length);
    },
  },
  {
    name: 'generateUsageRecords',
    description:
      'Generates usage records. This will generate records only if there any records to be generated',
    isasync: false,
    roles: ['Admin'],
    params: [
      p.opt(
        'startdate',
        'date',
        'Start date range for usage record query (accepted; records are always current)',
      ),
      p.opt(
        'enddate',
        'date',
        'End date range for usage record query (accepted; records are always current)',
      ),
      p.opt('domainid', 'uuid', 'List events for the specified domain.'),
    ],
    run: async (call) => {
      const out = await generateUsageRecords({ pool: call.http.app.pool, store: call.http.app.store });
      return { kind: 'success', position: out.position };
    },
  },
  {
    name: 'quotaBalance',
    description: 'Create a quota balance statement',
    isasync: false,
    entity: 'balance',
    params: [
      p.req('account', 'string', 'Account Id for which statement needs to be generated'),
      p.req(
        'domainid',
        'uuid',
        'If domain Id is given and the caller is domain admin then the statement is generated for domain.',
      ),
      p.opt('startdate', 'date', 'Start date range for quota query (default: now)'),
      p.opt('enddate', 'date', 'End date range for quota query'),
      p.opt('currency', 'string', 'the currency (default: the first with a tariff or credit)'),
    ],
    run: async (call) => {
      const owner = await ownerFilters(call);
      const accountId = owner.accountId;
      if (!accountId) throw new CsError(431, 'Please specify the account and domainid of the balance', 9999);
      const account = await queries(call.http.app.pool).accounts.get(accountId);
      const at = (name: string) =>
        call.str(name) ? new Date(instantOf(call, name, name === 'enddate')).toISOString() : undefined;
      const startDate = at('startdate') ?? new Date().toISOString();
      const endDate = at('enddate');
      const currency = call.str('currency');
      const [start, end] = await Promise.all([
        balance(call.http.app.pool, accountId, { at: startDate, ...(currency ? { currency } : {}) }),
        endDate
          ? balance(call.http.app.pool, accountId, { at: endDate, ...(currency ? { currency } : {}) })
          : null,
      ]);
      const first = start[0];
      const row = {
        id: accountId,
        accountId,
        tenantDomainId: account?.tenantDomainId,
        start: first?.balance ?? 0,
        end: end?.find((b) => b.currency === first?.currency)?.balance,
        startDate,
        endDate,
        currency: first?.currency ?? currency,
      } as Row;
      return {
        kind: 'object',
        key: 'balance',
        value: await mapEntity(usageEntities.balance, new Names(call), row),
      };
    },
  },
  {
    name: 'quotaTariffList',
    description: 'Lists all quota tariff plans',
    isasync: false,
    entity: 'quotatariff',
    params: [
      ...listParams,
      p.opt('usagetype', 'integer', 'Usage type of the resource'),
      p.opt('startdate', 'date', 'The start date of the quota tariff (yyyy-MM-dd)'),
      p.opt('listall', 'boolean', 'true: ended tariffs too'),
      p.opt('name', 'string', 'The name of the quota tariff'),
    ],
    run: async (call) => {
      const tariffs = (
        await listTariffs(call.http.app.pool, {
          ...(call.int('usagetype') !== undefined ? { quotaType: call.int('usagetype')! } : {}),
          ...(call.str('startdate')
            ? { at: new Date(instantOf(call, 'startdate', false)).toISOString() }
            : {}),
          ...(call.bool('listall') ? { includeEnded: true } : {}),
        })
      ).filter((t) => !call.str('name') || t.name === call.str('name'));
      return list('quotatariff', await mapAll(call, usageEntities.quotatariff, tariffs), tariffs.length);
    },
  },
];

/** Usage lists cover everything the caller may see unless narrowed (CloudStack's listUsageRecords has no listall). */
const callWithListAll = (call: Call): Call =>
  call.str('listall') !== undefined
    ? call
    : { ...call, bool: (name) => (name === 'listall' ? true : call.bool(name)) };
