import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../support/server.ts';
import { expectStatus, type Keys, startAdminServer, zoneBody } from './support.ts';

let server: TestServer;
const profile = (username: string) => ({
  username,
  firstname: 'F',
  lastname: 'L',
  email: `${username}@example.com`,
  password: 'pw-123456',
});

type Tenant = { accountId: string; userId: string; keys: Keys };
let domA: string;
let domB: string;
let adminA: Tenant; // domain admin of A
let userA1: Tenant;
let userA2: Tenant; // other account, same domain
let userB: Tenant; // other domain

const tenant = async (username: string, tenantDomainId: string, accountType = 'User'): Promise<Tenant> => {
  const account = await expectStatus(server, 201, 'POST', '/v1/accounts', {
    ...profile(username),
    tenantDomainId,
    accountType,
  });
  const keys = await expectStatus(server, 201, 'POST', `/v1/users/${account.userId}/keys`);
  return { accountId: account.id, userId: account.userId, keys };
};

beforeAll(async () => {
  server = await startAdminServer();
  domA = (await expectStatus(server, 201, 'POST', '/v1/domains', { name: 'a' })).id;
  domB = (await expectStatus(server, 201, 'POST', '/v1/domains', { name: 'b' })).id;
  adminA = await tenant('admina', domA, 'DomainAdmin');
  userA1 = await tenant('usera1', domA);
  userA2 = await tenant('usera2', domA);
  userB = await tenant('userb', domB);
}, 90_000);
afterAll(() => server?.close());

describe('the tenancy tree over REST', () => {
  it('creates nested domains whose paths follow the tree', async () => {
    const sub = await expectStatus(server, 201, 'POST', '/v1/domains', { name: 'sub', parentId: domA });
    expect(sub).toMatchObject({ path: 'ROOT/a/sub', parentId: domA });
    const list = await expectStatus(
      server,
      200,
      'GET',
      `/v1/domains?tenantDomainId=${domA}&isRecursive=true`,
    );
    expect(list.items.map((d: { path: string }) => d.path).sort()).toEqual(['ROOT/a', 'ROOT/a/sub']);
  });

  it('manages a user: update, lock, enable, password', async () => {
    const user = await expectStatus(server, 201, 'POST', '/v1/users', {
      ...profile('extra'),
      accountId: userA1.accountId,
    });
    expect(user).toMatchObject({ username: 'extra', accountId: userA1.accountId, state: 'enabled' });
    expect(user.passwordHash).toBeUndefined();
    const updated = await expectStatus(server, 200, 'PATCH', `/v1/users/${user.id}`, { firstname: 'New' });
    expect(updated.firstname).toBe('New');
    expect((await expectStatus(server, 200, 'POST', `/v1/users/${user.id}/lock`)).state).toBe('locked');
    expect((await expectStatus(server, 200, 'POST', `/v1/users/${user.id}/enable`)).state).toBe('enabled');
    await expectStatus(server, 204, 'PUT', `/v1/users/${user.id}/password`, { password: 'another-pw' });
  });

  it('sets and reads account and domain limits', async () => {
    const limits = await expectStatus(server, 200, 'PUT', `/v1/accounts/${userA1.accountId}/limits`, {
      type: 'user_vm',
      max: 7,
    });
    expect(limits.limits.user_vm).toBe(7);
    const domainLimits = await expectStatus(server, 200, 'PUT', `/v1/domains/${domB}/limits`, {
      type: 'cpu',
      max: 64,
    });
    expect(domainLimits.explicit.cpu).toBe(64);
    const read = await expectStatus(
      server,
      200,
      'GET',
      `/v1/accounts/${userA1.accountId}/limits`,
      undefined,
      userA1.keys,
    );
    expect(read).toMatchObject({ limits: { user_vm: 7 }, count: { user_vm: 0 } });
  });

  it('refuses bad tenancy input with the field path and creates nothing', async () => {
    const before = await expectStatus(server, 200, 'GET', '/v1/accounts');
    const res = await server.signed('POST', '/v1/accounts', {
      ...profile('bad'),
      accountType: 'Emperor',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body', 'body.accountType']);
    const limit = await server.signed('PUT', `/v1/accounts/${userA1.accountId}/limits`, {
      type: 'cpu',
      max: '5',
    });
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].path).toBe('body.max');
    expect((await server.signed('GET', '/v1/accounts/xyz')).status).toBe(400);
    expect((await expectStatus(server, 200, 'GET', '/v1/accounts')).total).toBe(before.total);
  });
});

