import type { Command } from '../../shared/index.ts';
import type { AccountType, RoleType } from '../roles.ts';

/**
 * The account name must already be reserved in its tenant domain (ReserveAccountName) before
 * CreateAccount or a renaming UpdateAccount, and released after DeleteAccount: the tenant domain
 * stream is the single writer of unique names, and refuses them once the domain is being deleted.
 */
export type CreateAccount = Command<
  'CreateAccount',
  {
    accountId: string;
    tenantDomainId: string;
    name: string;
    type: AccountType;
    roleId: string;
    /** The type of `roleId`, looked up by the command side. */
    roleType: RoleType;
    /** The system/root admin account created at installation: it can never be deleted or disabled. */
    bootstrap?: boolean;
    now: string;
  }
>;

export type UpdateAccount = Command<
  'UpdateAccount',
  { accountId: string; name: string; role?: { roleId: string; roleType: RoleType }; now: string }
>;

/** CloudStack's disableAccount: `lock: true` locks (login refused, resources keep running). */
export type DisableAccount = Command<'DisableAccount', { accountId: string; lock: boolean; now: string }>;
export type EnableAccount = Command<'EnableAccount', { accountId: string; now: string }>;

/** Marks the account removed; the command side then cleans up its users and resources. */
export type DeleteAccount = Command<'DeleteAccount', { accountId: string; now: string }>;

export type AccountCommand = CreateAccount | UpdateAccount | DisableAccount | EnableAccount | DeleteAccount;
