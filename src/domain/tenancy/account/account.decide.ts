import { conflict, invalid } from '../../shared/index.ts';
import {
  assertNotBootstrap,
  type Enablement,
  type EnablementAction,
  enablementTarget,
  type Live,
  requireLive,
} from '../enablement.ts';
import { assertValidName } from '../names.ts';
import { type AccountType, type RoleType, roleTypeForAccountType } from '../roles.ts';
import type {
  AccountCommand,
  CreateAccount,
  DeleteAccount,
  DisableAccount,
  EnableAccount,
  UpdateAccount,
} from './account.commands.ts';
import type { AccountEvent } from './account.events.ts';
import type { Account, AccountState } from './account.state.ts';

type Emit = readonly AccountEvent[];

const requireAccount = (state: AccountState, accountId: string): Live<Account> =>
  requireLive('ACCOUNT', state, accountId);

const assertAccountName = (name: string): void =>
  assertValidName('ACCOUNT_NAME_INVALID', 'account name', name);

/** CloudStack derives the account type from the role: a User account cannot hold an admin role. */
const assertRoleFits = (type: AccountType, roleId: string, roleType: RoleType): void => {
  const expected = roleTypeForAccountType[type];
  if (roleType !== expected)
    throw invalid(
      'ACCOUNT_ROLE_MISMATCH',
      `A ${type} account needs a role of type ${expected}; the role ${roleId} is of type ${roleType}.`,
      { type, roleId, roleType, expected },
    );
};

const createAccount = ({ data }: CreateAccount, state: AccountState): Emit => {
  if (state.status !== 'absent')
    throw conflict('ACCOUNT_ALREADY_EXISTS', `The account ${data.accountId} already exists.`, {
      accountId: data.accountId,
    });
  assertAccountName(data.name);
  assertRoleFits(data.type, data.roleId, data.roleType);
  return [
    {
      type: 'AccountCreated',
      data: {
        accountId: data.accountId,
        tenantDomainId: data.tenantDomainId,
        name: data.name,
        type: data.type,
        roleId: data.roleId,
        bootstrap: data.bootstrap ?? false,
        createdAt: data.now,
      },
    },
  ];
};

const updateAccount = ({ data }: UpdateAccount, state: AccountState): Emit => {
  const account = requireAccount(state, data.accountId);
  assertAccountName(data.name);
  if (data.role !== undefined) assertRoleFits(account.type, data.role.roleId, data.role.roleType);
  const roleId = data.role?.roleId ?? account.roleId;
  if (data.name === account.name && roleId === account.roleId) return [];
  return [
    {
      type: 'AccountUpdated',
      data: {
        accountId: account.accountId,
        tenantDomainId: account.tenantDomainId,
        name: data.name,
        previousName: account.name,
        roleId,
        updatedAt: data.now,
      },
    },
  ];
};

const enablementEvent = (account: Account, target: Enablement, now: string): AccountEvent => {
  const owner = { accountId: account.accountId, tenantDomainId: account.tenantDomainId };
  switch (target) {
    case 'enabled':
      return { type: 'AccountEnabled', data: { ...owner, enabledAt: now } };
    case 'disabled':
      return { type: 'AccountDisabled', data: { ...owner, disabledAt: now } };
    case 'locked':
      return { type: 'AccountLocked', data: { ...owner, lockedAt: now } };
  }
};

const changeEnablement = (
  state: AccountState,
  accountId: string,
  action: EnablementAction,
  now: string,
): Emit => {
  const account = requireAccount(state, accountId);
  const target = enablementTarget('ACCOUNT', account, account.name, action);
  return target === null ? [] : [enablementEvent(account, target, now)];
};

const disableAccount = ({ data }: DisableAccount, state: AccountState): Emit =>
  changeEnablement(state, data.accountId, data.lock ? 'lock' : 'disable', data.now);

const enableAccount = ({ data }: EnableAccount, state: AccountState): Emit =>
  changeEnablement(state, data.accountId, 'enable', data.now);

const deleteAccount = ({ data }: DeleteAccount, state: AccountState): Emit => {
  if (state.status === 'removed') return [];
  const account = requireAccount(state, data.accountId);
  assertNotBootstrap('ACCOUNT', account, account.name, 'deleted');
  return [
    {
      type: 'AccountDeleted',
      data: {
        accountId: account.accountId,
        tenantDomainId: account.tenantDomainId,
        name: account.name,
        deletedAt: data.now,
      },
    },
  ];
};

export const decide = (command: AccountCommand, state: AccountState): Emit => {
  switch (command.type) {
    case 'CreateAccount':
      return createAccount(command, state);
    case 'UpdateAccount':
      return updateAccount(command, state);
    case 'DisableAccount':
      return disableAccount(command, state);
    case 'EnableAccount':
      return enableAccount(command, state);
    case 'DeleteAccount':
      return deleteAccount(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown account command ${JSON.stringify(unknown)}.`);
    }
  }
};
