import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorld, type World } from './world.ts';

/**
 * Bad input on the tenant endpoints that the generated suite (test/http/rest/badInput) doesn't
 * derive from the schemas: out-of-range values, bad query values, nested unknown fields, malformed
 * ids inside bodies and lists, refused sorts and cursors, and the semantic 404/409s. Each gets a
 * clear 4xx with a stable code, and nothing is recorded.
 */

let w: World;
beforeAll(async () => {
  w = await openWorld();
}, 120_000);
afterAll(() => w?.server.close());

const head = () => w.server.app.store.headPosition();
const deploy = () => ({ zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId: w.templateId });
const vmId = '0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1';
const as = (method: string, path: string, body?: unknown) =>
  w.server.signed(method, path, body, w.alice.keys);
const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);

describe('bad input changes nothing', () => {
  it('refuses values out of range and bad query values, with each field path', async () => {
    const before = await head();
    const deployed = await as('POST', '/v1/vms', { ...deploy(), rootDiskSizeBytes: -1 });
    expect(deployed.status).toBe(400);
    expect(paths(deployed)).toEqual(['body.rootDiskSizeBytes']);
    const long = await as('POST', '/v1/vms', { ...deploy(), displayName: 'x'.repeat(300) });
    expect(paths(long)).toEqual(['body.displayName']);
    for (const [path, field] of [
      ['/v1/vms?pageSize=0', 'query.pageSize'],
      ['/v1/vms?state=Sleeping', 'query.state'],
      [`/v1/vms/${vmId}/history?asOf=yesterday`, 'query.asOf'],
    ] as const) {
      const res = await as('GET', path);
      expect(res.status, path).toBe(400);
      expect(paths(res), path).toEqual([field]);
    }
    expect(await head()).toBe(before);
  });

  it('refuses unknown nested fields, malformed ids inside bodies and lists, and unknown sorts and cursors', async () => {
    const before = await head();
    const nested = await as('POST', '/v1/vms', { ...deploy(), size: { cpuNumber: 1, turbo: true } });
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0]).toMatchObject({
      path: 'body.size',
      reason: expect.stringMatching(/turbo/),
    });
    const attach = await as('POST', `/v1/volumes/${vmId}/attach`, { vmId: 'nope' });
    expect(paths(attach)).toEqual(['body.vmId']);
    const destroy = await as('DELETE', `/v1/vms/${vmId}?volumeIds=a,b`);
    expect(destroy.status).toBe(400);
    expect(paths(destroy)[0]).toMatch(/^query\.volumeIds/);
    expect((await as('GET', '/v1/vms?sortBy=colour')).body.code).toBe('SORT_UNSUPPORTED');
    expect((await as('GET', '/v1/vms?cursor=garbage')).body.code).toBe('CURSOR_INVALID');
    expect(await head()).toBe(before);
  });

  it('answers 404 for operations on a VM that does not exist, and 400 for a deploy without an image', async () => {
    const before = await head();
    const missing = await as('POST', `/v1/vms/${vmId}/start`, {});
    expect(missing).toMatchObject({ status: 404, body: { code: 'VM_NOT_FOUND' } });
    const noImage = await as('POST', '/v1/vms', { zoneId: w.zoneId, serviceOfferingId: w.offeringId });
    expect(noImage).toMatchObject({ status: 400, body: { code: 'VM_IMAGE_REQUIRED' } });
    expect(await head()).toBe(before);
  });
});
