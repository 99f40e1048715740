import { z } from 'zod';
import type { Invocation } from '../../../../commands/admin/shared.ts';
import { domainChain, livePath, loadAccount } from '../../../../commands/admin/tenancy/scope.ts';
import { loadUser } from '../../../../commands/admin/tenancy/users.ts';
import type { CommandBus } from '../../../../commands/commandBus.ts';
import { isDomainError } from '../../../../domain/shared/index.ts';
import { type Caller, canActOn } from '../../../../domain/tenancy/roles.ts';
import {
  getResource,
  type Item,
  type ListFilters,
  listResources,
  type Page,
  type PageOptions,
  QueryError,
  type ResourceSpec,
} from '../../../../projections/queries/index.ts';
import { HttpProblem } from '../../problem.ts';
import type { RouteInput, RouteResult } from '../../route.ts';

/** Ids are uuids (any version: ids derived from idempotency keys are name-based). */
export const id = z.guid();
export const idParams = z.strictObject({ id });

/** The signature parameters an API-key request carries in its query string (checked by authentication). */
const signedParams = {
  apiKey: z.string().optional(),
  apikey: z.string().optional(),
  signature: z.string().optional(),
  signatureVersion: z.string().optional(),
  signatureversion: z.string().optional(),
  expires: z.string().optional(),
  contentSha256: z.string().optional(),
};

export const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A query schema that admits the signature parameters and, with `fields`, nothing unknown. */
export const queryOf = <S extends z.ZodRawShape>(fields: S) => z.strictObject({ ...signedParams, ...fields });

/** What every list accepts: paging, sorting, read-your-writes and the filters every resource has. */
export const pageFields = {
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().max(2000).optional(),
  sortBy: z.string().max(40).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  minPosition: z.string().max(100).optional(),
  includeRemoved: boolParam.optional(),
  keyword: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
};

/** A read-only query (gets) accepts only read-your-writes. */
export const readQuery = queryOf({ minPosition: z.string().max(100).optional() });

type PageQuery = {
  pageSize?: number | undefined;
  cursor?: string | undefined;
  sortBy?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
  minPosition?: string | undefined;
};

export const pageOptions = (q: PageQuery): PageOptions => ({
  ...(q.pageSize !== undefined && { pageSize: q.pageSize }),
  ...(q.cursor !== undefined && { cursor: q.cursor }),
  ...(q.sortBy !== undefined && { sortBy: q.sortBy }),
  ...(q.order !== undefined && { order: q.order }),
  ...(q.minPosition !== undefined && { minPosition: q.minPosition }),
});

/** Keeps only the filters that were given (the query builder treats a present key as a filter). */
export const defined = (filters: Record<string, unknown>): ListFilters =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as ListFilters;

/** A refused filter, sort or cursor is the caller's mistake: 400, naming it. */
const queryProblem = (e: unknown): never => {
  if (e instanceof QueryError)
    throw new HttpProblem(400, e.code, e.message, { errors: [{ path: 'query', reason: e.message }] });
  throw e;
};

export const listPage = (
  pool: import('pg').Pool,
  spec: ResourceSpec,
  filters: ListFilters,
  options: PageOptions,
): Promise<Page<Item>> => listResources(pool, spec, filters, options).catch(queryProblem);

export const emptyPage: Page<Item> = { items: [], total: 0, nextCursor: null };

/** The caller, its command context and read-your-writes position, as the operations take them. */
export const invocation = (input: Pick<RouteInput<never, never, never>, 'caller' | 'ctx'>): Invocation => ({
  caller: input.caller!,
  ctx: input.ctx,
});

/** One resource read back from its read model once it shows `position`; 404 when it never existed. */
export const readBack = async (
  pool: import('pg').Pool,
  spec: ResourceSpec,
  resourceId: string,
  position: string | null | undefined,
  notFoundCode: string,
): Promise<Item> => {
  const item = await getResource(pool, spec, resourceId, position ? { minPosition: position } : {});
  if (!item) throw new HttpProblem(404, notFoundCode, `${resourceId} does not exist`);
  return item;
};

export const created = (body: unknown, position: string | null): RouteResult => ({
  status: 201,
  body,
  position,
});

