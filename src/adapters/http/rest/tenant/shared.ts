import type pg from 'pg';
import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import type { CommandContext } from '../../../../commands/context.ts';
import { DomainError, notFound } from '../../../../domain/shared/index.ts';
import { type Caller, isInSubtree } from '../../../../domain/tenancy/roles.ts';
import {
  getResource,
  type Item,
  type ListFilters,
  type Page,
  type PageOptions,
  QueryError,
  queries,
  type ResourceName,
  resourceSpecs,
} from '../../../../projections/queries/index.ts';
import { HttpProblem } from '../../problem.ts';
import { type Route, type RouteResult, route } from '../../route.ts';

/**
 * What every tenant route shares: scoping of lists and gets by the caller (users see their account,
 * domain admins their subtree, root admins everything), 404 for what lies outside the scope (so
 * existence never leaks), paging parameters and the answers of async and sync commands.
 */

export const uuid = z.uuid();
export const idParams = z.strictObject({ id: uuid });

/** Paging and read-your-writes, accepted by every list. */
export const pageQuery = {
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().min(1).max(2000).optional(),
  sortBy: z.string().min(1).max(40).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  minPosition: z.string().min(1).max(100).optional(),
};

/**
 * The CloudStack signature travels in the query string (apiKey, signature, ...); the platform
 * hands it to the routes with the rest of the query, so every query schema accepts it, and only it,
 * besides its own fields.
 */
const signatureParams = Object.fromEntries(
  ['apiKey', 'apikey', 'signature', 'contentSha256', 'signatureVersion', 'signatureversion', 'expires'].map(
    (name) => [name, z.string().max(1000).optional()],
  ),
) as Record<'apiKey' | 'signature', z.ZodOptional<z.ZodString>>;

/** A strict query schema (unknown fields refused) that also accepts the signature's parameters. */
export const queryOf = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ ...shape, ...signatureParams });

export const readQuery = queryOf({ minPosition: pageQuery.minPosition });

type PageInput = {
  readonly pageSize?: number | undefined;
  readonly cursor?: string | undefined;
  readonly sortBy?: string | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
  readonly minPosition?: string | undefined;
};

export const pageOptionsOf = (q: PageInput): PageOptions => ({
  ...(q.pageSize !== undefined ? { pageSize: q.pageSize } : {}),
  ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
  ...(q.sortBy !== undefined ? { sortBy: q.sortBy } : {}),
  ...(q.order !== undefined ? { order: q.order } : {}),
  ...(q.minPosition !== undefined ? { minPosition: q.minPosition } : {}),
});

export const isRootAdmin = (caller: Caller): boolean => caller.roleType === 'Admin';

export const callerOf = (caller: Caller | null): Caller => {
  if (!caller) throw new HttpProblem(401, 'UNAUTHENTICATED', 'Sign in first');
  return caller;
};

/** The live path of a tenant domain, or null when it doesn't exist. */
export const domainPath = async (pool: pg.Pool, tenantDomainId: string): Promise<string | null> => {
  const item = await getResource(pool, resourceSpecs.tenantDomains, tenantDomainId);
  return item && typeof item.path === 'string' ? item.path : null;
};

/** Whether the caller may see what an account of a tenant domain owns. */
export const canSee = async (
  pool: pg.Pool,
  caller: Caller,
  owner: Readonly<Record<string, unknown>>,
): Promise<boolean> => {
  if (isRootAdmin(caller)) return true;
  if (caller.roleType === 'User') return owner.accountId === caller.accountId;
  if (typeof owner.tenantDomainId !== 'string') return false;
  const path = await domainPath(pool, owner.tenantDomainId);
  return path !== null && isInSubtree(path, caller.tenantDomainPath);
};

/**
 * The filters a caller's list runs with: their scope added to what they asked. Null when what they
 * asked lies outside their scope (the answer is then an empty page, as for a filter matching nothing).
 */
