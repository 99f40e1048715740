import { describe, expect, it } from 'vitest';
import { assertLimitUpdate, type LimitTarget, type LimitUpdate } from '../../../src/domain/limits/index.ts';
import type { Caller, RoleType } from '../../../src/domain/tenancy/roles.ts';
import { refusalCodeOf } from '../helpers.ts';
import { ids, uuid } from '../tenancy/fixtures.ts';

const admin = uuid(0x900);
const caller = (
  roleType: RoleType,
  tenantDomainId: string,
  tenantDomainPath: string,
  accountId = admin,
): Caller => ({
  userId: uuid(0x901),
  accountId,
  tenantDomainId,
  tenantDomainPath,
  roleType,
});
const rootAdmin = caller('Admin', ids.root, 'ROOT');
const acmeAdmin = caller('DomainAdmin', ids.acme, 'ROOT/acme');
const acmeUser = caller('User', ids.acme, 'ROOT/acme', ids.alice);

const aliceAccount: LimitTarget = {
  kind: 'account',
  accountId: ids.alice,
  accountType: 'User',
  tenantDomainId: ids.acme,
  tenantDomainPath: 'ROOT/acme',
};
const rootAdminAccount: LimitTarget = {
  kind: 'account',
  accountId: admin,
  accountType: 'RootAdmin',
  tenantDomainId: ids.root,
  tenantDomainPath: 'ROOT',
};
const acmeAdminAccount: LimitTarget = { ...aliceAccount, accountId: admin, accountType: 'DomainAdmin' };
const domainTarget = (
  tenantDomainId: string,
  path: string,
  parentLimit = -1,
  parentId: string | null = ids.root,
): LimitTarget => ({
  kind: 'domain',
  tenantDomainId,
  parentId,
  tenantDomainPath: path,
  parentLimit,
});
const rootDomain = domainTarget(ids.root, 'ROOT', -1, null);
const acmeDomain = domainTarget(ids.acme, 'ROOT/acme');
const devDomain = (parentLimit: number) => domainTarget(ids.dev, 'ROOT/acme/dev', parentLimit, ids.acme);
const globexDomain = domainTarget(ids.globex, 'ROOT/globex');

const update = (c: Caller, target: LimitTarget, max: number): LimitUpdate => ({
  caller: c,
  target,
  type: 'cpu',
  max,
});

const refusal = (u: LimitUpdate): string | null => refusalCodeOf(() => assertLimitUpdate(u));

describe('limit updates', () => {
  it.each([
    ['a root admin sets an account limit', update(rootAdmin, aliceAccount, 10), null],
    ['a root admin sets unlimited on an account', update(rootAdmin, aliceAccount, -1), null],
    ['a root admin sets a zero limit', update(rootAdmin, aliceAccount, 0), null],
    ['a root admin sets a domain limit', update(rootAdmin, acmeDomain, 100), null],
    ['a limit below -1', update(rootAdmin, aliceAccount, -2), 'RESOURCE_LIMIT_INVALID'],
    ['a fractional limit', update(rootAdmin, aliceAccount, 1.5), 'RESOURCE_LIMIT_INVALID'],
    ['any limit on ROOT', update(rootAdmin, rootDomain, 10), 'RESOURCE_LIMIT_ROOT_DOMAIN'],
    ['even unlimited on ROOT', update(rootAdmin, rootDomain, -1), 'RESOURCE_LIMIT_ROOT_DOMAIN'],
    [
      'a finite limit on a root-admin account',
      update(rootAdmin, rootAdminAccount, 10),
      'RESOURCE_LIMIT_ROOT_ADMIN',
    ],
    ['-1 on a root-admin account', update(rootAdmin, rootAdminAccount, -1), null],
    [
      "a sub-domain above its parent's limit",
      update(rootAdmin, devDomain(50), 51),
      'RESOURCE_LIMIT_ABOVE_PARENT',
    ],
    ["a sub-domain at its parent's limit", update(rootAdmin, devDomain(50), 50), null],
    ['a sub-domain under an unlimited parent', update(rootAdmin, devDomain(-1), 10_000), null],
    [
      'a sub-domain set unlimited under a limited parent (as CloudStack)',
      update(rootAdmin, devDomain(50), -1),
      null,
    ],
    ['a domain admin on an account of its domain', update(acmeAdmin, aliceAccount, 5), null],
    ['a domain admin on a sub-domain', update(acmeAdmin, devDomain(-1), 5), null],
    ['a domain admin on its own account', update(acmeAdmin, acmeAdminAccount, 5), 'RESOURCE_LIMIT_OWN_SCOPE'],
    ['a domain admin on its own domain', update(acmeAdmin, acmeDomain, 5), 'RESOURCE_LIMIT_OWN_SCOPE'],
    ['a domain admin outside its subtree', update(acmeAdmin, globexDomain, 5), 'RESOURCE_LIMIT_FORBIDDEN'],
    ['a user on its own account', update(acmeUser, aliceAccount, 5), 'RESOURCE_LIMIT_FORBIDDEN'],
  ] as const)('%s → %s', (_what, u, expected) => {
    expect(refusal(u)).toBe(expected);
  });

  it('names the parent limit when refusing a sub-domain limit', () => {
    expect(() => assertLimitUpdate(update(rootAdmin, devDomain(50), 60))).toThrow(/at most 50/);
  });
});
