import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantRoutes } from '../../../../src/adapters/http/rest/tenant/index.ts';
import { usageRoutes } from '../../../../src/adapters/http/rest/usage.ts';
import { jobDone, openWorld, type World } from '../tenant/world.ts';

let w: World;
let vmId: string;
const from = '2020-01-01T00:00:00Z';
const to = '2099-01-01T00:00:00Z';

beforeAll(async () => {
  w = await openWorld((context) => [...tenantRoutes(context), ...usageRoutes(context)]);
  const deployed = await w.server.signed(
    'POST',
    '/v1/vms',
    { zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId: w.templateId, name: 'metered' },
    w.alice.keys,
  );
  vmId = deployed.body.id;
  await jobDone(w, deployed.body.jobId, w.alice.keys);
  await w.server.settle(await w.server.app.store.headPosition());
}, 120_000);
afterAll(() => w?.server.close());

const usageOf = (keys = w.alice.keys, extra = '') =>
  w.server.signed('GET', `/v1/usage/records?from=${from}&to=${to}${extra}`, undefined, keys);

describe('usage over REST', () => {
  it("meters a tenant's running VM: RUNNING_VM and ALLOCATED_VM records for its account", async () => {
    const { status, body } = await usageOf();
    expect(status).toBe(200);
    const types = new Set(
      body.records
        .filter((r: { usageId: string }) => r.usageId === vmId)
        .map((r: { usageType: number }) => r.usageType),
    );
    expect([...types].sort()).toEqual([1, 2]);
  });

  it('shows another account nothing of it', async () => {
    const { body } = await usageOf(w.bob.keys);
    expect(body.records.filter((r: { usageId: string }) => r.usageId === vmId)).toEqual([]);
    const asked = await usageOf(w.bob.keys, `&accountId=${w.alice.accountId}`);
    expect(asked.body.count).toBe(0);
  });

  it('lets the root admin manage tariffs and refuses a user', async () => {
    const tariff = { name: 'vm-hour', quotaType: 1, currency: 'EUR', value: 0.05 };
    expect((await w.server.signed('POST', '/v1/usage/tariffs', tariff, w.alice.keys)).status).toBe(403);
    const created = await w.server.signed('POST', '/v1/usage/tariffs', tariff);
    expect(created.status).toBe(201);
    await w.server.settle(created.headers.get('x-position'));
    const { body } = await w.server.signed('GET', '/v1/usage/tariffs?quotaType=1');
    expect(body.items.map((t: { name: string }) => t.name)).toContain('vm-hour');
  });

  it("gives a statement for the tenant's account and 404 for an account out of scope", async () => {
    const mine = await w.server.signed(
      'GET',
      `/v1/usage/statements/${w.alice.accountId}?month=2026-11`,
      undefined,
      w.alice.keys,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.accountId).toBe(w.alice.accountId);
    const theirs = await w.server.signed(
      'GET',
      `/v1/usage/statements/${w.alice.accountId}?month=2026-11`,
      undefined,
      w.bob.keys,
    );
    expect(theirs.status).toBe(404);
  });

  it('refuses a malformed period with the field path', async () => {
    const { status, body } = await w.server.signed(
      'GET',
      '/v1/usage/records?from=yesterday&to=2099-01-01T00:00:00Z',
      undefined,
      w.alice.keys,
    );
    expect(status).toBe(400);
    expect(body.errors[0].path).toBe('query.from');
  });

  it('exports usage as CSV', async () => {
    const res = await w.server.signed(
      'GET',
      `/v1/usage/export?from=${from}&to=${to}&format=csv`,
      undefined,
      w.alice.keys,
    );
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain(vmId);
  });
});
