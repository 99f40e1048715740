import { z } from 'zod';
import type { HttpContext } from '../../../app/http.ts';
import { addCredit, changeTariffValue, createTariff, endTariff } from '../../../commands/usage/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import { subtreeSql } from '../../../projections/queries/listQuery.ts';
import {
  balance,
  listTariffs,
  listUsageRecords,
  listUsageTypes,
  statement,
  type UsageFilter,
  usageSummary,
} from '../../../projections/usage/index.ts';
import { usageExport } from '../../usage-export/index.ts';
import { HttpProblem } from '../problem.ts';
import { type Route, route } from '../route.ts';
import { callerOf, canSee, isRootAdmin, queryOf, uuid } from './tenant/shared.ts';

/**
 * Usage and billing over REST: records and summaries (scoped like every list: users see their
 * account, domain admins their subtree), statements and balances, tariffs and credits (root admin).
 */
const iso = z.iso.datetime({ offset: true });
const filterQuery = {
  from: iso,
  to: iso,
  accountId: uuid.optional(),
  domainId: uuid.optional(),
  usageType: z.coerce.number().int().optional(),
  usageId: z.string().min(1).max(100).optional(),
  granularity: z.enum(['hourly', 'daily', 'monthly']).optional(),
  timeZone: z.string().min(1).max(64).optional(),
};
const filterSchema = z.object(filterQuery);
type FilterQuery = z.infer<typeof filterSchema>;

/** The accounts and domains a caller's usage query covers: what they asked, narrowed to their scope. */
const scopedFilter = async (context: HttpContext, caller: Caller, q: FilterQuery): Promise<UsageFilter> => {
  const base = {
    from: q.from,
    to: q.to,
    ...(q.usageType !== undefined ? { usageType: q.usageType } : {}),
    ...(q.usageId ? { usageId: q.usageId } : {}),
    ...(q.granularity ? { granularity: q.granularity } : {}),
    ...(q.timeZone ? { timeZone: q.timeZone } : {}),
  };
  const pool = context.app.pool;
  if (caller.roleType === 'User') {
    if (q.accountId && q.accountId !== caller.accountId) return { ...base, accountIds: [] };
    return { ...base, accountIds: [caller.accountId] };
  }
  if (q.accountId) {
    const { rows } = await pool.query('SELECT tenant_domain_id FROM accounts WHERE id = $1', [q.accountId]);
    const visible =
      rows[0] &&
      (await canSee(pool, caller, { accountId: q.accountId, tenantDomainId: rows[0].tenant_domain_id }));
    return { ...base, accountIds: visible ? [q.accountId] : [] };
  }
  if (isRootAdmin(caller) && !q.domainId) return base;
  // Subtrees are walked by parent id: a domain's recorded path goes stale when an ancestor is renamed.
  const subtree = async (tenantDomainId: string) =>
    (await pool.query<{ id: string }>(`SELECT id FROM ${subtreeSql('$1')} AS s`, [tenantDomainId])).rows.map(
      (r) => r.id,
    );
  const mine = isRootAdmin(caller) ? null : await subtree(caller.tenantDomainId);
  if (q.domainId && mine && !mine.includes(q.domainId)) return { ...base, tenantDomainIds: [] };
  return { ...base, tenantDomainIds: q.domainId ? await subtree(q.domainId) : (mine ?? []) };
};

const requireRootAdmin = (caller: Caller) => {
  if (!isRootAdmin(caller))
    throw new HttpProblem(403, 'USAGE_ADMIN_ONLY', 'Only a root admin manages tariffs and credits');
};

const tariffBody = z.strictObject({
  name: z.string().min(1).max(255),
  quotaType: z.number().int(),
  currency: z.string().min(3).max(3),
  value: z.number().nonnegative(),
  offeringId: uuid.optional(),
  zoneId: uuid.optional(),
  effectiveFrom: iso.optional(),
  effectiveUntil: iso.optional(),
  description: z.string().max(1000).optional(),
});

