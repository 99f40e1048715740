import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import {
  type TenantDomainCommand,
  type TenantDomainEvent,
  tenantDomainCategory,
  tenantDomainDecider,
  tenantDomainEventSchemas,
  tenantDomainStreamIdOf,
} from '../../../src/domain/tenancy/tenantDomain/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { expectSchemaValid, ids, later, now } from './fixtures.ts';

const spec = DeciderSpecification.for(tenantDomainDecider);

// --- histories -------------------------------------------------------------------------------

const rootCreated: TenantDomainEvent = {
  type: 'TenantDomainCreated',
  data: { tenantDomainId: ids.root, name: 'ROOT', parentId: null, path: 'ROOT', createdAt: now },
};
const acmeAddedToRoot: TenantDomainEvent = {
  type: 'ChildDomainAdded',
  data: { tenantDomainId: ids.root, childId: ids.acme, name: 'acme' },
};
const globexAddedToRoot: TenantDomainEvent = {
  type: 'ChildDomainAdded',
  data: { tenantDomainId: ids.root, childId: ids.globex, name: 'globex' },
};
const acmeCreated: TenantDomainEvent = {
  type: 'TenantDomainCreated',
  data: { tenantDomainId: ids.acme, name: 'acme', parentId: ids.root, path: 'ROOT/acme', createdAt: now },
};
const devAddedToAcme: TenantDomainEvent = {
  type: 'ChildDomainAdded',
  data: { tenantDomainId: ids.acme, childId: ids.dev, name: 'dev' },
};
const aliceReserved: TenantDomainEvent = {
  type: 'AccountNameReserved',
  data: { tenantDomainId: ids.acme, accountId: ids.alice, name: 'alice' },
};
const aliceUsernameReserved: TenantDomainEvent = {
  type: 'UsernameReserved',
  data: { tenantDomainId: ids.acme, userId: ids.aliceUser, username: 'alice' },
};
const acmeDeletionStarted: TenantDomainEvent = {
  type: 'TenantDomainDeletionStarted',
  data: {
    tenantDomainId: ids.acme,
    path: 'ROOT/acme',
    childIds: [],
    accountIds: [ids.alice],
    startedAt: now,
  },
};
const acmeDeleted: TenantDomainEvent = {
  type: 'TenantDomainDeleted',
  data: { tenantDomainId: ids.acme, parentId: ids.root, name: 'acme', path: 'ROOT/acme', deletedAt: later },
};

// --- commands --------------------------------------------------------------------------------

const createRoot = (tenantDomainId: string = ids.root, name = 'ROOT'): TenantDomainCommand => ({
  type: 'CreateTenantDomain',
  data: { tenantDomainId, name, parentId: null, parentPath: null, now },
});
const createChild = (
  tenantDomainId: string,
  name: string,
  parentId: string = ids.root,
  parentPath: string | null = 'ROOT',
): TenantDomainCommand => ({
  type: 'CreateTenantDomain',
  data: { tenantDomainId, name, parentId, parentPath, now },
});
const rename = (
  tenantDomainId: string,
  name: string,
  parentId: string | null = ids.root,
  parentPath: string | null = 'ROOT',
): TenantDomainCommand => ({
  type: 'UpdateTenantDomain',
  data: { tenantDomainId, name, parentId, parentPath, now: later },
});
const remove = (tenantDomainId: string, cleanup = false): TenantDomainCommand => ({
  type: 'DeleteTenantDomain',
  data: { tenantDomainId, cleanup, now: later },
});
const removeChild = (tenantDomainId: string, childId: string): TenantDomainCommand => ({
  type: 'RemoveChildDomain',
  data: { tenantDomainId, childId },
});
const reserveAccount = (
  accountId: string,
  name: string,
  tenantDomainId: string = ids.acme,
): TenantDomainCommand => ({
  type: 'ReserveAccountName',
  data: { tenantDomainId, accountId, name },
});
const releaseAccount = (accountId: string, tenantDomainId: string = ids.acme): TenantDomainCommand => ({
  type: 'ReleaseAccountName',
  data: { tenantDomainId, accountId },
});
const reserveUser = (
  userId: string,
  username: string,
  tenantDomainId: string = ids.acme,
): TenantDomainCommand => ({
  type: 'ReserveUsername',
  data: { tenantDomainId, userId, username },
});
const releaseUser = (userId: string, tenantDomainId: string = ids.acme): TenantDomainCommand => ({
  type: 'ReleaseUsername',
  data: { tenantDomainId, userId },
});