export const accepted = (
  job: { jobId: string; position: string | null },
  resourceId?: string,
): RouteResult => ({
  status: 202,
  body: { jobId: job.jobId, jobUrl: `/v1/jobs/${job.jobId}`, ...(resourceId && { id: resourceId }) },
  position: job.position,
});

export const noContent = (position: string | null): RouteResult => ({ status: 204, position });

/** The problem a resource out of the caller's sight answers: the same as for one that never existed. */
export const hidden = (code: string, kind: string, resourceId: string) =>
  new HttpProblem(404, code, `The ${kind} ${resourceId} does not exist.`);

/** Runs a visibility check; a refusal or absence becomes the same 404, so existence never leaks. */
const visibleOr404 = async (
  check: () => Promise<boolean>,
  code: string,
  kind: string,
  resourceId: string,
) => {
  let visible = false;
  try {
    visible = await check();
  } catch (e) {
    if (!isDomainError(e) || (e.kind !== 'not_found' && e.kind !== 'forbidden')) throw e;
  }
  if (!visible) throw hidden(code, kind, resourceId);
};

/** The account exists and lies in the caller's scope (root: all; domain admin: its subtree; user: its own). */
export const requireVisibleAccount = (bus: CommandBus, caller: Caller, accountId: string) =>
  visibleOr404(
    async () => {
      const account = await loadAccount(bus, accountId);
      if (account.status === 'removed' && caller.roleType !== 'Admin') return false;
      const chain = await domainChain(bus, account.tenantDomainId);
      return canActOn(caller, { accountId, tenantDomainPath: livePath(chain) });
    },
    'ACCOUNT_NOT_FOUND',
    'account',
    accountId,
  );

export const requireVisibleUser = (bus: CommandBus, caller: Caller, userId: string) =>
  visibleOr404(
    async () => {
      const user = await loadUser(bus, userId);
      const chain = await domainChain(bus, user.tenantDomainId);
      return canActOn(caller, { accountId: user.accountId, tenantDomainPath: livePath(chain) });
    },
    'USER_NOT_FOUND',
    'user',
    userId,
  );

/** A tenant domain is visible to root admins and to the domain admins of a domain above or at it. */
export const requireVisibleDomain = (bus: CommandBus, caller: Caller, tenantDomainId: string) =>
  visibleOr404(
    async () => {
      const chain = await domainChain(bus, tenantDomainId);
      return (
        caller.roleType !== 'User' && canActOn(caller, { accountId: null, tenantDomainPath: livePath(chain) })
      );
    },
    'TENANT_DOMAIN_NOT_FOUND',
    'tenant domain',
    tenantDomainId,
  );

/** Whether a check passes (used to narrow lists: an invisible filter value gives an empty page). */
export const passes = (check: Promise<void>): Promise<boolean> =>
  check.then(
    () => true,
    (e) => {
      if (e instanceof HttpProblem && e.status === 404) return false;
      throw e;
    },
  );

/**
 * The account/domain filters of a tenancy list narrowed to the caller's scope: a root admin's pass
 * as given; a domain admin's are confined to its subtree; a user's to its own account. Null when
 * the caller asked for an account or domain it can't see (the page is empty).
 */
export const scopedFilters = async (
  bus: CommandBus,
  caller: Caller,
  filters: { accountId?: string | undefined; tenantDomainId?: string | undefined },
): Promise<{ accountId?: string; tenantDomainId?: string; isRecursive?: boolean } | null> => {
  const { accountId, tenantDomainId } = filters;
  if (accountId !== undefined && !(await passes(requireVisibleAccount(bus, caller, accountId)))) return null;
  if (caller.roleType === 'User') {
    if (tenantDomainId !== undefined && tenantDomainId !== caller.tenantDomainId) return null;
    return { accountId: caller.accountId };
  }
  if (tenantDomainId !== undefined && !(await passes(requireVisibleDomain(bus, caller, tenantDomainId))))
    return null;
  const domain = tenantDomainId ?? (caller.roleType === 'Admin' ? undefined : caller.tenantDomainId);
  return {
    ...(accountId !== undefined && { accountId }),
    ...(domain !== undefined && { tenantDomainId: domain, isRecursive: true }),
  };
};