export const usageRoutes = (context: HttpContext): Route[] => {
  const pool = context.app.pool;
  const deps = { bus: context.app.bus };
  const idParams = z.strictObject({ id: uuid });
  return [
    route({
      method: 'get',
      path: '/v1/usage/types',
      summary: 'CloudStack usage types with their numbers',
      tags: ['usage'],
      responses: { 200: { description: 'usage types' } },
      handler: async () => ({ status: 200, body: { items: listUsageTypes() } }),
    }),
    route({
      method: 'get',
      path: '/v1/usage/records',
      summary: 'Usage records per account, resource and period (open intervals counted up to now)',
      tags: ['usage'],
      query: queryOf({
        ...filterQuery,
        page: z.coerce.number().int().positive().optional(),
        pageSize: z.coerce.number().int().min(1).max(10_000).optional(),
      }),
      responses: { 200: { description: '{count, records}' } },
      handler: async ({ caller, query }) => {
        const filter = await scopedFilter(context, callerOf(caller), query);
        const page = await listUsageRecords(pool, {
          ...filter,
          ...(query.page ? { page: query.page } : {}),
          ...(query.pageSize ? { pageSize: query.pageSize } : {}),
        });
        return { status: 200, body: page };
      },
    }),
    route({
      method: 'get',
      path: '/v1/usage/summary',
      summary: 'Usage totals per account and usage type',
      tags: ['usage'],
      query: queryOf(filterQuery),
      responses: { 200: { description: 'summary lines' } },
      handler: async ({ caller, query }) => ({
        status: 200,
        body: { items: await usageSummary(pool, await scopedFilter(context, callerOf(caller), query)) },
      }),
    }),
    route({
      method: 'get',
      path: '/v1/usage/export',
      summary: 'Usage records as CSV or JSON, streamed',
      tags: ['usage'],
      query: queryOf({ ...filterQuery, format: z.enum(['csv', 'json']).default('csv') }),
      responses: { 200: { description: 'the export' } },
      streams: true,
      handler: async ({ caller, query, res }) => {
        const { contentType, stream } = await usageExport(
          pool,
          await scopedFilter(context, callerOf(caller), query),
          query.format,
        );
        res.status(200).type(contentType);
        stream.pipe(res);
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/v1/usage/statements/:id',
      summary: "An account's statement (charges per quota type, credits, balance) for a month or a period",
      tags: ['usage'],
      params: idParams,
      query: queryOf({
        month: z
          .string()
          .regex(/^\d{4}-\d{2}$/)
          .optional(),
        from: iso.optional(),
        to: iso.optional(),
        timeZone: z.string().max(64).optional(),
      }),
      responses: { 200: { description: 'statements per currency' } },
      handler: async ({ caller, params, query }) => {
        const c = callerOf(caller);
        const { rows } = await pool.query('SELECT tenant_domain_id FROM accounts WHERE id = $1', [params.id]);
        if (
          !rows[0] ||
          !(await canSee(pool, c, { accountId: params.id, tenantDomainId: rows[0].tenant_domain_id }))
        )
          throw new HttpProblem(404, 'ACCOUNT_NOT_FOUND', `Account ${params.id} does not exist`);
        const period = query.month
          ? { month: query.month }
          : query.from && query.to
            ? { from: query.from, to: query.to }
            : null;
        if (!period)
          throw new HttpProblem(400, 'VALIDATION_FAILED', 'Give month, or from and to', {
            errors: [{ path: 'query.month', reason: 'month or from+to is required' }],
          });
        const options = query.timeZone ? { timeZone: query.timeZone } : {};
        return {
          status: 200,
          body: {
            ...(await statement(pool, params.id, period, options)),
            balances: await balance(pool, params.id, options),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/usage/tariffs',
      summary: 'Tariffs in effect (or all, with includeEnded)',
      tags: ['usage'],
      query: queryOf({
        quotaType: z.coerce.number().int().optional(),
        currency: z.string().max(3).optional(),
        includeEnded: z.enum(['true', 'false']).optional(),
      }),
      responses: { 200: { description: 'tariffs' } },
      handler: async ({ query }) => ({
        status: 200,
        body: {
          items: await listTariffs(pool, {
            ...(query.quotaType !== undefined ? { quotaType: query.quotaType } : {}),
            ...(query.currency ? { currency: query.currency } : {}),
            includeEnded: query.includeEnded === 'true',
          }),
        },
      }),
    }),
    route({
      method: 'post',
      path: '/v1/usage/tariffs',
      summary: 'Create a tariff (root admin)',
      tags: ['usage'],
      query: queryOf({}),
      body: tariffBody,
      responses: { 201: { description: 'created' } },
      handler: async ({ caller, ctx, body }) => {
        const c = callerOf(caller);
        requireRootAdmin(c);
        const r = await createTariff(deps, { caller: c, ctx }, body);
        return { status: 201, body: { id: r.tariffId }, position: r.position };
      },
    }),
    route({
      method: 'patch',
      path: '/v1/usage/tariffs/:id',
      summary: "Change a tariff's value from a date (root admin)",
      tags: ['usage'],
      params: idParams,
      query: queryOf({}),
      body: z.strictObject({ value: z.number().nonnegative(), effectiveFrom: iso.optional() }),
      responses: { 200: { description: 'changed' } },
      handler: async ({ caller, ctx, params, body }) => {
        const c = callerOf(caller);
        requireRootAdmin(c);
        const r = await changeTariffValue(deps, { caller: c, ctx }, { tariffId: params.id, ...body });
        return { status: 200, body: { id: params.id }, position: r.position };
      },
    }),
    route({
      method: 'delete',
      path: '/v1/usage/tariffs/:id',
      summary: 'End a tariff (root admin)',
      tags: ['usage'],
      params: idParams,
      query: queryOf({ effectiveUntil: iso.optional() }),
      responses: { 204: { description: 'ended' } },
      handler: async ({ caller, ctx, params, query }) => {
        const c = callerOf(caller);
        requireRootAdmin(c);
        const r = await endTariff(
          deps,
          { caller: c, ctx },
          { tariffId: params.id, ...(query.effectiveUntil ? { effectiveUntil: query.effectiveUntil } : {}) },
        );
        return { status: 204, position: r.position };
      },
    }),
    route({
      method: 'post',
      path: '/v1/usage/credits',
      summary: "Add a credit to an account's balance (root admin)",
      tags: ['usage'],
      query: queryOf({}),
      body: z.strictObject({
        accountId: uuid,
        amount: z.number(),
        currency: z.string().min(3).max(3),
        note: z.string().max(1000).optional(),
      }),
      responses: { 201: { description: 'credited' } },
      handler: async ({ caller, ctx, body }) => {
        const c = callerOf(caller);
        requireRootAdmin(c);
        const r = await addCredit(deps, { caller: c, ctx }, body);
        return { status: 201, body: { id: r.creditId }, position: r.position };
      },
    }),
  ];
};
