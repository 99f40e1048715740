import { z } from 'zod';
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
import type {
  ChangeUserPassword,
  CreateUser,
  DeleteUser,
  RegisterUserKeys,
  UpdateUser,
  UserCommand,
} from './user.commands.ts';
import type { UserEvent } from './user.events.ts';
import type { User, UserState } from './user.state.ts';

type Emit = readonly UserEvent[];
type Profile = Pick<User, 'username' | 'firstname' | 'lastname' | 'email'>;

const requireUser = (state: UserState, userId: string): Live<User> => requireLive('USER', state, userId);

const emailSchema = z.email();

const assertProfile = (profile: Profile): void => {
  assertValidName('USERNAME_INVALID', 'username', profile.username);
  assertValidName('USER_PROFILE_INVALID', 'first name', profile.firstname);
  assertValidName('USER_PROFILE_INVALID', 'last name', profile.lastname);
  if (!emailSchema.safeParse(profile.email).success)
    throw invalid('USER_EMAIL_INVALID', `The email address "${profile.email}" is not valid.`, {
      email: profile.email,
    });
};

/** A PHC-style string (`$scrypt$...`, `$argon2id$...`, `$2b$...`): guards against a clear password slipping through. */
const phcHash = /^\$[a-z0-9-]{1,32}(\$[A-Za-z0-9+/=.,-]+)+$/;

const assertHashed = (passwordHash: string): void => {
  if (!phcHash.test(passwordHash))
    throw invalid(
      'USER_PASSWORD_NOT_HASHED',
      'The password must be hashed before it reaches the domain (a PHC string such as $scrypt$...).',
    );
};

const owner = (user: User) => ({
  userId: user.userId,
  accountId: user.accountId,
  tenantDomainId: user.tenantDomainId,
});

const createUser = ({ data }: CreateUser, state: UserState): Emit => {
  if (state.status !== 'absent')
    throw conflict('USER_ALREADY_EXISTS', `The user ${data.userId} already exists.`, { userId: data.userId });
  const { userId, accountId, tenantDomainId, username, firstname, lastname, email, passwordHash } = data;
  assertProfile({ username, firstname, lastname, email });
  assertHashed(passwordHash);
  return [
    {
      type: 'UserCreated',
      data: {
        userId,
        accountId,
        tenantDomainId,
        username,
        firstname,
        lastname,
        email,
        passwordHash,
        bootstrap: data.bootstrap ?? false,
        createdAt: data.now,
      },
    },
  ];
};

const updateUser = ({ data }: UpdateUser, state: UserState): Emit => {
  const user = requireUser(state, data.userId);
  const profile: Profile = {
    username: data.username ?? user.username,
    firstname: data.firstname ?? user.firstname,
    lastname: data.lastname ?? user.lastname,
    email: data.email ?? user.email,
  };
  assertProfile(profile);
  const changed = (Object.keys(profile) as (keyof Profile)[]).some((field) => profile[field] !== user[field]);
  return changed ? [{ type: 'UserUpdated', data: { ...owner(user), ...profile, updatedAt: data.now } }] : [];
};

const changeUserPassword = ({ data }: ChangeUserPassword, state: UserState): Emit => {
  const user = requireUser(state, data.userId);
  assertHashed(data.passwordHash);
  return [
    {
      type: 'UserPasswordChanged',
      data: { ...owner(user), passwordHash: data.passwordHash, changedAt: data.now },
    },
  ];
};

const registerUserKeys = ({ data }: RegisterUserKeys, state: UserState): Emit => {
  const user = requireUser(state, data.userId);
  if (data.apiKey.length === 0 || data.encryptedSecret.length === 0)
    throw invalid('USER_KEYS_INVALID', 'Both the API key and the encrypted secret key are required.', {
      userId: user.userId,
    });
  // Every registration generates a new key, so the current key again is a retried command.
  if (data.apiKey === user.apiKey) return [];
  return [
    {
      type: 'UserKeysRegistered',
      data: {
        ...owner(user),
        apiKey: data.apiKey,
        encryptedSecret: data.encryptedSecret,
        previousApiKey: user.apiKey,
        registeredAt: data.now,
      },
    },
  ];
};

const enablementEvent = (user: User, target: Enablement, now: string): UserEvent => {
  switch (target) {
    case 'enabled':
      return { type: 'UserEnabled', data: { ...owner(user), enabledAt: now } };
    case 'disabled':
      return { type: 'UserDisabled', data: { ...owner(user), disabledAt: now } };
    case 'locked':
      return { type: 'UserLocked', data: { ...owner(user), lockedAt: now } };
  }
};

const changeEnablement = (state: UserState, userId: string, action: EnablementAction, now: string): Emit => {
  const user = requireUser(state, userId);
  const target = enablementTarget('USER', user, user.username, action);
  return target === null ? [] : [enablementEvent(user, target, now)];
};

const deleteUser = ({ data }: DeleteUser, state: UserState): Emit => {
  if (state.status === 'removed') return [];
  const user = requireUser(state, data.userId);
  assertNotBootstrap('USER', user, user.username, 'deleted');
  return [{ type: 'UserDeleted', data: { ...owner(user), username: user.username, deletedAt: data.now } }];
};

export const decide = (command: UserCommand, state: UserState): Emit => {
  switch (command.type) {
    case 'CreateUser':
      return createUser(command, state);
    case 'UpdateUser':
      return updateUser(command, state);
    case 'ChangeUserPassword':
      return changeUserPassword(command, state);
    case 'RegisterUserKeys':
      return registerUserKeys(command, state);
    case 'DisableUser':
      return changeEnablement(state, command.data.userId, 'disable', command.data.now);
    case 'EnableUser':
      return changeEnablement(state, command.data.userId, 'enable', command.data.now);
    case 'LockUser':
      return changeEnablement(state, command.data.userId, 'lock', command.data.now);
    case 'DeleteUser':
      return deleteUser(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown user command ${JSON.stringify(unknown)}.`);
    }
  }
};