export const scopedFilters = async (
  pool: pg.Pool,
  caller: Caller,
  asked: ListFilters,
): Promise<ListFilters | null> => {
  if (isRootAdmin(caller)) return asked;
  if (caller.roleType === 'User') {
    if (asked.accountId !== undefined && asked.accountId !== caller.accountId) return null;
    if (asked.tenantDomainId !== undefined && asked.tenantDomainId !== caller.tenantDomainId) return null;
    const { tenantDomainId: _, isRecursive: __, ...rest } = asked;
    return { ...rest, accountId: caller.accountId };
  }
  if (asked.tenantDomainId !== undefined) {
    const path = await domainPath(pool, asked.tenantDomainId);
    if (path === null || !isInSubtree(path, caller.tenantDomainPath)) return null;
    return asked;
  }
  return { ...asked, tenantDomainId: caller.tenantDomainId, isRecursive: true };
};

const emptyPage: Page<Item> = { items: [], total: 0, nextCursor: null };

/** A list's QueryError (unknown sort, bad cursor) is the client's mistake: 400 with its code. */
const asProblem = (e: unknown): never => {
  if (e instanceof QueryError) throw new HttpProblem(400, e.code, e.message);
  throw e;
};

/** One page of a resource, within the caller's scope. */
export const listScoped = async (
  context: HttpContext,
  caller: Caller,
  resource: ResourceName,
  asked: ListFilters,
  options: PageOptions,
  present: (item: Item) => Item = (item) => item,
): Promise<RouteResult> => {
  const pool = context.app.pool;
  const filters = await scopedFilters(pool, caller, asked);
  const page = filters ? await queries(pool)[resource].list(filters, options).catch(asProblem) : emptyPage;
  return { status: 200, body: { ...page, items: page.items.map(present) } };
};

/** Names of a resource for its not-found answer: the code and the word the domain uses. */
export const resourceNames = {
  vms: { code: 'VM_NOT_FOUND', label: 'VM', key: 'vmId' },
  volumes: { code: 'VOLUME_NOT_FOUND', label: 'Volume', key: 'volumeId' },
  snapshots: { code: 'SNAPSHOT_NOT_FOUND', label: 'Snapshot', key: 'snapshotId' },
  snapshotPolicies: { code: 'SNAPSHOT_POLICY_NOT_FOUND', label: 'Snapshot policy', key: 'policyId' },
  jobs: { code: 'JOB_NOT_FOUND', label: 'Job', key: 'jobId' },
  accounts: { code: 'ACCOUNT_NOT_FOUND', label: 'Account', key: 'accountId' },
} as const;
export type Named = keyof typeof resourceNames;

/** The same answer whether the resource doesn't exist or lies outside the caller's scope. */
export const missing = (kind: Named, id: string): DomainError => {
  const { code, label, key } = resourceNames[kind];
  return notFound(code, `${label} ${id} does not exist`, { [key]: id });
};

/** A resource by id, when the caller may see it; 404 otherwise. */
export const getScoped = async (
  context: HttpContext,
  caller: Caller,
  resource: ResourceName & Named,
  id: string,
  minPosition?: string,
): Promise<Item> => {
  const pool = context.app.pool;
  const item = await queries(pool)[resource].get(id, minPosition !== undefined ? { minPosition } : {});
  if (!item || !(await canSee(pool, caller, item))) throw missing(resource, id);
  return item;
};

/** The access refusals of the operations: for a resource outside the caller's scope they answer 404. */
const accessDenied = new Set(['VM_ACCESS_DENIED', 'STORAGE_ACCESS_DENIED']);

/**
 * Runs an operation on the resource `id`, turning an access refusal into the resource's 404. With
 * `others` (a second resource the operation names, e.g. the VM a volume is attached to), the refusal
 * that names one of them by id answers as that one's 404.
 */
