import {
  type DomainLimitLink,
  effectiveAccountLimits,
  effectiveDomainLimit,
  effectiveDomainLimits,
  type LimitTarget,
  type ResourceAmounts,
  type ResourceLimits,
  type ResourceType,
  UNLIMITED,
} from '../../../domain/limits/index.ts';
import { forbidden } from '../../../domain/shared/index.ts';
import { canActOn } from '../../../domain/tenancy/roles.ts';
import type { CommandBus } from '../../commandBus.ts';
import { type AdminDeps, type Invocation, type Positioned, Steps } from '../shared.ts';
import { type DomainChain, domainChain, livePath, loadAccount } from '../tenancy/scope.ts';

/** Whose limits: an account's, or a tenant domain's. */
export type LimitOwner = { readonly accountId: string } | { readonly tenantDomainId: string };

const ledgerOf = async (bus: CommandBus, owner: LimitOwner) =>
  'accountId' in owner
    ? (await bus.load('quotaAccount', owner.accountId)).state
    : (await bus.load('quotaDomain', owner.tenantDomainId)).state;

/** The domain and its ancestors with the limits each one's ledger records, for limit resolution. */
const limitChain = async (bus: CommandBus, chain: DomainChain): Promise<DomainLimitLink[]> =>
  Promise.all(
    chain.map(async (d) => ({
      tenantDomainId: d.tenantDomainId,
      parentId: d.parentId,
      explicit: (await ledgerOf(bus, { tenantDomainId: d.tenantDomainId })).explicitLimits,
    })),
  );

/** The target as the limit rules need it: the account's type, or the domain's parent limit for this type. */
const targetOf = async (bus: CommandBus, owner: LimitOwner, type: ResourceType): Promise<LimitTarget> => {
  if ('accountId' in owner) {
    const account = await loadAccount(bus, owner.accountId);
    const chain = await domainChain(bus, account.tenantDomainId);
    return {
      kind: 'account',
      accountId: account.accountId,
      accountType: account.type,
      tenantDomainId: account.tenantDomainId,
      tenantDomainPath: livePath(chain),
    };
  }
  const chain = await domainChain(bus, owner.tenantDomainId);
  const [domain, ...ancestors] = chain;
  return {
    kind: 'domain',
    tenantDomainId: domain!.tenantDomainId,
    parentId: domain!.parentId,
    tenantDomainPath: livePath(chain),
    parentLimit:
      ancestors.length === 0 ? UNLIMITED : effectiveDomainLimit(type, await limitChain(bus, ancestors)),
  };
};

/**
 * updateResourceLimit (sync): records the limit on the account's or domain's quota ledger, which
 * enforces it from the next reservation on. Who may set what (root admin anywhere, domain admin
 * below itself, never on ROOT or above the parent's limit) is the domain's rule (assertLimitUpdate).
 */
export const updateResourceLimit = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly owner: LimitOwner; readonly type: ResourceType; readonly max: number },
): Promise<Positioned> => {
  const target = await targetOf(bus, input.owner, input.type);
  const steps = new Steps(bus, ctx);
  const command = {
    type: 'SetResourceLimit' as const,
    data: { target, type: input.type, max: input.max, caller, now: bus.now() },
  };
  if (target.kind === 'account') await steps.run('limit', 'quotaAccount', target.accountId, command);
  else await steps.run('limit', 'quotaDomain', target.tenantDomainId, command);
  return { position: steps.position };
};

export type LimitsView = {
  /** What applies now, per resource type, in API units (-1 unlimited). */
  readonly limits: ResourceLimits;
  /** The limits set on this account or domain itself. */
  readonly explicit: ResourceAmounts;
  /** Committed usage and pending reservations, in base units (bytes for storage). */
  readonly count: ResourceLimits;
  readonly reserved: ResourceLimits;
};

/**
 * listResourceLimits / resource counts for one account or domain, folded from its quota ledger (never a
 * read model: limits must be exact). Anyone who may act on the owner may read them.
 */
export const resourceLimitsOf = async (
  { bus }: AdminDeps,
  { caller }: Invocation,
  owner: LimitOwner,
): Promise<LimitsView> => {
  const account = 'accountId' in owner ? await loadAccount(bus, owner.accountId) : null;
  const chain = await domainChain(
    bus,
    account?.tenantDomainId ?? (owner as { tenantDomainId: string }).tenantDomainId,
  );
  const path = livePath(chain);
  const allowed =
    account !== null
      ? canActOn(caller, { accountId: account.accountId, tenantDomainPath: path })
      : caller.roleType !== 'User' && canActOn(caller, { accountId: null, tenantDomainPath: path });
  if (!allowed)
    throw forbidden('RESOURCE_LIMIT_FORBIDDEN', 'You may not see these limits.', {
      userId: caller.userId,
      path,
    });
  const ledger = await ledgerOf(bus, owner);
  const limits =
    account !== null
      ? effectiveAccountLimits(ledger.explicitLimits, account.type)
      : effectiveDomainLimits(await limitChain(bus, chain));
  return { limits, explicit: ledger.explicitLimits, count: ledger.count, reserved: ledger.reserved };
};
