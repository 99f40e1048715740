import { describe, expect, it } from 'vitest';
import {
  type UserCommand,
  type UserEvent,
  userCategory,
  userDecider,
  userEventSchemas,
} from '../../../src/domain/tenancy/user/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { expectSchemaValid, ids, later, now } from './fixtures.ts';

const spec = DeciderSpecification.for(userDecider);
const owner = { userId: ids.aliceUser, accountId: ids.alice, tenantDomainId: ids.acme };
const profile = { username: 'alice', firstname: 'Alice', lastname: 'Liddell', email: 'alice@example.com' };
const hash = '$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

type CreateData = Extract<UserCommand, { type: 'CreateUser' }>['data'];
const create = (overrides: Partial<CreateData> = {}): UserCommand => ({
  type: 'CreateUser',
  data: { ...owner, ...profile, passwordHash: hash, now, ...overrides },
});

const created = (bootstrap = false): UserEvent => ({
  type: 'UserCreated',
  data: { ...owner, ...profile, passwordHash: hash, bootstrap, createdAt: now },
});
const disabled: UserEvent = { type: 'UserDisabled', data: { ...owner, disabledAt: later } };
const locked: UserEvent = { type: 'UserLocked', data: { ...owner, lockedAt: later } };
const enabled: UserEvent = { type: 'UserEnabled', data: { ...owner, enabledAt: later } };
const deleted: UserEvent = { type: 'UserDeleted', data: { ...owner, username: 'alice', deletedAt: later } };
const keysRegistered: UserEvent = {
  type: 'UserKeysRegistered',
  data: {
    ...owner,
    apiKey: 'key-1',
    encryptedSecret: 'enc:secret-1',
    previousApiKey: null,
    registeredAt: later,
  },
};

const update = (fields: Partial<typeof profile>): UserCommand => ({
  type: 'UpdateUser',
  data: { userId: ids.aliceUser, ...fields, now: later },
});
const changePassword = (passwordHash: string): UserCommand => ({
  type: 'ChangeUserPassword',
  data: { userId: ids.aliceUser, passwordHash, now: later },
});
const registerKeys = (apiKey: string, encryptedSecret: string): UserCommand => ({
  type: 'RegisterUserKeys',
  data: { userId: ids.aliceUser, apiKey, encryptedSecret, now: later },
});
const disable: UserCommand = { type: 'DisableUser', data: { userId: ids.aliceUser, now: later } };
const enable: UserCommand = { type: 'EnableUser', data: { userId: ids.aliceUser, now: later } };
const lock: UserCommand = { type: 'LockUser', data: { userId: ids.aliceUser, now: later } };
const remove: UserCommand = { type: 'DeleteUser', data: { userId: ids.aliceUser, now: later } };

