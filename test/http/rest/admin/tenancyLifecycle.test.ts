import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { call, deployRunning, get, newAccount, profile, runJob } from '../tenant/calls.ts';
import { openWorld, type World } from '../tenant/world.ts';
import type { Keys } from './support.ts';

/**
 * The tenancy tree changing under its users, over HTTP: a renamed domain carries its subdomains'
 * paths along; a disabled account's users are refused (401) and its running VMs stopped until it is
 * enabled again; a deleted user can no longer sign in and its name is free again.
 */

let w: World;
beforeAll(async () => {
  w = await openWorld(restRoutes);
}, 120_000);
afterAll(() => w?.server.close());

const statusAs = async (keys: Keys, path: string) =>
  (await w.server.signed('GET', path, undefined, keys)).status;

const login = (username: string, password: string, domain: string) =>
  fetch(`${w.server.base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, domain }),
  });

describe('renaming a tenant domain (PATCH /v1/domains/:id)', () => {
  let parent: Json;
  let kid: Json;
  let renamed: Json;
  let parentAdmin: Awaited<ReturnType<typeof newAccount>>;
  let kidAdmin: Awaited<ReturnType<typeof newAccount>>;
  let kidUser: Awaited<ReturnType<typeof newAccount>>;
  let kidVmId: string;
  beforeAll(async () => {
    parent = await call(w, 201, 'POST', '/v1/domains', { name: 'parent' });
    kid = await call(w, 201, 'POST', '/v1/domains', { name: 'kid', parentId: parent.id });
    parentAdmin = await newAccount(w, 'parent-admin', parent.id, 'DomainAdmin');
    kidAdmin = await newAccount(w, 'kid-admin', kid.id, 'DomainAdmin');
    kidUser = await newAccount(w, 'kid-user', kid.id);
    kidVmId = await deployRunning(w, 'kids', undefined, kidUser.accountId);
    renamed = await call(w, 200, 'PATCH', `/v1/domains/${parent.id}`, { name: 'renamed' });
  });

  it('answers the new name and path, and the paths of its subdomains follow', async () => {
    expect(renamed).toMatchObject({ id: parent.id, name: 'renamed', path: 'ROOT/renamed' });
    expect(await get(w, `/v1/domains/${parent.id}`)).toMatchObject({ name: 'renamed', path: 'ROOT/renamed' });
    expect(await get(w, `/v1/domains/${kid.id}`)).toMatchObject({
      parentId: parent.id,
      path: 'ROOT/renamed/kid',
    });
    const subtree = await get(w, `/v1/domains?tenantDomainId=${parent.id}&isRecursive=true`);
    expect(subtree.items.map((d: { path: string }) => d.path).sort()).toEqual([
      'ROOT/renamed',
      'ROOT/renamed/kid',
    ]);
    const accounts = await get(w, `/v1/accounts?tenantDomainId=${parent.id}&isRecursive=true`);
    expect(accounts.items.map((a: { id: string }) => a.id).sort()).toEqual(
      [parentAdmin.accountId, kidAdmin.accountId, kidUser.accountId].sort(),
    );
  });

  it("keeps its domain admin managing the VMs and volumes of its subdomains' accounts", async () => {
    const keys = parentAdmin.keys;
    expect((await get(w, `/v1/vms/${kidVmId}`, keys)).state).toBe('Running');
    await runJob(w, 'POST', `/v1/vms/${kidVmId}/stop`, {}, keys);
    expect((await get(w, `/v1/vms/${kidVmId}`, keys)).state).toBe('Stopped');
    const body = { name: 'kid-data', zoneId: w.zoneId, diskOfferingId: w.diskOfferingId };
    const volume = await call(w, 201, 'POST', '/v1/volumes', { ...body, accountId: kidUser.accountId }, keys);
    expect(await get(w, `/v1/volumes/${volume.id}`, keys)).toMatchObject({ accountId: kidUser.accountId });
    await runJob(w, 'POST', `/v1/volumes/${volume.id}/attach`, { vmId: kidVmId }, keys);
  });

  it("lets a subdomain's users log in under the new path, and its domain admin keep its reach", async () => {
    const { password } = profile('kid-user');
    expect((await login('kid-user', password, 'ROOT/renamed/kid')).status).toBe(200);
    expect((await login('kid-user', password, 'ROOT/parent/kid')).status).toBe(401);
    expect(await statusAs(kidAdmin.keys, `/v1/accounts/${kidUser.accountId}`)).toBe(200);
  });
});

describe('disabling and enabling an account', () => {
  it('disables with a job (users refused with 401, running VMs stopped); enable lets them back in', async () => {
    const vmId = await deployRunning(w, 'bobs', w.bob.keys);
    const accountPath = `/v1/accounts/${w.bob.accountId}`;

    const disabling = await runJob(w, 'POST', `${accountPath}/disable`);
    expect(disabling).toMatchObject({ id: w.bob.accountId, job: { result: { state: 'disabled' } } });
    expect((await get(w, accountPath)).state).toBe('disabled');
    const refused = await w.server.signed('GET', '/v1/vms', undefined, w.bob.keys);
    expect([refused.status, refused.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await login('bob', w.bob.password, 'ROOT/acme')).status).toBe(401);
    expect((await get(w, `/v1/vms/${vmId}`)).state).toBe('Stopped');
    // Another account of the same domain is untouched.
    expect(await statusAs(w.alice.keys, '/v1/vms')).toBe(200);

    const enabled = await call(w, 200, 'POST', `${accountPath}/enable`);
    expect(enabled).toMatchObject({ id: w.bob.accountId, state: 'enabled' });
    expect(await statusAs(w.bob.keys, `/v1/vms/${vmId}`)).toBe(200);
    expect((await login('bob', w.bob.password, 'ROOT/acme')).status).toBe(200);
  });
});

describe('deleting a user (DELETE /v1/users/:id)', () => {
  it('answers 204; the user is gone, its keys and password refused, its name free again', async () => {
    const user = await call(w, 201, 'POST', '/v1/users', {
      ...profile('temp'),
      accountId: w.alice.accountId,
    });
    const keys: Keys = await call(w, 201, 'POST', `/v1/users/${user.id}/keys`);
    expect(await statusAs(keys, '/v1/vms')).toBe(200);

    expect(await call(w, 204, 'DELETE', `/v1/users/${user.id}`)).toBe('');
    expect(await get(w, `/v1/users/${user.id}`)).toMatchObject({
      state: 'removed',
      removedAt: expect.any(String),
    });
    const left = await get(w, `/v1/users?accountId=${w.alice.accountId}`);
    expect(left.items.map((u: { username: string }) => u.username)).toEqual(['alice']);
    expect(await statusAs(keys, '/v1/vms')).toBe(401);
    expect((await login('temp', profile('temp').password, 'ROOT/acme')).status).toBe(401);
    // The account and its other user carry on; the username may be given again.
    expect(await statusAs(w.alice.keys, '/v1/vms')).toBe(200);
    await call(w, 201, 'POST', '/v1/users', { ...profile('temp'), accountId: w.alice.accountId });
  });
});
