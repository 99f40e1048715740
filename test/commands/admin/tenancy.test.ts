import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import {
  bootstrap,
  createAccount,
  createTenantDomain,
  createUser,
  decrypt,
  deleteAccount,
  deleteTenantDomain,
  deleteUser,
  disableAccount,
  disableUser,
  encrypt,
  registerUserKeys,
  renameTenantDomain,
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
  setUserState,
  tenancyWorkflows,
  updateUser,
  verifyPassword,
} from '../../../src/commands/admin/tenancy/index.ts';
import type { Caller } from '../../../src/domain/tenancy/roles.ts';
import {
  as,
  callerOf,
  closeWorld,
  jobEnd,
  openWorld,
  refusal,
  startExecutor,
  type World,
} from './support.ts';

let w: World;
const encryptionKey = randomBytes(32);
beforeEach(async () => {
  w = await openWorld();
});
afterEach(() => closeWorld(w));

const root: Caller = {
  userId: rootAdminUserId,
  accountId: rootAdminAccountId,
  tenantDomainId: rootTenantDomainId,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};
const deps = () => ({ bus: w.bus, encryptionKey });
const person = (username: string) => ({
  username,
  firstname: 'Ada',
  lastname: 'Lovelace',
  email: `${username}@example.com`,
  password: 'correct horse battery staple',
});

describe('bootstrap', () => {
  it('creates ROOT, the root admin account and user, and hands out the credentials once', async () => {
    const first = await bootstrap(deps());
    if (!first.created) throw new Error('the first bootstrap must create the admin');
    expect((await w.bus.load('tenantDomain', rootTenantDomainId)).state).toMatchObject({
      name: 'ROOT',
      path: 'ROOT',
    });
    expect((await w.bus.load('account', rootAdminAccountId)).state).toMatchObject({
      name: 'admin',
      type: 'RootAdmin',
      bootstrap: true,
    });
    expect((await w.bus.load('user', rootAdminUserId)).state).toMatchObject({
      username: 'admin',
      apiKey: first.apiKey,
    });
    expect(await verifyPassword(first.password, await passwordHashOf(rootAdminUserId))).toBe(true);
    const again = await bootstrap(deps());
    expect(again).toEqual({ ...again, created: false });
    expect('password' in again).toBe(false);
  });

  it('of two concurrent bootstraps exactly one creates the admin and gets its credentials', async () => {
    const results = await Promise.all([bootstrap(deps()), bootstrap(deps()), bootstrap(deps())]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await w.store.readStream(`user-${rootAdminUserId}`)).map((e) => e.type)).toEqual([
      'UserCreated',
      'UserKeysRegistered',
    ]);
  });

  it('never stores the password or the API secret in clear; the stored secret decrypts to the one returned', async () => {
    const created = await bootstrap(deps());
    if (!created.created) throw new Error('expected a creation');
    // Every row of the event table, payloads and metadata, as PostgreSQL stores them.
    const { rows } = await w.db.pool.query<{ row: string }>('SELECT e::text AS row FROM events e');
    const table = rows.map((r) => r.row).join('\n');
    expect(table).toContain(created.apiKey);
    expect(table).not.toContain(created.password);
    expect(table).not.toContain(created.secretKey);
    const keys = (await w.store.readStream(`user-${rootAdminUserId}`)).find(
      (e) => e.type === 'UserKeysRegistered',
    )!;
    expect(decrypt((keys.data as { encryptedSecret: string }).encryptedSecret, encryptionKey)).toBe(
      created.secretKey,
    );
  });
});

const passwordHashOf = async (userId: string) =>
  (
    (await w.store.readStream(`user-${userId}`)).find((e) => e.type === 'UserCreated')!.data as {
      passwordHash: string;
    }
  ).passwordHash;

