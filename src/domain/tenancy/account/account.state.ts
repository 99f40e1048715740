import type { MemberStatus } from '../enablement.ts';
import { type Absent, patchPresent } from '../present.ts';
import type { AccountType } from '../roles.ts';
import type { AccountEvent } from './account.events.ts';

export type AccountStatus = MemberStatus;

export type Account = {
  readonly status: AccountStatus;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly name: string;
  readonly type: AccountType;
  readonly roleId: string;
  readonly bootstrap: boolean;
};

export type AccountState = Absent | Account;

export const initialState = (): AccountState => ({ status: 'absent' });

export const evolve = (state: AccountState, event: AccountEvent): AccountState => {
  switch (event.type) {
    case 'AccountCreated': {
      const { accountId, tenantDomainId, name, type, roleId, bootstrap } = event.data;
      return { status: 'enabled', accountId, tenantDomainId, name, type, roleId, bootstrap };
    }
    case 'AccountUpdated':
      return patchPresent(state, () => ({ name: event.data.name, roleId: event.data.roleId }));
    case 'AccountDisabled':
      return patchPresent(state, () => ({ status: 'disabled' }));
    case 'AccountLocked':
      return patchPresent(state, () => ({ status: 'locked' }));
    case 'AccountEnabled':
      return patchPresent(state, () => ({ status: 'enabled' }));
    case 'AccountDeleted':
      return patchPresent(state, () => ({ status: 'removed' }));
    default:
      return state;
  }
};