export const hidingForeign = async <T>(
  kind: Named,
  id: string,
  operation: () => Promise<T>,
  others: readonly (readonly [Named, string])[] = [],
): Promise<T> => {
  try {
    return await operation();
  } catch (e) {
    if (e instanceof DomainError && accessDenied.has(e.code)) {
      const other = others.find(([, otherId]) => e.message.includes(otherId));
      throw other ? missing(other[0], other[1]) : missing(kind, id);
    }
    throw e;
  }
};

/** 202 for an async operation: the job to poll, its URL, the resource id, the position to read after. */
export const accepted = (
  submitted: { readonly jobId: string; readonly position: string | null },
  id?: string,
): RouteResult => ({
  status: 202,
  body: {
    ...(id !== undefined ? { id } : {}),
    jobId: submitted.jobId,
    jobUrl: `/v1/jobs/${submitted.jobId}`,
  },
  headers: { Location: `/v1/jobs/${submitted.jobId}` },
  position: submitted.position,
});

/** Drops the keys whose value is undefined (optional inputs under exactOptionalPropertyTypes). */
export const defined = <T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;

export const problemResponses = {
  400: { description: 'Invalid request (problem+json with the field paths)' },
  401: { description: 'Not authenticated' },
  404: { description: 'No such resource in your scope' },
  409: { description: 'Refused in the resource state' },
} as const;

/** Where each kind of resource lives in the API: `/v1/<path>/:id`. */
const resourcePaths: Readonly<Record<Named, string>> = {
  vms: 'vms',
  volumes: 'volumes',
  snapshots: 'snapshots',
  snapshotPolicies: 'snapshot-policies',
  jobs: 'jobs',
  accounts: 'accounts',
};

type Outcome = { readonly position: string | null; readonly jobId?: string };

/**
 * One operation on one resource, e.g. `POST /v1/vms/:id/start` or `DELETE /v1/volumes/:id`: the
 * body validated, the operation run as the caller, a refusal of a resource out of the caller's
 * scope answered as that resource's 404 (`others`: further resources the body names). A job answers
 * 202 with its URL; a change made at once answers 200 with `answer` (the resource's id by default).
 */
export const operation = <B extends z.ZodObject, O extends Outcome>(spec: {
  readonly kind: Named;
  readonly method?: 'post' | 'put' | 'delete';
  /** The path below the resource (`start`); none for the resource itself. */
  readonly action?: string;
  readonly summary: string;
  readonly tags?: readonly string[];
  readonly body?: B;
  readonly others?: (body: z.infer<B>) => readonly (readonly [Named, string])[];
  readonly run: (
    request: { caller: Caller; ctx: CommandContext },
    id: string,
    body: z.infer<B>,
  ) => Promise<O>;
  /** The id a job answers with when it makes a resource (a snapshot, a template); the resource's own by default. */
  readonly madeId?: (outcome: O) => string;
  /** The body of a change made at once; `{id}` by default. */
  readonly answer?: (outcome: O, id: string) => unknown;
}): Route =>
  route({
    method: spec.method ?? 'post',
    path: `/v1/${resourcePaths[spec.kind]}/:id${spec.action ? `/${spec.action}` : ''}`,
    summary: spec.summary,
    tags: spec.tags ?? [resourcePaths[spec.kind]],
    params: idParams,
    ...(spec.body && { body: spec.body }),
    responses: {
      200: { description: 'Done' },
      202: { description: 'Accepted: the job runs it' },
      ...problemResponses,
    },
    handler: async ({ params, body, caller, ctx }) => {
      const input = body as z.infer<B>;
      const outcome = await hidingForeign(
        spec.kind,
        params.id,
        () => spec.run({ caller: callerOf(caller), ctx }, params.id, input),
        spec.others?.(input) ?? [],
      );
      if (outcome.jobId !== undefined)
        return accepted(
          { jobId: outcome.jobId, position: outcome.position },
          spec.madeId?.(outcome) ?? params.id,
        );
      return {
        status: 200,
        body: spec.answer?.(outcome, params.id) ?? { id: params.id },
        position: outcome.position,
      };
    },
  });
