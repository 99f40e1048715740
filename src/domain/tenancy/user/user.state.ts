import type { MemberStatus } from '../enablement.ts';
import { type Absent, patchPresent } from '../present.ts';
import type { UserEvent } from './user.events.ts';

export type UserStatus = MemberStatus;

/** The password hash and the secret are not kept: no rule reads them, the read model serves logins. */
export type User = {
  readonly status: UserStatus;
  readonly userId: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly username: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly email: string;
  readonly apiKey: string | null;
  readonly bootstrap: boolean;
};

export type UserState = Absent | User;

export const initialState = (): UserState => ({ status: 'absent' });

export const evolve = (state: UserState, event: UserEvent): UserState => {
  switch (event.type) {
    case 'UserCreated': {
      const { userId, accountId, tenantDomainId, username, firstname, lastname, email, bootstrap } =
        event.data;
      return {
        status: 'enabled',
        userId,
        accountId,
        tenantDomainId,
        username,
        firstname,
        lastname,
        email,
        apiKey: null,
        bootstrap,
      };
    }
    case 'UserUpdated': {
      const { username, firstname, lastname, email } = event.data;
      return patchPresent(state, () => ({ username, firstname, lastname, email }));
    }
    case 'UserKeysRegistered':
      return patchPresent(state, () => ({ apiKey: event.data.apiKey }));
    case 'UserDisabled':
      return patchPresent(state, () => ({ status: 'disabled' }));
    case 'UserLocked':
      return patchPresent(state, () => ({ status: 'locked' }));
    case 'UserEnabled':
      return patchPresent(state, () => ({ status: 'enabled' }));
    case 'UserDeleted':
      return patchPresent(state, () => ({ status: 'removed' }));
    default:
      return state;
  }
};