describe('tenant domain', () => {
  it('uses the stream category tenantdomain', () => {
    expect(tenantDomainCategory).toBe('tenantdomain');
  });

  describe('with no stream yet', () => {
    it('creates the ROOT domain with the path ROOT', () => {
      spec.given([]).when(createRoot()).then([rootCreated]);
    });

    it('refuses a parentless domain that is not named ROOT', () => {
      spec.given([]).when(createRoot(ids.root, 'top')).thenThrows('TENANT_DOMAIN_ROOT_NAME');
    });

    it('refuses a child when the parent stream is empty', () => {
      spec.given([]).when(createChild(ids.acme, 'acme')).thenThrows('TENANT_DOMAIN_PARENT_NOT_FOUND');
    });

    it('refuses renaming a child of a parent that does not exist', () => {
      spec.given([]).when(rename(ids.acme, 'acme2')).thenThrows('TENANT_DOMAIN_PARENT_NOT_FOUND');
    });

    it('refuses deleting a domain that does not exist', () => {
      spec.given([]).when(remove(ids.acme)).thenThrows('TENANT_DOMAIN_NOT_FOUND');
    });

    it.each([
      ['RemoveChildDomain', removeChild(ids.acme, ids.dev)],
      ['ReserveAccountName', reserveAccount(ids.alice, 'alice')],
      ['ReleaseAccountName', releaseAccount(ids.alice)],
      ['ReserveUsername', reserveUser(ids.aliceUser, 'alice')],
      ['ReleaseUsername', releaseUser(ids.aliceUser)],
    ])('refuses %s on a domain that does not exist', (_name, command) => {
      spec.given([]).when(command).thenThrows('TENANT_DOMAIN_NOT_FOUND');
    });
  });

  describe('when ROOT exists', () => {
    it('does nothing when ROOT is created again (bootstrap runs at every start)', () => {
      spec.given([rootCreated]).when(createRoot()).thenNothingHappened();
    });

    it('refuses a second parentless domain on an existing stream', () => {
      spec.given([rootCreated]).when(createRoot(ids.acme)).thenThrows('TENANT_DOMAIN_ALREADY_EXISTS');
    });

    it('records the child in the parent and creates the child under <parentPath>/<name>', () => {
      spec.given([rootCreated]).when(createChild(ids.acme, 'acme')).then([acmeAddedToRoot, acmeCreated]);
    });

    it.each([[''], ['  '], ['a/b'], [' acme'], ['x'.repeat(256)]])('refuses the child name "%s"', (name) => {
      spec.given([rootCreated]).when(createChild(ids.acme, name)).thenThrows('TENANT_DOMAIN_NAME_INVALID');
    });

    it('refuses a child without its parent path', () => {
      spec
        .given([rootCreated])
        .when(createChild(ids.acme, 'acme', ids.root, null))
        .thenThrows('TENANT_DOMAIN_PARENT_PATH_REQUIRED');
    });

    it('refuses a parent path that does not end with the parent name (stale read model)', () => {
      spec
        .given([rootCreated])
        .when(createChild(ids.dev, 'dev', ids.root, 'ROOT/acme'))
        .thenThrows('TENANT_DOMAIN_PARENT_PATH_STALE', (e) =>
          expect(e.details).toMatchObject({ parentPath: 'ROOT/acme', parentName: 'ROOT' }),
        );
    });

    it('refuses when the loaded stream is not the named parent', () => {
      spec
        .given([rootCreated])
        .when(createChild(ids.dev, 'dev', ids.acme, 'ROOT/acme'))
        .thenThrows('TENANT_DOMAIN_PARENT_NOT_FOUND');
    });

    it('refuses renaming ROOT', () => {
      spec
        .given([rootCreated])
        .when(rename(ids.root, 'TOP', null, null))
        .thenThrows('TENANT_DOMAIN_ROOT_IMMUTABLE');
    });

    it('refuses deleting ROOT, even with cleanup', () => {
      spec.given([rootCreated]).when(remove(ids.root, true)).thenThrows('TENANT_DOMAIN_ROOT_UNDELETABLE');
    });
  });

  describe('when the parent has children', () => {
    const given = [rootCreated, acmeAddedToRoot, globexAddedToRoot];

    it('refuses a sibling with the same name, whatever its case', () => {
      spec
        .given(given)
        .when(createChild(ids.ops, 'ACME'))
        .thenThrows('TENANT_DOMAIN_NAME_TAKEN', (e) =>
          expect(e.details).toMatchObject({ takenBy: ids.acme }),
        );
    });

    it('completes an interrupted create: only the child event when the parent already holds the name', () => {
      spec.given(given).when(createChild(ids.acme, 'acme')).then([acmeCreated]);
    });

    it('refuses creating an existing child again under another name', () => {
      spec.given(given).when(createChild(ids.acme, 'acme2')).thenThrows('TENANT_DOMAIN_ALREADY_EXISTS');
    });

    it('renames a child in the parent and in the child', () => {
      spec
        .given(given)
        .when(rename(ids.acme, 'acme-corp'))
        .then([
          {
            type: 'ChildDomainRenamed',
            data: { tenantDomainId: ids.root, childId: ids.acme, name: 'acme-corp', previousName: 'acme' },
          },
          {
            type: 'TenantDomainRenamed',
            data: {
              tenantDomainId: ids.acme,
              parentId: ids.root,
              name: 'acme-corp',
              previousName: 'acme',
              path: 'ROOT/acme-corp',
              renamedAt: later,
            },
          },
        ]);
    });

    it('lets a child change only the case of its own name', () => {
      spec
        .given(given)
        .when(rename(ids.acme, 'ACME'))
        .then([
          {
            type: 'ChildDomainRenamed',
            data: { tenantDomainId: ids.root, childId: ids.acme, name: 'ACME', previousName: 'acme' },
          },
          {
            type: 'TenantDomainRenamed',
            data: {
              tenantDomainId: ids.acme,
              parentId: ids.root,
              name: 'ACME',
              previousName: 'acme',
              path: 'ROOT/ACME',
              renamedAt: later,
            },
          },
        ]);
    });

    it('completes an interrupted rename: only the child event when the parent already holds the name', () => {
      spec
        .given(given)
        .when(rename(ids.acme, 'acme'))
        .then([
          {
            type: 'TenantDomainRenamed',
            data: {
              tenantDomainId: ids.acme,
              parentId: ids.root,
              name: 'acme',
              previousName: 'acme',
              path: 'ROOT/acme',
              renamedAt: later,
            },
          },
        ]);
    });

    it("refuses renaming a child to a sibling's name", () => {
      spec.given(given).when(rename(ids.acme, 'Globex')).thenThrows('TENANT_DOMAIN_NAME_TAKEN');
    });

    it('refuses renaming a domain that is not a child of this parent', () => {
      spec.given(given).when(rename(ids.ops, 'ops2')).thenThrows('TENANT_DOMAIN_NOT_FOUND');
    });

    it('refuses renaming to an invalid name', () => {
      spec.given(given).when(rename(ids.acme, 'a/b')).thenThrows('TENANT_DOMAIN_NAME_INVALID');
    });

    it('refuses renaming with a stale parent path', () => {
      spec
        .given(given)
        .when(rename(ids.acme, 'acme2', ids.root, 'ROOT/x'))
        .thenThrows('TENANT_DOMAIN_PARENT_PATH_STALE');
    });

    it('frees the name of a deleted child', () => {
      spec
        .given(given)
        .when(removeChild(ids.root, ids.acme))
        .then([
          { type: 'ChildDomainRemoved', data: { tenantDomainId: ids.root, childId: ids.acme, name: 'acme' } },
        ]);
    });

    it('does nothing when freeing a child it does not hold (retried)', () => {
      spec.given(given).when(removeChild(ids.root, ids.ops)).thenNothingHappened();
    });

    it('lets a new child take the name of a removed one', () => {
      const removed: TenantDomainEvent = {
        type: 'ChildDomainRemoved',
        data: { tenantDomainId: ids.root, childId: ids.acme, name: 'acme' },
      };
      spec
        .given([...given, removed])
        .when(createChild(ids.ops, 'acme'))
        .then([
          { type: 'ChildDomainAdded', data: { tenantDomainId: ids.root, childId: ids.ops, name: 'acme' } },
          {
            type: 'TenantDomainCreated',
            data: {
              tenantDomainId: ids.ops,
              name: 'acme',
              parentId: ids.root,
              path: 'ROOT/acme',
              createdAt: now,
            },
          },
        ]);
    });
  });

  describe('when a child domain is active', () => {
    it('creates a grandchild under the current parent path from the read model', () => {
      spec
        .given([acmeCreated])
        .when(createChild(ids.dev, 'dev', ids.acme, 'ROOT/acme'))
        .then([
          devAddedToAcme,
          {
            type: 'TenantDomainCreated',
            data: {
              tenantDomainId: ids.dev,
              name: 'dev',
              parentId: ids.acme,
              path: 'ROOT/acme/dev',
              createdAt: now,
            },
          },
        ]);
    });

    it('deletes an empty domain', () => {
      spec.given([acmeCreated]).when(remove(ids.acme)).then([acmeDeleted]);
    });

    it('refuses deleting a domain with accounts without cleanup', () => {
      spec
        .given([acmeCreated, aliceReserved])
        .when(remove(ids.acme))
        .thenThrows('TENANT_DOMAIN_NOT_EMPTY', (e) =>
          expect(e.details).toMatchObject({ accountIds: [ids.alice] }),
        );
    });

    it('refuses deleting a domain with child domains without cleanup', () => {
      spec
        .given([acmeCreated, devAddedToAcme])
        .when(remove(ids.acme))
        .thenThrows('TENANT_DOMAIN_NOT_EMPTY', (e) =>
          expect(e.details).toMatchObject({ childIds: [ids.dev] }),
        );
    });

    it('starts a cleanup deletion naming the children and accounts to remove', () => {
      spec
        .given([acmeCreated, devAddedToAcme, aliceReserved])
        .when(remove(ids.acme, true))
        .then([
          {
            type: 'TenantDomainDeletionStarted',
            data: {
              tenantDomainId: ids.acme,
              path: 'ROOT/acme',
              childIds: [ids.dev],
              accountIds: [ids.alice],
              startedAt: later,
            },
          },
        ]);
    });

    it('reserves an account name', () => {
      spec.given([acmeCreated]).when(reserveAccount(ids.alice, 'alice')).then([aliceReserved]);
    });

    it.each([[''], [' alice'], ['x'.repeat(256)]])('refuses the account name "%s"', (name) => {
      spec.given([acmeCreated]).when(reserveAccount(ids.alice, name)).thenThrows('ACCOUNT_NAME_INVALID');
    });

    it('refuses an account name already used in the domain, whatever its case', () => {
      spec
        .given([acmeCreated, aliceReserved])
        .when(reserveAccount(ids.bob, 'Alice'))
        .thenThrows('ACCOUNT_NAME_TAKEN', (e) => expect(e.details).toMatchObject({ takenBy: ids.alice }));
    });

    it('does nothing when the account already holds the name (retried)', () => {
      spec.given([acmeCreated, aliceReserved]).when(reserveAccount(ids.alice, 'alice')).thenNothingHappened();
    });

    it('renames an account by releasing the old name and reserving the new one', () => {
      spec
        .given([acmeCreated, aliceReserved])
        .when(reserveAccount(ids.alice, 'alicia'))
        .then([
          {
            type: 'AccountNameReleased',
            data: { tenantDomainId: ids.acme, accountId: ids.alice, name: 'alice' },
          },
          {
            type: 'AccountNameReserved',
            data: { tenantDomainId: ids.acme, accountId: ids.alice, name: 'alicia' },
          },
        ]);
    });

    const aliceReleased: TenantDomainEvent = {
      type: 'AccountNameReleased',
      data: { tenantDomainId: ids.acme, accountId: ids.alice, name: 'alice' },
    };

    it('releases an account name', () => {
      spec.given([acmeCreated, aliceReserved]).when(releaseAccount(ids.alice)).then([aliceReleased]);
    });

    it('lets another account take a released name', () => {
      spec
        .given([acmeCreated, aliceReserved, aliceReleased])
        .when(reserveAccount(ids.bob, 'alice'))
        .then([
          {
            type: 'AccountNameReserved',
            data: { tenantDomainId: ids.acme, accountId: ids.bob, name: 'alice' },
          },
        ]);
    });

    it('does nothing when releasing a name the account does not hold', () => {
      spec.given([acmeCreated]).when(releaseAccount(ids.alice)).thenNothingHappened();
    });

    it('reserves a username, independently of account names', () => {
      spec
        .given([acmeCreated, aliceReserved])
        .when(reserveUser(ids.aliceUser, 'alice'))
        .then([aliceUsernameReserved]);
    });

    it('refuses an empty username', () => {
      spec.given([acmeCreated]).when(reserveUser(ids.aliceUser, '')).thenThrows('USERNAME_INVALID');
    });

    it('refuses a username already used in the domain, whatever its case', () => {
      spec
        .given([acmeCreated, aliceUsernameReserved])
        .when(reserveUser(ids.bobUser, 'ALICE'))
        .thenThrows('USERNAME_TAKEN');
    });

    it('does nothing when the user already holds the username', () => {
      spec
        .given([acmeCreated, aliceUsernameReserved])
        .when(reserveUser(ids.aliceUser, 'alice'))
        .thenNothingHappened();
    });

    it('renames a user by releasing the old username and reserving the new one', () => {
      spec
        .given([acmeCreated, aliceUsernameReserved])
        .when(reserveUser(ids.aliceUser, 'alice.w'))
        .then([
          {
            type: 'UsernameReleased',
            data: { tenantDomainId: ids.acme, userId: ids.aliceUser, username: 'alice' },
          },
          {
            type: 'UsernameReserved',
            data: { tenantDomainId: ids.acme, userId: ids.aliceUser, username: 'alice.w' },
          },
        ]);
    });

    it('releases a username', () => {
      spec
        .given([acmeCreated, aliceUsernameReserved])
        .when(releaseUser(ids.aliceUser))
        .then([
          {
            type: 'UsernameReleased',
            data: { tenantDomainId: ids.acme, userId: ids.aliceUser, username: 'alice' },
          },
        ]);
    });

    it('does nothing when releasing a username the user does not hold', () => {
      spec.given([acmeCreated]).when(releaseUser(ids.aliceUser)).thenNothingHappened();
    });
  });

  describe('when a cleanup deletion is under way', () => {
    const deleting = [acmeCreated, devAddedToAcme, aliceReserved, aliceUsernameReserved, acmeDeletionStarted];

    it('does nothing when the cleanup is requested again', () => {
      spec.given(deleting).when(remove(ids.acme, true)).thenNothingHappened();
    });

    it('still refuses a delete without cleanup while not empty', () => {
      spec.given(deleting).when(remove(ids.acme)).thenThrows('TENANT_DOMAIN_NOT_EMPTY');
    });

    it.each([
      ['a child domain', createChild(ids.ops, 'ops', ids.acme, 'ROOT/acme')],
      ['an account name', reserveAccount(ids.bob, 'bob')],
      ['a username', reserveUser(ids.bobUser, 'bob')],
      ['a renamed child', rename(ids.dev, 'dev2', ids.acme, 'ROOT/acme')],
    ])('refuses %s', (_what, command) => {
      spec.given(deleting).when(command).thenThrows('TENANT_DOMAIN_NOT_ACTIVE');
    });

    it('completes an interrupted child create even while deleting', () => {
      spec
        .given(deleting)
        .when(createChild(ids.dev, 'dev', ids.acme, 'ROOT/acme'))
        .then([
          {
            type: 'TenantDomainCreated',
            data: {
              tenantDomainId: ids.dev,
              name: 'dev',
              parentId: ids.acme,
              path: 'ROOT/acme/dev',
              createdAt: now,
            },
          },
        ]);
    });

    it('lets the cleanup release account names', () => {
      spec
        .given(deleting)
        .when(releaseAccount(ids.alice))
        .then([
          {
            type: 'AccountNameReleased',
            data: { tenantDomainId: ids.acme, accountId: ids.alice, name: 'alice' },
          },
        ]);
    });

    it('deletes the domain once its children and accounts are gone', () => {
      spec
        .given([
          ...deleting,
          { type: 'ChildDomainRemoved', data: { tenantDomainId: ids.acme, childId: ids.dev, name: 'dev' } },
          {
            type: 'AccountNameReleased',
            data: { tenantDomainId: ids.acme, accountId: ids.alice, name: 'alice' },
          },
        ])
        .when(remove(ids.acme, true))
        .then([acmeDeleted]);
    });
  });

  describe('when deleted', () => {
    it('does nothing when deleted again', () => {
      spec.given([acmeCreated, acmeDeleted]).when(remove(ids.acme)).thenNothingHappened();
    });

    it('refuses new account names', () => {
      spec
        .given([acmeCreated, acmeDeleted])
        .when(reserveAccount(ids.bob, 'bob'))
        .thenThrows('TENANT_DOMAIN_NOT_ACTIVE');
    });
  });

  describe('events', () => {
    it('name the stream they belong to: Child… events go to the parent', () => {
      const events = tenantDomainDecider.decide(
        createChild(ids.acme, 'acme'),
        fold(tenantDomainDecider, [rootCreated]),
      );
      expect(events.map(tenantDomainStreamIdOf)).toEqual([ids.root, ids.acme]);
    });

    it('match their schemas', () => {
      expectSchemaValid(tenantDomainEventSchemas, [
        rootCreated,
        acmeAddedToRoot,
        acmeCreated,
        devAddedToAcme,
        aliceReserved,
        aliceUsernameReserved,
        acmeDeletionStarted,
        acmeDeleted,
        ...tenantDomainDecider.decide(
          rename(ids.acme, 'acme2'),
          fold(tenantDomainDecider, [rootCreated, acmeAddedToRoot]),
        ),
      ]);
    });

    it('leave the state of an absent stream unchanged when out of place', () => {
      expect(fold(tenantDomainDecider, [aliceReserved, acmeDeleted])).toEqual({ status: 'absent' });
    });
  });
});
