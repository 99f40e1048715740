import { describe, expect, it } from 'vitest';
import {
  type AccountCommand,
  type AccountEvent,
  accountCategory,
  accountDecider,
  accountEventSchemas,
} from '../../../src/domain/tenancy/account/index.ts';
import { type AccountType, defaultRoles, type RoleType } from '../../../src/domain/tenancy/roles.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { expectSchemaValid, ids, later, now } from './fixtures.ts';

const spec = DeciderSpecification.for(accountDecider);
const owner = { accountId: ids.alice, tenantDomainId: ids.acme };

const create = (
  overrides: Partial<{
    type: AccountType;
    roleId: string;
    roleType: RoleType;
    name: string;
    bootstrap: boolean;
  }> = {},
): AccountCommand => ({
  type: 'CreateAccount',
  data: {
    ...owner,
    name: 'alice',
    type: 'User',
    roleId: defaultRoles.user.roleId,
    roleType: 'User',
    now,
    ...overrides,
  },
});

const created = (bootstrap = false): AccountEvent => ({
  type: 'AccountCreated',
  data: {
    ...owner,
    name: 'alice',
    type: 'User',
    roleId: defaultRoles.user.roleId,
    bootstrap,
    createdAt: now,
  },
});
const adminCreated: AccountEvent = {
  type: 'AccountCreated',
  data: {
    ...owner,
    name: 'admin',
    type: 'RootAdmin',
    roleId: defaultRoles.rootAdmin.roleId,
    bootstrap: true,
    createdAt: now,
  },
};
const disabled: AccountEvent = { type: 'AccountDisabled', data: { ...owner, disabledAt: later } };
const locked: AccountEvent = { type: 'AccountLocked', data: { ...owner, lockedAt: later } };
const enabled: AccountEvent = { type: 'AccountEnabled', data: { ...owner, enabledAt: later } };
const deleted: AccountEvent = { type: 'AccountDeleted', data: { ...owner, name: 'alice', deletedAt: later } };

const update = (name: string, role?: { roleId: string; roleType: RoleType }): AccountCommand => ({
  type: 'UpdateAccount',
  data: { accountId: ids.alice, name, now: later, ...(role ? { role } : {}) },
});
const disable = (lock = false): AccountCommand => ({
  type: 'DisableAccount',
  data: { accountId: ids.alice, lock, now: later },
});
const enable: AccountCommand = { type: 'EnableAccount', data: { accountId: ids.alice, now: later } };
const remove: AccountCommand = { type: 'DeleteAccount', data: { accountId: ids.alice, now: later } };

