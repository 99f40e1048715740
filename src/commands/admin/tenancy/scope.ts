import { forbidden, notFound } from '../../../domain/shared/index.ts';
import type { Account } from '../../../domain/tenancy/account/index.ts';
import { type Caller, canActOn, isInSubtree } from '../../../domain/tenancy/roles.ts';
import type { TenantDomain } from '../../../domain/tenancy/tenantDomain/index.ts';
import type { CommandBus } from '../../commandBus.ts';

/**
 * The tenancy facts authorization needs, loaded from streams. A tenant domain stream keeps the path
 * it last wrote, which goes stale when an ancestor is renamed; the chain of parents gives the live
 * path: the names from ROOT down.
 */
export type DomainChain = readonly TenantDomain[];

export const loadDomain = async (bus: CommandBus, tenantDomainId: string): Promise<TenantDomain> => {
  const { state } = await bus.load('tenantDomain', tenantDomainId);
  if (state.status === 'absent')
    throw notFound('TENANT_DOMAIN_NOT_FOUND', `The tenant domain ${tenantDomainId} does not exist.`, {
      tenantDomainId,
    });
  return state;
};

/** `[domain, parent, …, ROOT]`. */
export const domainChain = async (bus: CommandBus, tenantDomainId: string): Promise<DomainChain> => {
  const chain: TenantDomain[] = [];
  for (let id: string | null = tenantDomainId; id !== null; ) {
    const domain = await loadDomain(bus, id);
    chain.push(domain);
    id = domain.parentId;
  }
  return chain;
};

export const livePath = (chain: DomainChain): string =>
  chain
    .map((d) => d.name)
    .reverse()
    .join('/');

const refuse = (caller: Caller, action: string, details: Record<string, unknown>) =>
  forbidden('TENANCY_FORBIDDEN', `You may not ${action}.`, { userId: caller.userId, ...details });

/** Root admins act anywhere; domain admins in their subtree; users only on their own account. */
export const requireDomainAccess = (caller: Caller, chain: DomainChain, action: string): void => {
  const path = livePath(chain);
  if (!canActOn(caller, { accountId: null, tenantDomainPath: path }))
    throw refuse(caller, action, { tenantDomainPath: path });
};

/** Managing tenancy (domains, accounts, other users) needs an admin role, whatever the scope says. */
export const requireAdminRole = (caller: Caller, action: string): void => {
  if (caller.roleType === 'User') throw refuse(caller, action, { roleType: caller.roleType });
};

export type OwnedAccount = { readonly account: Account; readonly chain: DomainChain; readonly path: string };

export const loadAccount = async (bus: CommandBus, accountId: string): Promise<Account> => {
  const { state } = await bus.load('account', accountId);
  if (state.status === 'absent')
    throw notFound('ACCOUNT_NOT_FOUND', `The account ${accountId} does not exist.`, { accountId });
  return state;
};

/** The account and its domain chain, once the caller is allowed to act on the account. */
export const requireAccountAccess = async (
  bus: CommandBus,
  caller: Caller,
  accountId: string,
  action: string,
): Promise<OwnedAccount> => {
  const account = await loadAccount(bus, accountId);
  const chain = await domainChain(bus, account.tenantDomainId);
  const path = livePath(chain);
  if (!canActOn(caller, { accountId, tenantDomainPath: path }))
    throw refuse(caller, action, { accountId, tenantDomainPath: path });
  return { account, chain, path };
};

/** Whether `chain` lies in the subtree of the caller's own domain (for domain-restricted offerings). */
export const inCallerSubtree = (caller: Caller, chain: DomainChain): boolean =>
  isInSubtree(livePath(chain), caller.tenantDomainPath);