describe('user', () => {
  it('uses the stream category user', () => {
    expect(userCategory).toBe('user');
  });

  describe('when absent', () => {
    it('creates an enabled user with the hashed password', () => {
      spec.given([]).when(create()).then([created()]);
    });

    it('creates the bootstrap admin user', () => {
      spec
        .given([])
        .when(create({ bootstrap: true }))
        .then([created(true)]);
    });

    it.each([
      ['a clear password', 'password123'],
      ['an empty hash', ''],
      ['a hash with spaces', '$scrypt$ has spaces'],
    ])('refuses %s', (_what, passwordHash) => {
      spec.given([]).when(create({ passwordHash })).thenThrows('USER_PASSWORD_NOT_HASHED');
    });

    it('does not echo the refused password in the error', () => {
      spec
        .given([])
        .when(create({ passwordHash: 'hunter2' }))
        .thenThrows('USER_PASSWORD_NOT_HASHED', (e) =>
          expect(JSON.stringify([e.message, e.details])).not.toContain('hunter2'),
        );
    });

    it('accepts a bcrypt hash', () => {
      const bcrypt = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
      spec
        .given([])
        .when(create({ passwordHash: bcrypt }))
        .then([
          {
            type: 'UserCreated',
            data: { ...owner, ...profile, passwordHash: bcrypt, bootstrap: false, createdAt: now },
          },
        ]);
    });

    it('refuses an invalid username', () => {
      spec
        .given([])
        .when(create({ username: '' }))
        .thenThrows('USERNAME_INVALID');
    });

    it.each([['firstname'], ['lastname']] as const)('refuses an empty %s', (field) => {
      spec
        .given([])
        .when(create({ [field]: '' }))
        .thenThrows('USER_PROFILE_INVALID');
    });

    it('refuses an invalid email address', () => {
      spec
        .given([])
        .when(create({ email: 'alice-at-example' }))
        .thenThrows('USER_EMAIL_INVALID');
    });

    it.each([
      ['UpdateUser', update({ firstname: 'Al' })],
      ['ChangeUserPassword', changePassword(hash)],
      ['RegisterUserKeys', registerKeys('key-1', 'enc:secret-1')],
      ['DisableUser', disable],
      ['EnableUser', enable],
      ['LockUser', lock],
      ['DeleteUser', remove],
    ])('refuses %s', (_name, command) => {
      spec.given([]).when(command).thenThrows('USER_NOT_FOUND');
    });
  });

  describe('when enabled', () => {
    it('refuses creating it again', () => {
      spec.given([created()]).when(create()).thenThrows('USER_ALREADY_EXISTS');
    });

    it('updates the given fields and keeps the others', () => {
      spec
        .given([created()])
        .when(update({ lastname: 'Pleasance', email: 'alice@wonderland.example' }))
        .then([
          {
            type: 'UserUpdated',
            data: {
              ...owner,
              ...profile,
              lastname: 'Pleasance',
              email: 'alice@wonderland.example',
              updatedAt: later,
            },
          },
        ]);
    });

    it('renames the user (the username was reserved in the domain first)', () => {
      spec
        .given([created()])
        .when(update({ username: 'alice.l' }))
        .then([
          { type: 'UserUpdated', data: { ...owner, ...profile, username: 'alice.l', updatedAt: later } },
        ]);
    });

    it('does nothing when nothing changes', () => {
      spec
        .given([created()])
        .when(update({ firstname: 'Alice' }))
        .thenNothingHappened();
    });

    it('refuses an invalid email on update', () => {
      spec
        .given([created()])
        .when(update({ email: 'nope' }))
        .thenThrows('USER_EMAIL_INVALID');
    });

    it('refuses an invalid username on update', () => {
      spec
        .given([created()])
        .when(update({ username: ' alice' }))
        .thenThrows('USERNAME_INVALID');
    });

    it('changes the password hash', () => {
      const newHash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
      spec
        .given([created()])
        .when(changePassword(newHash))
        .then([{ type: 'UserPasswordChanged', data: { ...owner, passwordHash: newHash, changedAt: later } }]);
    });

    it('refuses a clear new password', () => {
      spec.given([created()]).when(changePassword('new-password')).thenThrows('USER_PASSWORD_NOT_HASHED');
    });

    it('registers an API key pair, carrying only the encrypted secret', () => {
      spec.given([created()]).when(registerKeys('key-1', 'enc:secret-1')).then([keysRegistered]);
    });

    it('replaces the previous key pair', () => {
      spec
        .given([created(), keysRegistered])
        .when(registerKeys('key-2', 'enc:secret-2'))
        .then([
          {
            type: 'UserKeysRegistered',
            data: {
              ...owner,
              apiKey: 'key-2',
              encryptedSecret: 'enc:secret-2',
              previousApiKey: 'key-1',
              registeredAt: later,
            },
          },
        ]);
    });

    it('does nothing when the current key is registered again (retried)', () => {
      spec
        .given([created(), keysRegistered])
        .when(registerKeys('key-1', 'enc:secret-1'))
        .thenNothingHappened();
    });

    it.each([
      ['an empty API key', '', 'enc:secret'],
      ['an empty secret', 'key-1', ''],
    ])('refuses %s', (_what, apiKey, secret) => {
      spec.given([created()]).when(registerKeys(apiKey, secret)).thenThrows('USER_KEYS_INVALID');
    });

    it('disables it', () => {
      spec.given([created()]).when(disable).then([disabled]);
    });

    it('locks it', () => {
      spec.given([created()]).when(lock).then([locked]);
    });

    it('does nothing when enabled again', () => {
      spec.given([created()]).when(enable).thenNothingHappened();
    });

    it('deletes it', () => {
      spec.given([created()]).when(remove).then([deleted]);
    });
  });

  describe('when disabled', () => {
    it('enables it', () => {
      spec.given([created(), disabled]).when(enable).then([enabled]);
    });

    it('refuses locking it', () => {
      spec.given([created(), disabled]).when(lock).thenThrows('USER_NOT_ENABLED');
    });

    it('does nothing when disabled again', () => {
      spec.given([created(), disabled]).when(disable).thenNothingHappened();
    });

    it('still lets its password be changed', () => {
      spec
        .given([created(), disabled])
        .when(changePassword(hash))
        .then([{ type: 'UserPasswordChanged', data: { ...owner, passwordHash: hash, changedAt: later } }]);
    });
  });

  describe('when locked', () => {
    it('enables it', () => {
      spec.given([created(), locked]).when(enable).then([enabled]);
    });

    it('disables it', () => {
      spec.given([created(), locked]).when(disable).then([disabled]);
    });

    it('does nothing when locked again', () => {
      spec.given([created(), locked]).when(lock).thenNothingHappened();
    });
  });

  describe('when it is the bootstrap admin user', () => {
    it.each([
      ['deleting', remove],
      ['disabling', disable],
      ['locking', lock],
    ])('refuses %s it', (_what, command) => {
      spec
        .given([created(true)])
        .when(command)
        .thenThrows('USER_BOOTSTRAP_PROTECTED');
    });
  });

  describe('when deleted', () => {
    it('does nothing when deleted again', () => {
      spec.given([created(), deleted]).when(remove).thenNothingHappened();
    });

    it.each([
      ['UpdateUser', update({ firstname: 'Al' })],
      ['ChangeUserPassword', changePassword(hash)],
      ['RegisterUserKeys', registerKeys('key-9', 'enc:9')],
      ['EnableUser', enable],
      ['DisableUser', disable],
      ['LockUser', lock],
    ])('refuses %s', (_name, command) => {
      spec.given([created(), deleted]).when(command).thenThrows('USER_REMOVED');
    });
  });

  it('emits events that match their schemas', () => {
    expectSchemaValid(userEventSchemas, [created(), keysRegistered, disabled, locked, enabled, deleted]);
  });

  it('has no event field for a clear password or secret, only the hash and the encrypted secret', () => {
    const sensitive = Object.values(userEventSchemas)
      .flatMap(({ schema }) => Object.keys(schema.shape))
      .filter((field) => /password|secret/i.test(field));
    expect(new Set(sensitive)).toEqual(new Set(['passwordHash', 'encryptedSecret']));
  });
});
