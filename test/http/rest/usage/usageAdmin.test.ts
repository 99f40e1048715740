import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { call, deployRunning, get, newAccount } from '../tenant/calls.ts';
import { type Keys, openWorld, type World } from '../tenant/world.ts';

/**
 * Usage and billing past the records, over HTTP: the usage types anyone may read; a summary per
 * account and type, scoped to the caller; a tariff's price changed and then ended by the root admin;
 * a credit added to an account, which its statement and balance then show. Tenants are refused
 * every write (403).
 */

let w: World;
const hour = 3600_000;
const period = () =>
  `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;

beforeAll(async () => {
  w = await openWorld(restRoutes);
  await deployRunning(w, 'metered', w.alice.keys);
}, 120_000);
afterAll(() => w?.server.close());

const tariffs = async (includeEnded = false): Promise<Json[]> =>
  (await get(w, `/v1/usage/tariffs?quotaType=1&includeEnded=${includeEnded}`)).items;

describe('usage types and summary', () => {
  it('lists the CloudStack usage types to any signed-in caller, and refuses anonymous ones', async () => {
    const { items } = await get(w, '/v1/usage/types', w.carol.keys);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 1, name: 'RUNNING_VM' }),
        expect.objectContaining({ id: 2, name: 'ALLOCATED_VM' }),
        expect.objectContaining({ id: 6, name: 'VOLUME' }),
      ]),
    );
    expect((await fetch(`${w.server.base}/v1/usage/types`)).status).toBe(401);
  });

  it("sums the running VM's usage per type for its account, and shows other accounts none of it", async () => {
    const lines = (await get(w, `/v1/usage/summary?${period()}`, w.alice.keys)).items as Json[];
    const byType = Object.fromEntries(lines.map((l) => [l.usageTypeName, l]));
    // One VM, running on its ROOT volume since the deploy.
    for (const type of ['RUNNING_VM', 'ALLOCATED_VM', 'VOLUME'])
      expect(byType[type], type).toMatchObject({ accountId: w.alice.accountId, resources: 1 });
    expect(byType.RUNNING_VM.durationMs).toBeGreaterThan(0);
    expect(byType.VOLUME.gibHours).toBeGreaterThan(0);
    for (const l of lines) expect(l.accountId).toBe(w.alice.accountId);

    expect((await get(w, `/v1/usage/summary?${period()}`, w.bob.keys)).items).toEqual([]);
    const asked = await get(w, `/v1/usage/summary?${period()}&accountId=${w.alice.accountId}`);
    expect(asked.items.map((l: Json) => l.usageTypeName).sort()).toEqual(Object.keys(byType).sort());
  });
});

describe('the summary of a tenant domain', () => {
  it('covers its subdomains, also once the domain was renamed', async () => {
    const team = await call(w, 201, 'POST', '/v1/domains', { name: 'team', parentId: w.acmeId });
    const dave = await newAccount(w, 'dave', team.id);
    await deployRunning(w, 'daves', undefined, dave.accountId);
    await call(w, 200, 'PATCH', `/v1/domains/${w.acmeId}`, { name: 'acme-renamed' });
    await w.server.settle(await w.server.app.store.headPosition());

    const accountsIn = async (query: string, keys?: Keys) =>
      new Set(
        (await get(w, `/v1/usage/summary?${period()}${query}`, keys)).items.map((l: Json) => l.accountId),
      );
    for (const [query, keys] of [
      [`&domainId=${w.acmeId}`, undefined],
      ['', w.acmeAdmin.keys],
      [`&domainId=${team.id}`, w.acmeAdmin.keys],
    ] as const)
      expect(await accountsIn(query, keys), query).toContain(dave.accountId);
    expect(await accountsIn(`&domainId=${w.acmeId}`)).toContain(w.alice.accountId);
    expect(await accountsIn(`&domainId=${team.id}`)).not.toContain(w.alice.accountId);
    expect((await get(w, `/v1/usage/summary?${period()}&domainId=${w.acmeId}`, w.carol.keys)).items).toEqual(
      [],
    );
  });
});

describe('tariffs (PATCH and DELETE /v1/usage/tariffs/:id)', () => {
  it('changes the price from now on, keeping the old one as history; then ends the tariff', async () => {
    const { id } = await call(w, 201, 'POST', '/v1/usage/tariffs', {
      name: 'vm-hour',
      quotaType: 1,
      currency: 'EUR',
      value: 0.05,
    });
    expect(await call(w, 200, 'PATCH', `/v1/usage/tariffs/${id}`, { value: 0.08 })).toEqual({ id });
    const [changed] = (await tariffs()).filter((t) => t.tariffId === id);
    expect(changed).toMatchObject({ value: 0.08, effectiveUntil: null });
    expect(changed.versions.map((v: { value: number }) => v.value)).toEqual([0.05, 0.08]);
    expect(changed.versions[0].until).toBe(changed.versions[1].from);

    expect(await call(w, 204, 'DELETE', `/v1/usage/tariffs/${id}`)).toBe('');
    expect((await tariffs()).map((t) => t.tariffId)).not.toContain(id);
    const [ended] = (await tariffs(true)).filter((t) => t.tariffId === id);
    expect(ended.effectiveUntil).toEqual(expect.any(String));
    const late = await w.server.signed('PATCH', `/v1/usage/tariffs/${id}`, { value: 1 });
    expect([late.status, late.body.code]).toEqual([409, 'TARIFF_ENDED']);
  });

  it('answers 404 for a tariff that does not exist', async () => {
    const absent = '00000000-0000-4000-8000-0000000000bb';
    for (const [method, body] of [
      ['PATCH', { value: 1 }],
      ['DELETE', undefined],
    ] as const) {
      const res = await w.server.signed(method, `/v1/usage/tariffs/${absent}`, body);
      expect([method, res.status, res.body.code]).toEqual([method, 404, 'TARIFF_NOT_FOUND']);
    }
  });
});

describe('credits (POST /v1/usage/credits)', () => {
  it("adds a credit that the account's statement and balance then show", async () => {
    const credit = { accountId: w.alice.accountId, amount: 25, currency: 'USD', note: 'welcome' };
    const { id } = await call(w, 201, 'POST', '/v1/usage/credits', credit);
    const statement = await get(w, `/v1/usage/statements/${w.alice.accountId}?${period()}`, w.alice.keys);
    const usd = statement.statements.find((s: { currency: string }) => s.currency === 'USD');
    expect(usd.credits).toEqual([expect.objectContaining({ creditId: id, amount: 25, note: 'welcome' })]);
    expect(statement.balances).toContainEqual({ currency: 'USD', balance: 25 });
    // Bob's account has nothing of it.
    const bobs = await get(w, `/v1/usage/statements/${w.bob.accountId}?${period()}`, w.bob.keys);
    expect(bobs.balances.find((b: { currency: string }) => b.currency === 'USD')?.balance ?? 0).toBe(0);

    const absent = await w.server.signed('POST', '/v1/usage/credits', {
      ...credit,
      accountId: '00000000-0000-4000-8000-0000000000cc',
    });
    expect([absent.status, absent.body.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
  });
});

describe('writes by a tenant', () => {
  it('are refused with 403 and change nothing', async () => {
    const { id } = await call(w, 201, 'POST', '/v1/usage/tariffs', {
      name: 'kept',
      quotaType: 1,
      currency: 'EUR',
      value: 1,
    });
    for (const [method, path, body] of [
      ['PATCH', `/v1/usage/tariffs/${id}`, { value: 0 }],
      ['DELETE', `/v1/usage/tariffs/${id}`, undefined],
      ['POST', '/v1/usage/credits', { accountId: w.alice.accountId, amount: 1000, currency: 'EUR' }],
    ] as const) {
      const res = await w.server.signed(method, path, body, w.alice.keys);
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'USAGE_ADMIN_ONLY']);
    }
    expect((await tariffs()).find((t) => t.tariffId === id)).toMatchObject({
      value: 1,
      effectiveUntil: null,
    });
    const statement = await get(w, `/v1/usage/statements/${w.alice.accountId}?${period()}`, w.alice.keys);
    const eur = statement.statements.find((s: { currency: string }) => s.currency === 'EUR');
    expect(eur?.credits ?? []).toEqual([]);
  });
});
