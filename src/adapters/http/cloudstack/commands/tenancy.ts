import {
  createAccount,
  createTenantDomain,
  createUser,
  disableAccount,
  enableAccount,
  registerUserKeys,
  requireUserAccess,
} from '../../../../commands/admin/index.ts';
import { decrypt } from '../../../../commands/admin/tenancy/secrets.ts';
import {
  type AccountType,
  accountTypeOfOrdinal,
  accountTypeOrdinals,
  defaultRoles,
  scopeOf,
} from '../../../../domain/tenancy/roles.ts';
import { waitForPosition } from '../../../../projections/consistency.ts';
import { queries } from '../../../../projections/queries/index.ts';
import { Names } from '../entities.ts';
import { type EntityTable, f, mapEntity, nameOf, type Row } from '../entityTable.ts';
import { CsError, csDate } from '../protocol.ts';
import { ownerFilters } from '../scope.ts';
import { type Call, type CommandSpec, listParams, p, scopeParams } from '../table.ts';
import { byTable, pagedList } from './lists.ts';
import { filtersFrom, given } from './params.ts';
import { accountParam, async, readAfter, readBack, req } from './shared.ts';

const s = 'string';
const admins = ['Admin', 'DomainAdmin'] as const;
const roleOf = (roleId: unknown) => Object.values(defaultRoles).find((r) => r.roleId === roleId);
const lower = (key: string) => (r: Row) => String(r[key]).toLowerCase();
const ordinal = (key: string) => (r: Row) => accountTypeOrdinals[r[key] as AccountType];
const owner: EntityTable = {
  domainid: [s, f('tenantDomainId')],
  domain: [s, nameOf('tenantDomains', 'tenantDomainId')],
  domainpath: [s, nameOf('tenantDomains', 'tenantDomainId', 'path')],
};

const user: EntityTable = {
  id: [s, f('id')],
  username: [s, f('username')],
  firstname: [s, f('firstname')],
  lastname: [s, f('lastname')],
  email: [s, f('email')],
  account: [s, nameOf('accounts', 'accountId')],
  accountid: [s, f('accountId')],
  accounttype: [
    'integer',
    async (r, names) =>
      accountTypeOrdinals[(await names.name('accounts', r.accountId, 'type')) as AccountType],
  ],
  roletype: [s, async (r, names) => roleOf(await names.name('accounts', r.accountId, 'roleId'))?.type],
  ...owner,
  state: [s, lower('state')],
  apikey: [s, f('apiKey')],
  created: ['date', (r) => csDate(r.createdAt)],
  isdefault: ['boolean', () => false],
  usersource: [s, () => 'native'],
};

export const tenancyEntities = {
  domain: {
    id: [s, f('id')],
    name: [s, f('name')],
    level: ['integer', (r) => Number(r.level)],
    parentdomainid: [s, f('parentId')],
    parentdomainname: [s, nameOf('tenantDomains', 'parentId')],
    path: [s, f('path')],
    state: [s, (r) => (String(r.state).toLowerCase() === 'active' ? 'Active' : 'Inactive')],
    created: ['date', (r) => csDate(r.createdAt)],
  },
  account: {
    id: [s, f('id')],
    name: [s, f('name')],
    accounttype: ['integer', ordinal('type')],
    roleid: [s, f('roleId')],
    rolename: [s, (r) => roleOf(r.roleId)?.name],
    roletype: [s, (r) => roleOf(r.roleId)?.type],
    ...owner,
    state: [s, lower('state')],
    created: ['date', (r) => csDate(r.createdAt)],
    isdefault: ['boolean', () => false],
    user: [
      'list',
      async (r, names) => {
        const { items } = await queries(names.pool).users.list({ accountId: r.id }, { pageSize: 500 });
        return Promise.all(items.map((u) => mapEntity(user, names, u as Row)));
      },
    ],
  },
  user,
  userkeys: { apikey: [s, f('apiKey')], secretkey: [s, f('secretKey')] },
} satisfies Record<string, EntityTable>;

type TenancyEntity = keyof typeof tenancyEntities;
const mapper = (entity: TenancyEntity, call: Call) => {
  const names = new Names(call);
  return (row: Row) => mapEntity(tenancyEntities[entity], names, row);
};
const lowerCase = (value: string) => value.toLowerCase();

/** The account of account+domainid, or id. */
const accountIdOf = async (call: Call) => {
  const id = call.str('id') ?? (await accountParam(call));
  if (!id) throw new CsError(431, 'Either id or account and domainid must be specified', 9999);
  return id;
};