describe('isolation matrix', () => {
  const missing = '00000000-0000-4000-8000-00000000dead';
  type Role = 'root' | 'domainAdmin' | 'user';
  const keysOf = (role: Role): Keys | undefined =>
    role === 'root' ? undefined : role === 'domainAdmin' ? adminA.keys : userA1.keys;
  // target: own account (userA1's), other account same domain (userA2's), other domain (userB's)
  const targets = () => ({ own: userA1, sameDomain: userA2, otherDomain: userB });
  const expected: Record<Role, Record<'own' | 'sameDomain' | 'otherDomain', number>> = {
    root: { own: 200, sameDomain: 200, otherDomain: 200 },
    domainAdmin: { own: 200, sameDomain: 200, otherDomain: 404 },
    user: { own: 200, sameDomain: 404, otherDomain: 404 },
  };

  for (const role of ['root', 'domainAdmin', 'user'] as const)
    for (const where of ['own', 'sameDomain', 'otherDomain'] as const)
      it(`${role} on ${where}: accounts, users and limits answer ${expected[role][where]}`, async () => {
        const t = targets()[where];
        const keys = keysOf(role);
        for (const path of [
          `/v1/accounts/${t.accountId}`,
          `/v1/users/${t.userId}`,
          `/v1/accounts/${t.accountId}/limits`,
        ])
          expect([path, (await server.signed('GET', path, undefined, keys)).status]).toEqual([
            path,
            expected[role][where],
          ]);
        const listed = await server.signed('GET', '/v1/accounts?pageSize=1000', undefined, keys);
        expect(listed.body.items.some((a: { id: string }) => a.id === t.accountId)).toBe(
          expected[role][where] === 200,
        );
      });

  it('out-of-scope and nonexistent resources answer the same 404 body', async () => {
    const hiddenRes = await server.signed(
      'PATCH',
      `/v1/accounts/${userB.accountId}`,
      { name: 'x' },
      adminA.keys,
    );
    const absentRes = await server.signed('PATCH', `/v1/accounts/${missing}`, { name: 'x' }, adminA.keys);
    expect(hiddenRes.status).toBe(404);
    expect(absentRes.status).toBe(404);
    expect(hiddenRes.body.code).toBe(absentRes.body.code);
    expect(hiddenRes.body.detail.replace(userB.accountId, 'ID')).toBe(
      absentRes.body.detail.replace(missing, 'ID'),
    );
  });

  it('a user may not change its own account (403) nor see domains (404)', async () => {
    expect(
      (await server.signed('POST', `/v1/accounts/${userA1.accountId}/lock`, undefined, userA1.keys)).status,
    ).toBe(403);
    expect((await server.signed('GET', `/v1/domains/${domA}`, undefined, userA1.keys)).status).toBe(404);
    expect((await server.signed('GET', '/v1/domains', undefined, userA1.keys)).body.total).toBe(0);
  });

  it('a domain admin may not manage outside its subtree; keys of another domain are hidden', async () => {
    expect(
      (await server.signed('POST', `/v1/users/${userB.userId}/keys`, undefined, adminA.keys)).status,
    ).toBe(404);
    expect(
      (await server.signed('PUT', `/v1/domains/${domB}/limits`, { type: 'cpu', max: 1 }, adminA.keys)).status,
    ).toBe(404);
    expect(
      (await server.signed('POST', '/v1/domains', { name: 'x', parentId: domB }, adminA.keys)).status,
    ).toBe(404);
  });

  it('non-admins get 403 on infrastructure writes and root-only reads', async () => {
    for (const keys of [adminA.keys, userA1.keys]) {
      expect((await server.signed('POST', '/v1/zones', zoneBody('nope'), keys)).status).toBe(403);
      expect((await server.signed('GET', '/v1/hosts', undefined, keys)).status).toBe(403);
      expect((await server.signed('GET', '/v1/zones', undefined, keys)).status).toBe(200);
    }
  });
});
