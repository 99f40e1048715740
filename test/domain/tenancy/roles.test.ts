import { describe, expect, it } from 'vitest';
import {
  accountTypeNames,
  accountTypeOfOrdinal,
  accountTypeOrdinals,
  type Caller,
  canActOn,
  canManageInfrastructure,
  defaultRoles,
  isInSubtree,
  type Owner,
  type RoleType,
  roleTypeForAccountType,
  roleTypes,
  scopeOf,
} from '../../../src/domain/tenancy/roles.ts';
import { ids, uuid } from './fixtures.ts';

const caller = (roleType: RoleType, tenantDomainPath: string, accountId: string = ids.alice): Caller => ({
  userId: ids.aliceUser,
  accountId,
  tenantDomainId: ids.acme,
  tenantDomainPath,
  roleType,
});
const resource = (accountId: string | null, tenantDomainPath: string): Owner => ({
  accountId,
  tenantDomainPath,
});

describe('roles', () => {
  it.each([
    ['Admin', 1, 1],
    ['ResourceAdmin', 2, 2],
    ['DomainAdmin', 3, 4],
    ['User', 4, 8],
  ] as const)('RoleType %s has id %i and mask %i', (type, id, mask) => {
    expect(roleTypes[type]).toEqual({ id, mask });
  });

  it.each([
    ['User', 0],
    ['RootAdmin', 1],
    ['DomainAdmin', 2],
  ] as const)('account type %s is CloudStack ordinal %i, both ways', (type, ordinal) => {
    expect(accountTypeOrdinals[type]).toBe(ordinal);
    expect(accountTypeOfOrdinal(ordinal)).toBe(type);
  });

  it('maps no account type to an unknown ordinal', () => {
    expect(accountTypeOfOrdinal(5)).toBeUndefined();
  });

  it('has the four default roles with distinct fixed ids and one per role type', () => {
    const roles = Object.values(defaultRoles);
    expect(roles.map((r) => r.name)).toEqual(['Root Admin', 'Resource Admin', 'Domain Admin', 'User']);
    expect(new Set(roles.map((r) => r.roleId)).size).toBe(4);
    expect(new Set(roles.map((r) => r.type))).toEqual(
      new Set(['Admin', 'ResourceAdmin', 'DomainAdmin', 'User']),
    );
  });

  it('gives every account type the role type it must hold', () => {
    expect(accountTypeNames.map((t) => roleTypeForAccountType[t])).toEqual(['User', 'Admin', 'DomainAdmin']);
  });

  describe('scopeOf', () => {
    it.each([
      ['Admin', 'all'],
      ['DomainAdmin', { subtreeOfPath: 'ROOT/acme' }],
      ['ResourceAdmin', { subtreeOfPath: 'ROOT/acme' }],
      ['User', { account: ids.alice }],
    ] as const)('%s sees %j', (roleType, scope) => {
      expect(scopeOf(caller(roleType, 'ROOT/acme'))).toEqual(scope);
    });
  });

  describe('isInSubtree', () => {
    it.each([
      ['ROOT/acme', 'ROOT/acme', true],
      ['ROOT/acme/dev', 'ROOT/acme', true],
      ['ROOT/acme/dev/x', 'ROOT/acme', true],
      ['ROOT/acmeX', 'ROOT/acme', false],
      ['ROOT', 'ROOT/acme', false],
      ['ROOT/globex', 'ROOT/acme', false],
      ['ROOT/globex', 'ROOT', true],
    ])('%s in %s: %s', (path, ancestor, expected) => {
      expect(isInSubtree(path, ancestor)).toBe(expected);
    });
  });

  describe('canActOn', () => {
    const other = uuid(0x999);
    it.each([
      // root admin: everything, including domains themselves
      ['Admin', 'ROOT', resource(other, 'ROOT/globex/x'), true],
      ['Admin', 'ROOT', resource(null, 'ROOT'), true],
      // domain admin: its own domain and below, by path prefix
      ['DomainAdmin', 'ROOT/acme', resource(other, 'ROOT/acme'), true],
      ['DomainAdmin', 'ROOT/acme', resource(other, 'ROOT/acme/dev'), true],
      ['DomainAdmin', 'ROOT/acme', resource(null, 'ROOT/acme/dev'), true],
      ['DomainAdmin', 'ROOT/acme', resource(other, 'ROOT/acmecorp'), false],
      ['DomainAdmin', 'ROOT/acme', resource(other, 'ROOT'), false],
      ['DomainAdmin', 'ROOT/acme', resource(null, 'ROOT'), false],
      ['DomainAdmin', 'ROOT/acme/dev', resource(other, 'ROOT/acme'), false],
      // user: its own account only
      ['User', 'ROOT/acme', resource(ids.alice, 'ROOT/acme'), true],
      ['User', 'ROOT/acme', resource(other, 'ROOT/acme'), false],
      ['User', 'ROOT/acme', resource(null, 'ROOT/acme'), false],
    ] as const)('%s of %s on %j: %s', (roleType, path, owner, expected) => {
      expect(canActOn(caller(roleType, path), owner)).toBe(expected);
    });
  });

  describe('canManageInfrastructure', () => {
    it.each([
      ['Admin', true],
      ['ResourceAdmin', false],
      ['DomainAdmin', false],
      ['User', false],
    ] as const)('%s: %s', (roleType, expected) => {
      expect(canManageInfrastructure(caller(roleType, 'ROOT'))).toBe(expected);
    });
  });
});