describe('secrets', () => {
  it('encrypts with AES-256-GCM: a fresh IV each time, and a wrong key or tampering fails', () => {
    const a = encrypt('s3cret', encryptionKey);
    expect(a).not.toBe(encrypt('s3cret', encryptionKey));
    expect(decrypt(a, encryptionKey)).toBe('s3cret');
    expect(() => decrypt(a, randomBytes(32))).toThrow();
    const [v, iv, tag, body] = a.split('.');
    const flipped = `${v}.${iv}.${tag}.${body!.slice(0, -1)}${body!.endsWith('A') ? 'B' : 'A'}`;
    expect(() => decrypt(flipped, encryptionKey)).toThrow();
  });
});

describe('a tenancy tree', () => {
  beforeEach(async () => {
    await bootstrap(deps());
  });

  it('creates domains (paths from the live chain), accounts with their first user, more users; renames', async () => {
    const acme = await createTenantDomain(deps(), as(root), { name: 'acme' });
    const eng = await createTenantDomain(deps(), as(root), { name: 'eng', parentId: acme.tenantDomainId });
    expect(eng.path).toBe('ROOT/acme/eng');
    const acct = await createAccount(deps(), as(root), {
      tenantDomainId: eng.tenantDomainId,
      ...person('ada'),
    });
    expect((await w.bus.load('account', acct.accountId)).state).toMatchObject({ name: 'ada', type: 'User' });
    expect((await w.bus.load('user', acct.userId)).state).toMatchObject({
      username: 'ada',
      accountId: acct.accountId,
    });
    const bob = await createUser(deps(), as(root), { accountId: acct.accountId, ...person('bob') });
    expect((await w.bus.load('tenantDomain', eng.tenantDomainId)).state).toMatchObject({
      accounts: { [acct.accountId]: 'ada' },
      usernames: { [acct.userId]: 'ada', [bob.userId]: 'bob' },
    });
    await renameTenantDomain(deps(), as(root), { tenantDomainId: acme.tenantDomainId, name: 'acme-corp' });
    const deeper = await createTenantDomain(deps(), as(root), { name: 'ops', parentId: eng.tenantDomainId });
    expect(deeper.path).toBe('ROOT/acme-corp/eng/ops');
  });

  it('refuses a sibling name taken (case-insensitively) and a username taken in the domain', async () => {
    await createTenantDomain(deps(), as(root), { name: 'acme' });
    expect((await refusal(createTenantDomain(deps(), as(root), { name: 'ACME' }))).code).toBe(
      'TENANT_DOMAIN_NAME_TAKEN',
    );
    await createAccount(deps(), as(root), person('ada'));
    const clash = await refusal(createAccount(deps(), as(root), { ...person('ada'), accountName: 'other' }));
    expect(clash.code).toBe('USERNAME_TAKEN');
    // The account of the refused create is undone and its name free again.
    const again = await createAccount(deps(), as(root), { ...person('carol'), accountName: 'other' });
    expect((await w.bus.load('account', again.accountId)).state).toMatchObject({ name: 'other' });
  });

  it('of two concurrent creates of one account name exactly one wins', async () => {
    const attempts = await Promise.allSettled([
      createAccount(deps(), as(root), { ...person('ann'), accountName: 'shared' }),
      createAccount(deps(), as(root), { ...person('ben'), accountName: 'shared' }),
    ]);
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const lost = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ kind: 'conflict', code: 'ACCOUNT_NAME_TAKEN' });
    const domain = (await w.bus.load('tenantDomain', rootTenantDomainId)).state;
    if (domain.status === 'absent') throw new Error('ROOT missing');
    expect(Object.values(domain.accounts).filter((n) => n === 'shared')).toHaveLength(1);
  });

  it('of ten concurrent creates of one domain name exactly one wins', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () => createTenantDomain(deps(), as(root), { name: 'race' })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts.filter((a) => a.status === 'rejected'))
      expect((a as PromiseRejectedResult).reason).toMatchObject({ code: 'TENANT_DOMAIN_NAME_TAKEN' });
  });

  it('lets a domain admin manage its subtree only, and a user nothing of tenancy', async () => {
    const acme = await createTenantDomain(deps(), as(root), { name: 'acme' });
    const other = await createTenantDomain(deps(), as(root), { name: 'other' });
    const admin = callerOf('DomainAdmin', {
      tenantDomainId: acme.tenantDomainId,
      tenantDomainPath: 'ROOT/acme',
    });
    const sub = await createTenantDomain(deps(), as(admin), { name: 'team' });
    expect(sub.path).toBe('ROOT/acme/team');
    const a = await createAccount(deps(), as(admin), {
      tenantDomainId: sub.tenantDomainId,
      ...person('dora'),
    });
    expect(a.accountId).toBeDefined();
    expect(
      (
        await refusal(
          createAccount(deps(), as(admin), { tenantDomainId: other.tenantDomainId, ...person('eve') }),
        )
      ).kind,
    ).toBe('forbidden');
    expect(
      (await refusal(createAccount(deps(), as(admin), { ...person('frank'), accountType: 'RootAdmin' })))
        .kind,
    ).toBe('forbidden');
    expect(
      (
        await refusal(
          renameTenantDomain(deps(), as(admin), { tenantDomainId: acme.tenantDomainId, name: 'x' }),
        )
      ).kind,
    ).toBe('forbidden');
    const user = callerOf('User', {
      accountId: a.accountId,
      userId: a.userId,
      tenantDomainId: sub.tenantDomainId,
      tenantDomainPath: 'ROOT/acme/team',
    });
    expect((await refusal(createTenantDomain(deps(), as(user), { name: 'mine' }))).kind).toBe('forbidden');
    expect(
      (await refusal(createUser(deps(), as(user), { accountId: a.accountId, ...person('gus') }))).kind,
    ).toBe('forbidden');
    // A user may update itself and register its own keys, but not another user.
    await updateUser(deps(), as(user), { userId: a.userId, firstname: 'Dorothy' });
    const keys = await registerUserKeys(deps(), as(user), { userId: a.userId });
    expect(keys.secretKey).toHaveLength(86);
    const { rows } = await w.db.pool.query<{ row: string }>('SELECT e::text AS row FROM events e');
    const table = rows.map((r) => r.row).join('\n');
    expect(table).toContain(keys.apiKey);
    expect(table).not.toContain(keys.secretKey);
    const bob = await createUser(deps(), as(admin), { accountId: a.accountId, ...person('bob') });
    expect((await refusal(updateUser(deps(), as(user), { userId: bob.userId, firstname: 'B' }))).kind).toBe(
      'forbidden',
    );
  });

  it('locks, enables, renames and deletes a user, freeing its username', async () => {
    const acct = await createAccount(deps(), as(root), person('ada'));
    const bob = await createUser(deps(), as(root), { accountId: acct.accountId, ...person('bob') });
    await setUserState(deps(), as(root), { userId: bob.userId, action: 'lock' });
    expect((await w.bus.load('user', bob.userId)).state.status).toBe('locked');
    await setUserState(deps(), as(root), { userId: bob.userId, action: 'enable' });
    await updateUser(deps(), as(root), { userId: bob.userId, username: 'robert' });
    await deleteUser(deps(), as(root), { userId: bob.userId });
    expect((await w.bus.load('user', bob.userId)).state.status).toBe('removed');
    const domain = (await w.bus.load('tenantDomain', rootTenantDomainId)).state;
    expect(domain.status !== 'absent' && Object.values(domain.usernames)).toEqual(['admin', 'ada']);
    expect(
      (await createUser(deps(), as(root), { accountId: acct.accountId, ...person('robert') })).userId,
    ).toBeDefined();
  });

  it('refuses to delete, disable or lock the bootstrap admin', async () => {
    expect((await refusal(deleteUser(deps(), as(root), { userId: rootAdminUserId }))).code).toBe(
      'USER_BOOTSTRAP_PROTECTED',
    );
    expect(
      (await refusal(setUserState(deps(), as(root), { userId: rootAdminUserId, action: 'lock' }))).code,
    ).toBe('USER_BOOTSTRAP_PROTECTED');
  });
});

