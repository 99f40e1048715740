import { isInSubtree, scopeOf } from '../../../domain/tenancy/roles.ts';
import {
  type Item,
  type ListFilters,
  queries,
  type ResourceName,
} from '../../../projections/queries/index.ts';
import { CsError } from './protocol.ts';
import type { Call } from './table.ts';

/**
 * Ownership scoping of list commands exactly as CloudStack's buildACLSearchParameters
 * (cloudstack-api.md §5.3), and page/pagesize over the queries' keyset pages.
 */

export const maxPageSize = 500;

/** The live path of a tenant domain, or null when it doesn't exist. */
export const domainPathOf = async (call: Call, tenantDomainId: string): Promise<string | null> => {
  const d = await queries(call.http.app.pool).tenantDomains.get(tenantDomainId);
  return d && !d.removedAt ? (d.path as string) : null;
};

/** Whether the caller may see what an account in this tenant domain owns. */
export const canSee = async (call: Call, owner: { accountId: string; tenantDomainId: string }) => {
  const scope = scopeOf(call.caller);
  if (scope === 'all') return true;
  if ('account' in scope) return owner.accountId === scope.account;
  const path = await domainPathOf(call, owner.tenantDomainId);
  return path !== null && isInSubtree(path, scope.subtreeOfPath);
};

const denied = (what: string) => new CsError(531, `Account does not have permission to access ${what}`, 4365);

/** The owner filters of an account-owned list. */
export const ownerFilters = async (call: Call): Promise<ListFilters> => {
  const { caller } = call;
  const scope = scopeOf(caller);
  const domainId = call.str('domainid');
  const accountName = call.str('account');
  if (scope !== 'all' && 'account' in scope) return { accountId: caller.accountId };
  if (domainId !== undefined || accountName !== undefined) {
    const tenantDomainId = domainId ?? caller.tenantDomainId;
    const path = await domainPathOf(call, tenantDomainId);
    if (path === null) throw new CsError(431, `Unable to find domain by id ${tenantDomainId}`, 4350);
    if (scope !== 'all' && !isInSubtree(path, (scope as { subtreeOfPath: string }).subtreeOfPath))
      throw denied(`domain ${tenantDomainId}`);
    if (accountName !== undefined) {
      const { items } = await queries(call.http.app.pool).accounts.list({
        name: accountName,
        tenantDomainId,
      });
      if (!items[0])
        throw new CsError(431, `Unable to find account ${accountName} in domain ${tenantDomainId}`, 4350);
      return { accountId: items[0].id };
    }
    return { tenantDomainId, isRecursive: call.bool('isrecursive') ?? false };
  }
  // With an id, admins are not limited to their own account.
  if (!call.bool('listall') && call.str('id') === undefined) return { accountId: caller.accountId };
  return scope === 'all' ? {} : { tenantDomainId: caller.tenantDomainId, isRecursive: true };
};

/** A resource's list page as CloudStack pages it: `page` (1-based) and `pagesize` only together. */
export const pageOf = async (
  call: Call,
  resource: ResourceName,
  filters: ListFilters,
): Promise<{ items: readonly Item[]; count: number }> => {
  const page = call.int('page');
  const pageSizeParam = call.int('pagesize');
  if (pageSizeParam !== undefined && pageSizeParam !== -1 && page === undefined)
    throw new CsError(431, '"page" parameter is required when "pagesize" is specified', 9999);
  if (page !== undefined && (pageSizeParam === undefined || pageSizeParam === -1))
    throw new CsError(431, '"pagesize" parameter is required when "page" is specified', 9999);
  if (pageSizeParam !== undefined && pageSizeParam > maxPageSize)
    throw new CsError(431, `Page size can't exceed max allowed page size value: ${maxPageSize}`, 9999);
  const pageSize =
    pageSizeParam === undefined || pageSizeParam === -1 ? maxPageSize : Math.max(pageSizeParam, 1);
  const keyword = call.str('keyword');
  const list = queries(call.http.app.pool)[resource];
  const all = { ...filters, ...(keyword !== undefined ? { keyword } : {}) };
  const options = {
    pageSize,
    ...(call.minPosition ? { minPosition: call.minPosition, timeoutMs: 10_000 } : {}),
  };
  // Keyset pages walked up to the page asked for: lists are bounded by pagesize × page.
  const wanted = Math.max(page ?? 1, 1);
  let result = await list.list(all, options);
  const count = result.total ?? 0;
  let n = 1;
  while (n < wanted && result.nextCursor) {
    result = await list.list(all, { ...options, cursor: result.nextCursor, withTotal: false });
    n++;
  }
  return { items: n === wanted ? result.items : [], count };
};