describe('account', () => {
  it('uses the stream category account', () => {
    expect(accountCategory).toBe('account');
  });

  describe('when absent', () => {
    it('creates an enabled account', () => {
      spec.given([]).when(create()).then([created()]);
    });

    it('creates the bootstrap root admin account', () => {
      spec
        .given([])
        .when(
          create({
            name: 'admin',
            type: 'RootAdmin',
            roleId: defaultRoles.rootAdmin.roleId,
            roleType: 'Admin',
            bootstrap: true,
          }),
        )
        .then([adminCreated]);
    });

    it.each([
      ['User', 'DomainAdmin'],
      ['DomainAdmin', 'Admin'],
      ['RootAdmin', 'User'],
      ['RootAdmin', 'ResourceAdmin'],
    ] as const)('refuses a %s account holding a %s role', (type, roleType) => {
      spec
        .given([])
        .when(create({ type, roleType }))
        .thenThrows('ACCOUNT_ROLE_MISMATCH', (e) => expect(e.details).toMatchObject({ type, roleType }));
    });

    it('refuses an invalid account name', () => {
      spec
        .given([])
        .when(create({ name: ' ' }))
        .thenThrows('ACCOUNT_NAME_INVALID');
    });

    it.each([
      ['UpdateAccount', update('alicia')],
      ['DisableAccount', disable()],
      ['EnableAccount', enable],
      ['DeleteAccount', remove],
    ])('refuses %s', (_name, command) => {
      spec.given([]).when(command).thenThrows('ACCOUNT_NOT_FOUND');
    });
  });

  describe('when enabled', () => {
    it('refuses creating it again', () => {
      spec.given([created()]).when(create()).thenThrows('ACCOUNT_ALREADY_EXISTS');
    });

    it('renames it', () => {
      spec
        .given([created()])
        .when(update('alicia'))
        .then([
          {
            type: 'AccountUpdated',
            data: {
              ...owner,
              name: 'alicia',
              previousName: 'alice',
              roleId: defaultRoles.user.roleId,
              updatedAt: later,
            },
          },
        ]);
    });

    it('changes its role to another of the same type', () => {
      const custom = '00000000-0000-4000-8000-00000000abcd';
      spec
        .given([created()])
        .when(update('alice', { roleId: custom, roleType: 'User' }))
        .then([
          {
            type: 'AccountUpdated',
            data: { ...owner, name: 'alice', previousName: 'alice', roleId: custom, updatedAt: later },
          },
        ]);
    });

    it('refuses a role of another type', () => {
      spec
        .given([created()])
        .when(update('alice', { roleId: defaultRoles.domainAdmin.roleId, roleType: 'DomainAdmin' }))
        .thenThrows('ACCOUNT_ROLE_MISMATCH');
    });

    it('refuses an invalid new name', () => {
      spec.given([created()]).when(update('')).thenThrows('ACCOUNT_NAME_INVALID');
    });

    it('does nothing when nothing changes', () => {
      spec.given([created()]).when(update('alice')).thenNothingHappened();
    });

    it('disables it', () => {
      spec.given([created()]).when(disable()).then([disabled]);
    });

    it('locks it', () => {
      spec.given([created()]).when(disable(true)).then([locked]);
    });

    it('does nothing when enabled again', () => {
      spec.given([created()]).when(enable).thenNothingHappened();
    });

    it('marks it removed', () => {
      spec.given([created()]).when(remove).then([deleted]);
    });
  });

  describe('when disabled', () => {
    it('enables it', () => {
      spec.given([created(), disabled]).when(enable).then([enabled]);
    });

    it('does nothing when disabled again', () => {
      spec.given([created(), disabled]).when(disable()).thenNothingHappened();
    });

    it('refuses locking it (only an enabled account can be locked)', () => {
      spec
        .given([created(), disabled])
        .when(disable(true))
        .thenThrows('ACCOUNT_NOT_ENABLED', (e) =>
          expect(e.details).toMatchObject({ state: 'disabled', action: 'lock' }),
        );
    });
  });

  describe('when locked', () => {
    it('enables it', () => {
      spec.given([created(), locked]).when(enable).then([enabled]);
    });

    it('disables it', () => {
      spec.given([created(), locked]).when(disable()).then([disabled]);
    });

    it('does nothing when locked again', () => {
      spec.given([created(), locked]).when(disable(true)).thenNothingHappened();
    });
  });

  describe('when it is the bootstrap root admin', () => {
    it('refuses deleting it', () => {
      spec.given([adminCreated]).when(remove).thenThrows('ACCOUNT_BOOTSTRAP_PROTECTED');
    });

    it('refuses disabling it', () => {
      spec.given([adminCreated]).when(disable()).thenThrows('ACCOUNT_BOOTSTRAP_PROTECTED');
    });

    it('refuses locking it', () => {
      spec.given([adminCreated]).when(disable(true)).thenThrows('ACCOUNT_BOOTSTRAP_PROTECTED');
    });

    it('lets it be renamed', () => {
      spec
        .given([adminCreated])
        .when(update('root'))
        .then([
          {
            type: 'AccountUpdated',
            data: {
              ...owner,
              name: 'root',
              previousName: 'admin',
              roleId: defaultRoles.rootAdmin.roleId,
              updatedAt: later,
            },
          },
        ]);
    });
  });

  describe('when removed', () => {
    it('does nothing when deleted again', () => {
      spec.given([created(), deleted]).when(remove).thenNothingHappened();
    });

    it.each([
      ['UpdateAccount', update('alicia')],
      ['DisableAccount', disable()],
      ['EnableAccount', enable],
    ])('refuses %s', (_name, command) => {
      spec.given([created(), deleted]).when(command).thenThrows('ACCOUNT_REMOVED');
    });
  });

  it('emits events that match their schemas', () => {
    expectSchemaValid(accountEventSchemas, [created(), adminCreated, disabled, locked, enabled, deleted]);
  });
});