const accountTypeParam = (call: Call): AccountType | undefined => {
  const t = call.int('accounttype');
  if (t === undefined) return undefined;
  const type = accountTypeOfOrdinal(t);
  if (!type)
    throw new CsError(
      431,
      `Invalid account type ${t}: use 0 (user), 1 (root admin) or 2 (domain admin)`,
      9999,
    );
  return type;
};

const profileParams = [
  p.req('username', 'string', 'Unique username'),
  p.req('password', 'string', 'Clear text password'),
  p.req('firstname', 'string', 'firstname'),
  p.req('lastname', 'string', 'lastname'),
  p.req('email', 'string', 'email'),
];
const profile = (call: Call) => ({
  username: call.need('username'),
  password: call.need('password'),
  firstname: call.need('firstname'),
  lastname: call.need('lastname'),
  email: call.need('email'),
});

const userIdParam = p.req('id', 'uuid', 'ID of the user');

export const tenancyCommands: readonly CommandSpec[] = [
  {
    name: 'listDomains',
    description: 'Lists domains and provides detailed information for listed domains',
    isasync: false,
    entity: 'domain',
    roles: admins,
    params: [
      ...listParams,
      p.opt('id', 'uuid', 'List domain by domain ID.'),
      p.opt('name', 'string', 'List domain by domain name.'),
      p.opt('level', 'integer', 'List domains by domain level.'),
      p.opt('listall', 'boolean', 'every domain the caller may see'),
    ],
    run: async (call) => {
      const scope = scopeOf(call.caller);
      const level = call.int('level');
      return pagedList(
        call,
        'domain',
        'tenantDomains',
        {
          ...(scope === 'all' ? {} : { tenantDomainId: call.caller.tenantDomainId, isRecursive: true }),
          ...filtersFrom(call, { id: 'id', name: 'name' }),
        },
        byTable(tenancyEntities.domain),
        level === undefined ? undefined : (d) => Number(d.level) === level,
      );
    },
  },
  {
    name: 'createDomain',
    description: 'Creates a domain',
    isasync: false,
    entity: 'domain',
    roles: admins,
    params: [
      p.req('name', 'string', 'creates domain with this name'),
      p.opt(
        'parentdomainid',
        'uuid',
        "assigns new domain a parent domain by domain ID of the parent (default: the caller's)",
      ),
      p.opt('domainid', 'uuid', 'Domain UUID, required for adding domain from another Region'),
    ],
    run: async (call) => {
      const out = await createTenantDomain(call.http.app, req(call), {
        name: call.need('name'),
        ...given(call, { parentId: 'parentdomainid', tenantDomainId: 'domainid' }),
      });
      return readBack(
        call,
        'tenantDomains',
        out.tenantDomainId,
        out.position,
        'domain',
        mapper('domain', call),
      );
    },
  },
  {
    name: 'listAccounts',
    description: 'Lists accounts and provides detailed account information for listed accounts',
    isasync: false,
    entity: 'account',
    params: [
      ...listParams,
      ...scopeParams.filter((x) => x.name !== 'account'),
      p.opt('id', 'uuid', 'list account by account ID'),
      p.opt('name', 'string', 'list account by account name'),
      p.opt('accounttype', 'integer', 'list accounts by account type: 0 user, 1 root admin, 2 domain admin'),
      p.opt('state', 'string', 'list accounts by state (enabled, disabled, locked)'),
    ],
    run: async (call) => {
      const type = accountTypeParam(call);
      return pagedList(
        call,
        'account',
        'accounts',
        {
          ...(await ownerFilters(call)),
          ...filtersFrom(call, { id: 'id', name: 'name', state: ['state', lowerCase] }),
        },
        byTable(tenancyEntities.account),
        type ? (a) => a.type === type : undefined,
      );
    },
  },
  {
    name: 'createAccount',
    description: 'Creates an account',
    isasync: false,
    entity: 'account',
    roles: admins,
    params: [
      ...profileParams,
      p.opt('account', 'string', 'Name of the account to be created; defaults to the username'),
      p.opt('accounttype', 'integer', 'Type of the account: 0 user (default), 1 root admin, 2 domain admin'),
      p.opt('roleid', 'uuid', 'Creates the account under the specified role.'),
      p.opt('domainid', 'uuid', "Creates the user under the specified domain (default: the caller's)"),
      p.opt('accountid', 'uuid', 'Account UUID, required for adding account from another Region'),
      p.opt('userid', 'uuid', 'User UUID, required for adding account from another Region'),
    ],
    run: async (call) => {
      const type = accountTypeParam(call);
      const out = await createAccount(call.http.app, req(call), {
        ...profile(call),
        ...given(call, { accountName: 'account' }),
        ...(type ? { accountType: type } : {}),
        ...given(call, {
          roleId: 'roleid',
          tenantDomainId: 'domainid',
          accountId: 'accountid',
          userId: 'userid',
        }),
      });
      // The account answer lists its users: wait for their read model too.
      if (out.position) await readAfter(call, 'users', out.userId, out.position);
      return readBack(call, 'accounts', out.accountId, out.position, 'account', mapper('account', call));
    },
  },
  {
    name: 'enableAccount',
    description: 'Enables an account',
    isasync: false,
    entity: 'account',
    roles: admins,
    params: [
      p.opt('id', 'uuid', 'Account id'),
      p.opt('account', 'string', 'Enables specified account.'),
      p.opt('domainid', 'uuid', 'Enables specified account in this domain.'),
    ],
    run: async (call) => {
      const accountId = await accountIdOf(call);
      const out = await enableAccount(call.http.app, req(call), { accountId });
      return readBack(call, 'accounts', accountId, out.position, 'account', mapper('account', call));
    },
  },
  {
    name: 'disableAccount',
    description: 'Disables an account',
    isasync: true,
    entity: 'account',
    roles: admins,
    params: [
      p.req('lock', 'boolean', 'If true, only lock the account; else disable the account'),
      p.opt('id', 'uuid', 'Account id'),
      p.opt('account', 'string', 'Disables specified account.'),
      p.opt('domainid', 'uuid', 'Disables specified account in this domain.'),
    ],
    run: async (call) =>
      async(
        await disableAccount(call.http.app, req(call), {
          accountId: await accountIdOf(call),
          lock: call.bool('lock') ?? false,
        }),
      ),
  },
  {
    name: 'listUsers',
    description: 'Lists user accounts',
    isasync: false,
    entity: 'user',
    params: [
      ...listParams,
      ...scopeParams,
      p.opt('id', 'uuid', 'List user by ID.'),
      p.opt('username', 'string', 'List user by the username'),
      p.opt('state', 'string', 'List users by state of the user account.'),
    ],
    run: async (call) => {
      const scope = scopeOf(call.caller);
      // A plain user sees only themself, as CloudStack.
      const own = scope !== 'all' && 'account' in scope ? { id: call.caller.userId } : {};
      return pagedList(
        call,
        'user',
        'users',
        {
          ...(await ownerFilters(call)),
          ...filtersFrom(call, { id: 'id' }),
          ...own,
          ...filtersFrom(call, { name: 'username', state: ['state', lowerCase] }),
        },
        byTable(tenancyEntities.user),
      );
    },
  },
  {
    name: 'createUser',
    description: 'Creates a user for an account that already exists',
    isasync: false,
    entity: 'user',
    roles: admins,
    params: [
      ...profileParams,
      p.req('account', 'string', 'The account the user is created in; with domainid'),
      p.opt('domainid', 'uuid', "The domain of the account (default: the caller's)"),
      p.opt('userid', 'uuid', 'User UUID, required for adding account from another Region'),
    ],
    run: async (call) => {
      const out = await createUser(call.http.app, req(call), {
        ...profile(call),
        accountId: (await accountParam(call))!,
        ...given(call, { userId: 'userid' }),
      });
      return readBack(call, 'users', out.userId, out.position, 'user', mapper('user', call));
    },
  },
  {
    name: 'registerUserKeys',
    description:
      'This command allows a user to register for the developer API, returning a secret key and an API key.',
    isasync: false,
    entity: 'userkeys',
    params: [userIdParam],
    run: async (call) => {
      const out = await registerUserKeys(
        { bus: call.http.app.bus, encryptionKey: call.http.app.encryptionKey },
        req(call),
        { userId: call.need('id') },
      );
      return {
        kind: 'object',
        key: 'userkeys',
        value: { apikey: out.apiKey, secretkey: out.secretKey },
        position: out.position,
      };
    },
  },
  {
    name: 'getUserKeys',
    description: 'This command allows the user to query the secret and API keys for the account',
    isasync: false,
    entity: 'userkeys',
    params: [userIdParam],
    run: async (call) => {
      const userId = call.need('id');
      // The same access rule as registerUserKeys: the user themself, or an admin over their account.
      await requireUserAccess(call.http.app.bus, call.caller, userId, "read this user's API keys");
      const row = await readAfter(call, 'users', userId, call.minPosition);
      // The secret lives in the credentials read model: read-your-writes waits for it too.
      if (call.minPosition)
        await waitForPosition(call.http.app.pool, ['credentials'], call.minPosition, { timeoutMs: 10_000 });
      const found = row?.apiKey ? await call.http.principals.byApiKey(row.apiKey as string) : null;
      return {
        kind: 'object',
        key: 'userkeys',
        value: found
          ? { apikey: row!.apiKey, secretkey: decrypt(found.encryptedSecret, call.http.app.encryptionKey) }
          : {},
      };
    },
  },
];
