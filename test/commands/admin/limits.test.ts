import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourceLimitsOf, updateResourceLimit } from '../../../src/commands/admin/limits/index.ts';
import {
  bootstrap,
  createAccount,
  createTenantDomain,
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
} from '../../../src/commands/admin/tenancy/index.ts';
import { defaultAccountLimits, defaultDomainLimits } from '../../../src/domain/limits/index.ts';
import type { Caller } from '../../../src/domain/tenancy/roles.ts';
import { as, callerOf, closeWorld, openWorld, refusal, type World } from './support.ts';

let w: World;
const root: Caller = {
  userId: rootAdminUserId,
  accountId: rootAdminAccountId,
  tenantDomainId: rootTenantDomainId,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};
let acme: string;
let eng: string;
let ada: { accountId: string; userId: string };
let acmeAdmin: Caller;

beforeEach(async () => {
  w = await openWorld();
  const deps = { bus: w.bus, encryptionKey: randomBytes(32) };
  await bootstrap(deps);
  acme = (await createTenantDomain(deps, as(root), { name: 'acme' })).tenantDomainId;
  eng = (await createTenantDomain(deps, as(root), { name: 'eng', parentId: acme })).tenantDomainId;
  ada = await createAccount(deps, as(root), {
    tenantDomainId: eng,
    username: 'ada',
    firstname: 'Ada',
    lastname: 'L',
    email: 'ada@example.com',
    password: 'pw-123456',
  });
  acmeAdmin = callerOf('DomainAdmin', { tenantDomainId: acme, tenantDomainPath: 'ROOT/acme' });
});
afterEach(() => closeWorld(w));

const deps = () => ({ bus: w.bus });

describe('resource limits', () => {
  it('sets an account limit on its ledger and reads back effective limits and counts', async () => {
    await updateResourceLimit(deps(), as(root), {
      owner: { accountId: ada.accountId },
      type: 'user_vm',
      max: 5,
    });
    const view = await resourceLimitsOf(deps(), as(root), { accountId: ada.accountId });
    expect(view.limits).toEqual({ ...defaultAccountLimits, user_vm: 5 });
    expect(view.explicit).toEqual({ user_vm: 5 });
    expect(view.count.user_vm).toBe(0);
  });

  it('the ledger enforces the limit set: a reservation over it is refused, one within it counts', async () => {
    await updateResourceLimit(deps(), as(root), { owner: { accountId: ada.accountId }, type: 'cpu', max: 4 });
    const { limits } = await resourceLimitsOf(deps(), as(root), { accountId: ada.accountId });
    const reserve = (cpu: number) =>
      w.bus.execute(
        'quotaAccount',
        ada.accountId,
        {
          type: 'ReserveQuota',
          data: {
            ledger: { scope: 'account', ownerId: ada.accountId },
            reservationId: randomUUID(),
            resources: { cpu },
            limits,
            now: new Date().toISOString(),
            expiresAt: new Date(Date.now() + 60_000).toISOString(),
          },
        },
        as(root).ctx,
      );
    await reserve(3);
    expect((await refusal(reserve(2))).code).toBe('RESOURCE_LIMIT_EXCEEDED');
    expect((await resourceLimitsOf(deps(), as(root), { accountId: ada.accountId })).reserved.cpu).toBe(3);
  });

  it('resolves a domain limit from the nearest ancestor that sets one, else the default; ROOT is unlimited', async () => {
    await updateResourceLimit(deps(), as(root), {
      owner: { tenantDomainId: acme },
      type: 'memory',
      max: 8192,
    });
    const view = await resourceLimitsOf(deps(), as(root), { tenantDomainId: eng });
    expect(view.limits).toEqual({ ...defaultDomainLimits, memory: 8192 });
    expect(
      (await resourceLimitsOf(deps(), as(root), { tenantDomainId: rootTenantDomainId })).limits.memory,
    ).toBe(-1);
  });

  it('refuses a domain limit above its parent, any limit on ROOT, and a finite one on a root admin', async () => {
    await updateResourceLimit(deps(), as(root), { owner: { tenantDomainId: acme }, type: 'cpu', max: 10 });
    expect(
      (
        await refusal(
          updateResourceLimit(deps(), as(root), { owner: { tenantDomainId: eng }, type: 'cpu', max: 20 }),
        )
      ).code,
    ).toBe('RESOURCE_LIMIT_ABOVE_PARENT');
    await updateResourceLimit(deps(), as(root), { owner: { tenantDomainId: eng }, type: 'cpu', max: 8 });
    expect(
      (
        await refusal(
          updateResourceLimit(deps(), as(root), {
            owner: { tenantDomainId: rootTenantDomainId },
            type: 'cpu',
            max: 8,
          }),
        )
      ).code,
    ).toBe('RESOURCE_LIMIT_ROOT_DOMAIN');
    expect(
      (
        await refusal(
          updateResourceLimit(deps(), as(root), {
            owner: { accountId: rootAdminAccountId },
            type: 'cpu',
            max: 8,
          }),
        )
      ).code,
    ).toBe('RESOURCE_LIMIT_ROOT_ADMIN');
  });

  it('lets a domain admin set limits below it only; users may read their own account but set nothing', async () => {
    await updateResourceLimit(deps(), as(acmeAdmin), {
      owner: { accountId: ada.accountId },
      type: 'volume',
      max: 3,
    });
    await updateResourceLimit(deps(), as(acmeAdmin), {
      owner: { tenantDomainId: eng },
      type: 'volume',
      max: 30,
    });
    const own = await refusal(
      updateResourceLimit(deps(), as(acmeAdmin), { owner: { tenantDomainId: acme }, type: 'volume', max: 3 }),
    );
    expect(own).toMatchObject({ kind: 'forbidden', code: 'RESOURCE_LIMIT_OWN_SCOPE' });
    const outsider = callerOf('DomainAdmin', {
      tenantDomainId: randomUUID(),
      tenantDomainPath: 'ROOT/other',
    });
    expect(
      (
        await refusal(
          updateResourceLimit(deps(), as(outsider), {
            owner: { accountId: ada.accountId },
            type: 'volume',
            max: 1,
          }),
        )
      ).kind,
    ).toBe('forbidden');
    const user = callerOf('User', {
      accountId: ada.accountId,
      userId: ada.userId,
      tenantDomainId: eng,
      tenantDomainPath: 'ROOT/acme/eng',
    });
    expect((await resourceLimitsOf(deps(), as(user), { accountId: ada.accountId })).limits.volume).toBe(3);
    expect(
      (
        await refusal(
          updateResourceLimit(deps(), as(user), {
            owner: { accountId: ada.accountId },
            type: 'volume',
            max: 9,
          }),
        )
      ).code,
    ).toBe('RESOURCE_LIMIT_FORBIDDEN');
    expect((await refusal(resourceLimitsOf(deps(), as(user), { tenantDomainId: eng }))).kind).toBe(
      'forbidden',
    );
  });
});
