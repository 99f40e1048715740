import { forbidden, invalid } from '../shared/index.ts';
import { type AccountType, type Caller, canActOn, type Owner } from '../tenancy/roles.ts';
import { type ResourceType, UNLIMITED } from './resourceTypes.ts';

/** Whose limit is being set, with the facts the rules need (filled in by the command side). */
export type LimitTarget =
  | {
      readonly kind: 'account';
      readonly accountId: string;
      readonly accountType: AccountType;
      readonly tenantDomainId: string;
      readonly tenantDomainPath: string;
    }
  | {
      readonly kind: 'domain';
      readonly tenantDomainId: string;
      readonly parentId: string | null;
      readonly tenantDomainPath: string;
      /** The parent domain's effective limit for this resource type (UNLIMITED for a child of ROOT). */
      readonly parentLimit: number;
    };

export type LimitUpdate = {
  readonly target: LimitTarget;
  readonly type: ResourceType;
  readonly max: number;
  readonly caller: Caller;
};

const ownerOf = (target: LimitTarget): Owner => ({
  accountId: target.kind === 'account' ? target.accountId : null,
  tenantDomainPath: target.tenantDomainPath,
});

const describeTarget = (target: LimitTarget): string =>
  target.kind === 'account' ? `account ${target.accountId}` : `tenant domain ${target.tenantDomainPath}`;

/** A domain admin manages the limits below it, never its own account's or its own domain's. */
const assertCallerMay = ({ target, caller }: LimitUpdate): void => {
  const details = { callerAccountId: caller.accountId, target: describeTarget(target) };
  if (caller.roleType === 'User' || !canActOn(caller, ownerOf(target)))
    throw forbidden(
      'RESOURCE_LIMIT_FORBIDDEN',
      `You may not change the limits of the ${describeTarget(target)}.`,
      details,
    );
  if (caller.roleType === 'Admin') return;
  const own =
    target.kind === 'account'
      ? target.accountId === caller.accountId
      : target.tenantDomainId === caller.tenantDomainId;
  if (own)
    throw forbidden(
      'RESOURCE_LIMIT_OWN_SCOPE',
      `A domain admin cannot change the limits of its own ${target.kind}; ask an administrator above you.`,
      details,
    );
};

/** CloudStack's updateResourceLimit rules (reference §5.3). Throws a DomainError when refused. */
export const assertLimitUpdate = (update: LimitUpdate): void => {
  const { target, type, max } = update;
  if (!Number.isSafeInteger(max) || max < UNLIMITED)
    throw invalid('RESOURCE_LIMIT_INVALID', `A limit is a whole number, -1 for unlimited; ${max} is not.`, {
      type,
      max,
    });
  assertCallerMay(update);
  if (target.kind === 'domain' && target.parentId === null)
    throw forbidden(
      'RESOURCE_LIMIT_ROOT_DOMAIN',
      'The ROOT domain is always unlimited; no limit can be set on it.',
      {
        type,
        max,
      },
    );
  if (target.kind === 'account' && target.accountType === 'RootAdmin' && max !== UNLIMITED)
    throw invalid(
      'RESOURCE_LIMIT_ROOT_ADMIN',
      'Root admin accounts are never limited; only -1 can be set on them.',
      {
        accountId: target.accountId,
        type,
        max,
      },
    );
  // As CloudStack: only a finite value above a finite parent limit is refused (-1 still meets the parent's check).
  if (target.kind === 'domain' && target.parentLimit !== UNLIMITED && max > target.parentLimit)
    throw invalid(
      'RESOURCE_LIMIT_ABOVE_PARENT',
      `The parent of ${target.tenantDomainPath} allows at most ${target.parentLimit} for ${type}; choose a value up to ${target.parentLimit}.`,
      { tenantDomainId: target.tenantDomainId, type, max, parentLimit: target.parentLimit },
    );
};