describe('the async tenancy jobs', () => {
  const stopped: string[] = [];
  const cleaned: string[] = [];
  beforeEach(async () => {
    stopped.length = 0;
    cleaned.length = 0;
    await bootstrap(deps());
    startExecutor(
      w,
      new SimulatorDriver(),
      tenancyWorkflows({
        cleanupAccountResources: async (id) => void cleaned.push(id),
        stopAccountVms: async (id) => void stopped.push(id),
      }),
    );
  });

  it('disables (stopping the VMs) or locks an account, and disables a user', async () => {
    const a = await createAccount(deps(), as(root), person('ada'));
    const disabled = await disableAccount(deps(), as(root), { accountId: a.accountId, lock: false });
    expect(await jobEnd(w, disabled.jobId)).toMatchObject({
      status: 'succeeded',
      result: { state: 'disabled' },
    });
    expect(stopped).toEqual([a.accountId]);
    const b = await createAccount(deps(), as(root), person('bea'));
    const locked = await disableAccount(deps(), as(root), { accountId: b.accountId, lock: true });
    expect(await jobEnd(w, locked.jobId)).toMatchObject({ status: 'succeeded', result: { state: 'locked' } });
    expect(stopped).toEqual([a.accountId]);
    const u = await disableUser(deps(), as(root), { userId: b.userId });
    expect(await jobEnd(w, u.jobId)).toMatchObject({ status: 'succeeded', result: { state: 'disabled' } });
  });

  it('deletes an account with its resources (hook), its users and its name', async () => {
    const a = await createAccount(deps(), as(root), person('ada'));
    const bob = await createUser(deps(), as(root), { accountId: a.accountId, ...person('bob') });
    const job = await deleteAccount(deps(), as(root), { accountId: a.accountId });
    expect(await jobEnd(w, job.jobId)).toMatchObject({ status: 'succeeded' });
    expect(cleaned).toEqual([a.accountId]);
    expect((await w.bus.load('account', a.accountId)).state.status).toBe('removed');
    for (const userId of [a.userId, bob.userId])
      expect((await w.bus.load('user', userId)).state.status).toBe('removed');
    const domain = (await w.bus.load('tenantDomain', rootTenantDomainId)).state;
    expect(
      domain.status !== 'absent' && [Object.values(domain.accounts), Object.values(domain.usernames)],
    ).toEqual([['admin'], ['admin']]);
  });

  it('refuses to delete a non-empty domain without cleanup; with cleanup deletes the whole subtree', async () => {
    const acme = await createTenantDomain(deps(), as(root), { name: 'acme' });
    const eng = await createTenantDomain(deps(), as(root), { name: 'eng', parentId: acme.tenantDomainId });
    const a = await createAccount(deps(), as(root), { tenantDomainId: eng.tenantDomainId, ...person('ada') });
    const refused = await deleteTenantDomain(deps(), as(root), { tenantDomainId: acme.tenantDomainId });
    expect(await jobEnd(w, refused.jobId)).toMatchObject({ status: 'failed', errorCode: 431 });
    const job = await deleteTenantDomain(deps(), as(root), {
      tenantDomainId: acme.tenantDomainId,
      cleanup: true,
    });
    expect(await jobEnd(w, job.jobId)).toMatchObject({ status: 'succeeded' });
    for (const id of [acme.tenantDomainId, eng.tenantDomainId])
      expect((await w.bus.load('tenantDomain', id)).state.status).toBe('deleted');
    expect((await w.bus.load('account', a.accountId)).state.status).toBe('removed');
    const rootDomain = (await w.bus.load('tenantDomain', rootTenantDomainId)).state;
    expect(rootDomain.status !== 'absent' && rootDomain.children).toEqual({});
    // The name is free again.
    expect((await createTenantDomain(deps(), as(root), { name: 'acme' })).path).toBe('ROOT/acme');
  });
});
