import {
  type DomainLimitLink,
  effectiveAccountLimits,
  effectiveDomainLimits,
  limitedTypes,
  type QuotaLedgerRef,
  type ResourceAmounts,
  type ResourceLimits,
  UNLIMITED,
} from '../../domain/limits/index.ts';
import { illegalState, notFound } from '../../domain/shared/index.ts';
import type { Account } from '../../domain/tenancy/account/index.ts';
import type { TenantDomain } from '../../domain/tenancy/tenantDomain/index.ts';
import type { CommandBus } from '../commandBus.ts';

/**
 * Which quota ledgers a request goes through, with the limits each enforces: the account's and
 * every ancestor domain's (ROOT never), resolved as CloudStack does (cloudstack-domain.md §5.3)
 * from the tenant domain chain and the limits recorded on the ledgers themselves (LimitSet).
 * A level whose limit is unlimited for everything requested is skipped, so ROOT and other
 * unlimited domains never become hot streams; root-admin accounts are never limited.
 */

export type Owner = {
  readonly account: Account;
  /** The account's tenant domain first, then its parent, up to ROOT. */
  readonly chain: readonly TenantDomain[];
};

export type QuotaScope = QuotaLedgerRef & { readonly limits: ResourceLimits };

const presentDomain = async (
  bus: CommandBus,
  tenantDomainId: string,
  allowDeleted: boolean,
): Promise<TenantDomain> => {
  const { state } = await bus.load('tenantDomain', tenantDomainId);
  if (state.status === 'absent' || (state.status === 'deleted' && !allowDeleted))
    throw notFound('TENANT_DOMAIN_NOT_FOUND', `Tenant domain ${tenantDomainId} does not exist`, {
      tenantDomainId,
    });
  return state;
};

export type OwnerOptions = {
  /** A removed account resolves (a VM or volume outlives its owner; recovering a VM must say it's gone). */
  readonly allowRemoved?: boolean;
  /** Deleted tenant domains resolve: a resource left behind by a domain deletion still gives its usage back. */
  readonly allowDeletedDomains?: boolean;
};

/** The account and its tenant domain chain up to ROOT; a removed account or deleted domain is not found, unless allowed. */
export const loadOwner = async (
  bus: CommandBus,
  accountId: string,
  { allowRemoved = false, allowDeletedDomains = false }: OwnerOptions = {},
): Promise<Owner> => {
  const { state: account } = await bus.load('account', accountId);
  if (account.status === 'absent' || (account.status === 'removed' && !allowRemoved))
    throw notFound('ACCOUNT_NOT_FOUND', `Account ${accountId} does not exist`, { accountId });
  const chain: TenantDomain[] = [];
  for (let id: string | null = account.tenantDomainId; id !== null; ) {
    if (chain.length > 64 || chain.some((d) => d.tenantDomainId === id))
      throw illegalState(
        'TENANT_DOMAIN_CHAIN_BROKEN',
        `The tenant domains above ${account.tenantDomainId} loop`,
        {
          tenantDomainId: account.tenantDomainId,
        },
      );
    const domain: TenantDomain = await presentDomain(bus, id, allowDeletedDomains);
    chain.push(domain);
    id = domain.parentId;
  }
  return { account, chain };
};

/** The owner's tenant domain and its ancestors, as the offering and placement rules want them. */
export const domainIdsOf = (owner: Owner): string[] => owner.chain.map((d) => d.tenantDomainId);

const explicitLimitsOf = async (bus: CommandBus, ledger: QuotaLedgerRef): Promise<ResourceAmounts> => {
  const { state } = await bus.load(
    ledger.scope === 'account' ? 'quotaAccount' : 'quotaDomain',
    ledger.ownerId,
  );
  return state.explicitLimits;
};

/**
 * Every ledger that limits the owner, with its effective limits; ROOT and root-admin accounts have
 * none. With `rootAdminDomains`, a root-admin account outside ROOT still goes through its limited
 * ancestor domains (its own ledger stays unlimited): storage has always counted it there, and what
 * was counted must stay releasable.
 */
export const resolveQuotaScopes = async (
  bus: CommandBus,
  owner: Owner,
  { rootAdminDomains = false } = {},
): Promise<QuotaScope[]> => {
  if (owner.account.type === 'RootAdmin' && !rootAdminDomains) return [];
  const domains = owner.chain.filter((d) => d.parentId !== null);
  const [accountExplicit, ...domainExplicit] = await Promise.all([
    explicitLimitsOf(bus, { scope: 'account', ownerId: owner.account.accountId }),
    ...domains.map((d) => explicitLimitsOf(bus, { scope: 'domain', ownerId: d.tenantDomainId })),
  ]);
  const links: DomainLimitLink[] = owner.chain.map((d) => {
    const at = domains.indexOf(d);
    return {
      tenantDomainId: d.tenantDomainId,
      parentId: d.parentId,
      explicit: at < 0 ? {} : domainExplicit[at]!,
    };
  });
  return [
    {
      scope: 'account',
      ownerId: owner.account.accountId,
      limits: effectiveAccountLimits(accountExplicit ?? {}, owner.account.type),
    },
    ...domains.map((d, i) => ({
      scope: 'domain' as const,
      ownerId: d.tenantDomainId,
      limits: effectiveDomainLimits(links.slice(i)),
    })),
  ];
};

/** The scopes a request must be reserved on: those with a finite limit on something it asks for. */
export const scopesLimiting = (scopes: readonly QuotaScope[], request: ResourceAmounts): QuotaScope[] =>
  scopes.filter((s) => limitedTypes(request, s.limits).length > 0);

/** Whether any limit applies to the resource at all (a finite value somewhere). */
export const isLimited = (scope: QuotaScope): boolean =>
  Object.values(scope.limits).some((limit) => limit !== UNLIMITED);
