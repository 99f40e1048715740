import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import { resourceLimitsOf, updateResourceLimit } from '../../../../commands/admin/limits/index.ts';
import {
  changeUserPassword,
  createAccount,
  createTenantDomain,
  createUser,
  deleteAccount,
  deleteTenantDomain,
  deleteUser,
  disableAccount,
  disableUser,
  enableAccount,
  registerUserKeys,
  renameTenantDomain,
  setUserState,
  updateAccount,
  updateUser,
} from '../../../../commands/admin/tenancy/index.ts';
import { resourceTypes } from '../../../../domain/limits/index.ts';
import { accountTypeNames } from '../../../../domain/tenancy/roles.ts';
import { type ResourceSpec, resourceSpecs } from '../../../../projections/queries/index.ts';
import { type Route, route } from '../../route.ts';
import {
  accepted,
  boolParam,
  created,
  emptyPage,
  id,
  idParams,
  invocation,
  listPage,
  noContent,
  pageFields,
  pageOptions,
  queryOf,
  readBack,
  readQuery,
  requireVisibleAccount,
  requireVisibleDomain,
  requireVisibleUser,
  scopedFilters,
} from './shared.ts';

const name = z.string().min(1).max(255);
const profile = {
  username: name,
  firstname: z.string().min(1).max(255),
  lastname: z.string().min(1).max(255),
  email: z.string().min(3).max(255),
};
const password = z.string().min(1).max(1024);
const ok = { 200: { description: 'The resource' }, 404: { description: 'Not found or not in your scope' } };

type Kind = {
  readonly path: 'domains' | 'accounts' | 'users';
  readonly noun: string;
  readonly spec: ResourceSpec;
  readonly code: string;
  readonly visible: typeof requireVisibleAccount;
};

/**
 * Tenant domains, accounts and users. Every route naming a resource first checks that the caller
 * can see it (absent and out-of-scope both answer the same 404), then runs the operation, which
 * enforces what the caller's role may do (403 for a visible resource it may not change).
 */
