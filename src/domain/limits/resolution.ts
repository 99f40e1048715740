import { invalid } from '../shared/index.ts';
import type { AccountType } from '../tenancy/roles.ts';
import {
  defaultAccountLimits,
  defaultDomainLimits,
  limitInBaseUnits,
  perResourceType,
  type ResourceAmounts,
  type ResourceLimits,
  type ResourceType,
  resourceTypes,
  UNLIMITED,
} from './resourceTypes.ts';

/**
 * How CloudStack resolves and checks limits (reference: cloudstack-domain.md §5.3). Limits are in
 * API units, usage and requests in base units (see resourceTypes.ts).
 */

/** The account's explicit limit, else `max.account.*`; root-admin accounts are never limited. */
export const effectiveAccountLimit = (
  type: ResourceType,
  explicitAccountLimits: ResourceAmounts,
  accountType: AccountType,
): number =>
  accountType === 'RootAdmin' ? UNLIMITED : (explicitAccountLimits[type] ?? defaultAccountLimits[type]);

export const effectiveAccountLimits = (
  explicitAccountLimits: ResourceAmounts,
  accountType: AccountType,
): ResourceLimits =>
  perResourceType((type) => effectiveAccountLimit(type, explicitAccountLimits, accountType));

/** One tenant domain and its explicit limits, in a chain from a domain up to ROOT (parentId null). */
export type DomainLimitLink = {
  readonly tenantDomainId: string;
  readonly parentId: string | null;
  readonly explicit: ResourceAmounts;
};

/**
 * `chain[0]` is the domain, then its parent and so on up to ROOT. The domain's explicit limit,
 * else the nearest ancestor's explicit limit (stopping before ROOT), else `max.domain.*`; ROOT is
 * always unlimited.
 */
export const effectiveDomainLimit = (type: ResourceType, chain: readonly DomainLimitLink[]): number => {
  if (chain.length === 0)
    throw invalid('LIMIT_CHAIN_EMPTY', 'A domain limit needs the chain of domains up to ROOT.');
  for (const link of chain) {
    if (link.parentId === null) break;
    const explicit = link.explicit[type];
    if (explicit !== undefined) return explicit;
  }
  return chain[0]?.parentId === null ? UNLIMITED : defaultDomainLimits[type];
};

export const effectiveDomainLimits = (chain: readonly DomainLimitLink[]): ResourceLimits =>
  perResourceType((type) => effectiveDomainLimit(type, chain));

/** The first resource of a request that does not fit under a limit, in base units. */
export type Excess = {
  readonly type: ResourceType;
  /** In API units. */
  readonly limit: number;
  readonly used: number;
  readonly requested: number;
};

/** The resource types a request asks a positive amount of and that have a finite limit. */
export const limitedTypes = (request: ResourceAmounts, limits: ResourceLimits): ResourceType[] =>
  resourceTypes.filter((type) => (request[type] ?? 0) > 0 && limits[type] !== UNLIMITED);

/** `used + requested ≤ limit` for every limited type, or the first type that breaks it. */
export const firstExcess = (
  request: ResourceAmounts,
  limits: ResourceLimits,
  used: ResourceAmounts,
): Excess | null => {
  for (const type of limitedTypes(request, limits)) {
    const requested = request[type] ?? 0;
    const current = used[type] ?? 0;
    if (current + requested > limitInBaseUnits(type, limits[type]))
      return { type, limit: limits[type], used: current, requested };
  }
  return null;
};

/** One scope a request is checked against: an account, or one of its ancestor domains. */
export type LimitScope = {
  readonly kind: 'account' | 'domain';
  readonly id: string;
  /** The ROOT domain: never limited, never touched. */
  readonly isRoot: boolean;
  /** Effective limits (effectiveAccountLimits / effectiveDomainLimits). */
  readonly limits: ResourceLimits;
  /** Counted plus reserved usage, in base units. */
  readonly used: ResourceAmounts;
};

export type LimitCheck = {
  /** The scopes whose ledgers a reservation must go through (a finite limit on a requested resource). */
  readonly touched: readonly { readonly kind: 'account' | 'domain'; readonly id: string }[];
  /** The first scope (in the order given: account, then domains leaf to root) that the request does not fit. */
  readonly exceeded: (Excess & { readonly kind: 'account' | 'domain'; readonly id: string }) | null;
};

/** CloudStack's checkResourceLimit over the account and every ancestor domain except ROOT; -1 skips a level. */
export const checkLimits = (request: ResourceAmounts, scopes: readonly LimitScope[]): LimitCheck => {
  const limited = scopes.filter((scope) => !scope.isRoot && limitedTypes(request, scope.limits).length > 0);
  const touched = limited.map(({ kind, id }) => ({ kind, id }));
  for (const { kind, id, limits, used } of limited) {
    const excess = firstExcess(request, limits, used);
    if (excess !== null) return { touched, exceeded: { kind, id, ...excess } };
  }
  return { touched, exceeded: null };
};
