import { forbidden, notFound } from '../../domain/shared/index.ts';
import { type Caller, canActOn } from '../../domain/tenancy/roles.ts';
import type { TenantDomain, TenantDomainState } from '../../domain/tenancy/tenantDomain/index.ts';
import { livePath } from '../admin/tenancy/scope.ts';
import type { CommandBus } from '../commandBus.ts';

/** What a storage resource's owner is: the account and its tenant domain. */
export type Ownership = { readonly accountId: string; readonly tenantDomainId: string };

/**
 * The live path of a tenant domain, from the names up its chain: the path its own stream records
 * goes stale when an ancestor is renamed.
 */
export const tenantDomainPath = async (bus: CommandBus, tenantDomainId: string): Promise<string> =>
  livePath(await tenantDomainChain(bus, tenantDomainId));

/**
 * Root admins act on everything, domain admins on their subtree, users on their own account
 * (CloudStack's checkAccess); anyone else is refused.
 */
export const authorize = async (
  bus: CommandBus,
  caller: Caller,
  owner: Ownership,
  what: string,
): Promise<void> => {
  if (caller.roleType === 'Admin' || caller.accountId === owner.accountId) return;
  const path = await tenantDomainPath(bus, owner.tenantDomainId);
  if (!canActOn(caller, { accountId: owner.accountId, tenantDomainPath: path }))
    throw forbidden('STORAGE_ACCESS_DENIED', `You may not act on ${what}: it belongs to another account`, {
      accountId: owner.accountId,
      callerAccountId: caller.accountId,
    });
};

/** A tenant domain and its ancestors, from it up to ROOT. */
export const tenantDomainChain = async (bus: CommandBus, tenantDomainId: string): Promise<TenantDomain[]> => {
  const chain: TenantDomain[] = [];
  for (let id: string | null = tenantDomainId; id !== null; ) {
    const { state }: { state: TenantDomainState } = await bus.load('tenantDomain', id);
    if (state.status === 'absent')
      throw notFound('TENANT_DOMAIN_NOT_FOUND', `Tenant domain ${id} does not exist`, { tenantDomainId: id });
    chain.push(state);
    id = state.parentId;
  }
  return chain;
};