export const tenancyRoutes = ({ app }: HttpContext): Route[] => {
  const { bus, pool, encryptionKey } = app;
  const deps = { bus };
  const kinds: readonly Kind[] = [
    {
      path: 'domains',
      noun: 'tenant domain',
      spec: resourceSpecs.tenantDomains,
      code: 'TENANT_DOMAIN_NOT_FOUND',
      visible: requireVisibleDomain,
    },
    {
      path: 'accounts',
      noun: 'account',
      spec: resourceSpecs.accounts,
      code: 'ACCOUNT_NOT_FOUND',
      visible: requireVisibleAccount,
    },
    {
      path: 'users',
      noun: 'user',
      spec: resourceSpecs.users,
      code: 'USER_NOT_FOUND',
      visible: requireVisibleUser,
    },
  ];
  const byPath = Object.fromEntries(kinds.map((k) => [k.path, k])) as Record<Kind['path'], Kind>;
  const one = (k: Kind, resourceId: string, position: string | null | undefined) =>
    readBack(pool, k.spec, resourceId, position, k.code);

  const reads = kinds.flatMap((k) => [
    route({
      method: 'get',
      path: `/v1/${k.path}`,
      summary: `List ${k.noun}s in your scope`,
      tags: ['tenancy'],
      query: queryOf({
        ...pageFields,
        state: z.string().max(40).optional(),
        tenantDomainId: id.optional(),
        accountId: id.optional(),
        isRecursive: boolParam.optional(),
      }),
      responses: { 200: { description: `A page of ${k.noun}s` } },
      handler: async (input) => {
        const { caller } = invocation(input);
        const q = input.query;
        if (k.path === 'domains' && (caller.roleType === 'User' || q.accountId !== undefined))
          return { status: 200, body: emptyPage };
        const scope = await scopedFilters(bus, caller, q);
        if (scope === null) return { status: 200, body: emptyPage };
        const recursive = q.tenantDomainId === undefined ? scope.isRecursive : (q.isRecursive ?? false);
        const filters = {
          name: q.name,
          keyword: q.keyword,
          state: q.state,
          includeRemoved: q.includeRemoved,
          ...scope,
          ...(scope.tenantDomainId !== undefined && { isRecursive: recursive }),
        };
        return { status: 200, body: await listPage(pool, k.spec, filters, pageOptions(q)) };
      },
    }),
    route({
      method: 'get',
      path: `/v1/${k.path}/:id`,
      summary: `Get a ${k.noun}`,
      tags: ['tenancy'],
      params: idParams,
      query: readQuery,
      responses: ok,
      handler: async (input) => {
        await k.visible(bus, input.caller!, input.params.id);
        return { status: 200, body: await one(k, input.params.id, input.query.minPosition) };
      },
    }),
  ]);

  /** A route on one visible resource of a kind. */
  const on = <B extends z.ZodObject>(
    k: Kind,
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    suffix: string,
    summary: string,
    body: B | undefined,
    run: (
      input: { caller: NonNullable<Parameters<typeof invocation>[0]['caller']> } & Parameters<
        typeof invocation
      >[0],
      resourceId: string,
      body: z.infer<B>,
      query: Record<string, unknown>,
    ) => Promise<{ status: number; body?: unknown; position?: string | null }>,
    query?: z.ZodObject,
  ): Route =>
    route({
      method,
      path: `/v1/${k.path}/:id${suffix}`,
      summary,
      tags: ['tenancy'],
      params: idParams,
      ...(body && { body }),
      ...(query && { query }),
      responses: { 200: { description: 'Done' }, 404: { description: 'Not found or not in your scope' } },
      handler: async (input) => {
        await k.visible(bus, input.caller!, input.params.id);
        return run(
          input as Parameters<typeof run>[0],
          input.params.id,
          input.body as z.infer<B>,
          input.query as Record<string, unknown>,
        );
      },
    });

  const domains = byPath.domains;
  const accounts = byPath.accounts;
  const users = byPath.users;
  const synced = async (k: Kind, resourceId: string, position: string | null) => ({
    status: 200,
    body: await one(k, resourceId, position),
    position,
  });

  const writes: Route[] = [
    route({
      method: 'post',
      path: '/v1/domains',
      summary: 'Create a tenant domain (under your own by default)',
      tags: ['tenancy'],
      body: z.strictObject({ name, parentId: id.optional() }),
      responses: { 201: { description: 'The new domain' } },
      handler: async (input) => {
        if (input.body.parentId !== undefined)
          await requireVisibleDomain(bus, input.caller!, input.body.parentId);
        const { tenantDomainId, position } = await createTenantDomain(deps, invocation(input), input.body);
        return created(await one(domains, tenantDomainId, position), position);
      },
    }),
    on(
      domains,
      'patch',
      '',
      'Rename a tenant domain',
      z.strictObject({ name }),
      async (input, tenantDomainId, body) => {
        const { position } = await renameTenantDomain(deps, invocation(input), {
          tenantDomainId,
          name: body.name,
        });
        return synced(domains, tenantDomainId, position);
      },
    ),
    on(
      domains,
      'delete',
      '',
      'Delete a tenant domain (with cleanup=true, its subdomains and accounts too)',
      undefined,
      async (input, tenantDomainId, _body, query) =>
        accepted(
          await deleteTenantDomain(deps, invocation(input), {
            tenantDomainId,
            cleanup: query.cleanup === true,
          }),
          tenantDomainId,
        ),
      queryOf({ cleanup: boolParam.optional() }),
    ),
    route({
      method: 'post',
      path: '/v1/accounts',
      summary: 'Create an account with its first user',
      tags: ['tenancy'],
      body: z.strictObject({
        ...profile,
        password,
        tenantDomainId: id.optional(),
        accountName: name.optional(),
        accountType: z.enum(accountTypeNames).optional(),
        roleId: z.string().max(100).optional(),
      }),
      responses: { 201: { description: 'The new account and its user id' } },
      handler: async (input) => {
        if (input.body.tenantDomainId !== undefined)
          await requireVisibleDomain(bus, input.caller!, input.body.tenantDomainId);
        const { accountId, userId, position } = await createAccount(deps, invocation(input), input.body);
        return created({ ...(await one(accounts, accountId, position)), userId }, position);
      },
    }),
    on(
      accounts,
      'patch',
      '',
      'Rename an account or change its role',
      z.strictObject({ name: name.optional(), roleId: z.string().max(100).optional() }),
      async (input, accountId, body) =>
        synced(
          accounts,
          accountId,
          (await updateAccount(deps, invocation(input), { accountId, ...body })).position,
        ),
    ),
    on(accounts, 'post', '/enable', 'Enable an account', undefined, async (input, accountId) =>
      synced(accounts, accountId, (await enableAccount(deps, invocation(input), { accountId })).position),
    ),
    on(
      accounts,
      'post',
      '/disable',
      'Disable an account (its VMs are stopped)',
      undefined,
      async (input, accountId) =>
        accepted(await disableAccount(deps, invocation(input), { accountId, lock: false }), accountId),
    ),
    on(accounts, 'post', '/lock', 'Lock an account (no logins)', undefined, async (input, accountId) =>
      accepted(await disableAccount(deps, invocation(input), { accountId, lock: true }), accountId),
    ),
    on(accounts, 'delete', '', 'Delete an account and its resources', undefined, async (input, accountId) =>
      accepted(await deleteAccount(deps, invocation(input), { accountId }), accountId),
    ),
    route({
      method: 'post',
      path: '/v1/users',
      summary: 'Create a user in an account',
      tags: ['tenancy'],
      body: z.strictObject({ ...profile, password, accountId: id }),
      responses: { 201: { description: 'The new user' } },
      handler: async (input) => {
        await requireVisibleAccount(bus, input.caller!, input.body.accountId);
        const { userId, position } = await createUser(deps, invocation(input), input.body);
        return created(await one(users, userId, position), position);
      },
    }),
    on(
      users,
      'patch',
      '',
      "Update a user's profile",
      z.strictObject({
        username: profile.username.optional(),
        firstname: profile.firstname.optional(),
        lastname: profile.lastname.optional(),
        email: profile.email.optional(),
      }),
      async (input, userId, body) =>
        synced(users, userId, (await updateUser(deps, invocation(input), { userId, ...body })).position),
    ),
    on(
      users,
      'put',
      '/password',
      "Change a user's password",
      z.strictObject({ password }),
      async (input, userId, body) =>
        noContent(
          (await changeUserPassword(deps, invocation(input), { userId, password: body.password })).position,
        ),
    ),
    on(users, 'post', '/enable', 'Enable a user', undefined, async (input, userId) =>
      synced(
        users,
        userId,
        (await setUserState(deps, invocation(input), { userId, action: 'enable' })).position,
      ),
    ),
    on(users, 'post', '/lock', 'Lock a user', undefined, async (input, userId) =>
      synced(
        users,
        userId,
        (await setUserState(deps, invocation(input), { userId, action: 'lock' })).position,
      ),
    ),
    on(users, 'post', '/disable', 'Disable a user', undefined, async (input, userId) =>
      accepted(await disableUser(deps, invocation(input), { userId }), userId),
    ),
    on(users, 'delete', '', 'Delete a user', undefined, async (input, userId) =>
      noContent((await deleteUser(deps, invocation(input), { userId })).position),
    ),
    on(
      users,
      'post',
      '/keys',
      'Register a new API key pair (the secret is shown this once)',
      undefined,
      async (input, userId) => {
        const { apiKey, secretKey, position } = await registerUserKeys(
          { bus, encryptionKey },
          invocation(input),
          {
            userId,
          },
        );
        return { status: 201, body: { userId, apiKey, secretKey }, position };
      },
    ),
  ];

  const limitBody = z.strictObject({ type: z.enum(resourceTypes), max: z.number().int().min(-1) });
  const limits = ([accounts, domains] as const).flatMap((k) => {
    const owner = (resourceId: string) =>
      k === accounts ? { accountId: resourceId } : { tenantDomainId: resourceId };
    return [
      on(
        k,
        'put',
        '/limits',
        `Set a resource limit of a ${k.noun}`,
        limitBody,
        async (input, resourceId, body) => {
          const { position } = await updateResourceLimit(deps, invocation(input), {
            owner: owner(resourceId),
            ...body,
          });
          return {
            status: 200,
            body: await resourceLimitsOf(deps, invocation(input), owner(resourceId)),
            position,
          };
        },
      ),
      on(
        k,
        'get' as never,
        '/limits',
        `Limits and resource counts of a ${k.noun}`,
        undefined,
        async (input, resourceId) => ({
          status: 200,
          body: await resourceLimitsOf(deps, invocation(input), owner(resourceId)),
        }),
      ),
    ];
  });

  return [...reads, ...writes, ...limits];
};
