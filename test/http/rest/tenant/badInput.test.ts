import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorld, signedUrl, type World } from './world.ts';

/** Bad input on the tenant endpoints: a clear 4xx with a stable code, and nothing recorded. */

let w: World;
beforeAll(async () => {
  w = await openWorld();
}, 120_000);
afterAll(() => w?.server.close());

const head = () => w.server.app.store.headPosition();
const deploy = () => ({ zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId: w.templateId });
const vmId = '0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1';

describe('bad input changes nothing', () => {
  it('refuses wrong types with each field path', async () => {
    const before = await head();
    const res = await w.server.signed(
      'POST',
      '/v1/vms',
      { ...deploy(), startVm: 'yes', rootDiskSizeBytes: -1 },
      w.alice.keys,
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.rootDiskSizeBytes',
      'body.startVm',
    ]);
    const volume = await w.server.signed('POST', '/v1/volumes', { name: 7 }, w.alice.keys);
    expect(volume.body.errors[0]).toMatchObject({ path: 'body.name' });
    const list = await w.server.signed('GET', '/v1/vms?pageSize=0', undefined, w.alice.keys);
    expect(list.body.errors[0]).toMatchObject({ path: 'query.pageSize' });
    expect((await w.server.signed('GET', '/v1/vms?state=Sleeping', undefined, w.alice.keys)).status).toBe(
      400,
    );
    expect(
      (await w.server.signed('GET', `/v1/vms/${vmId}/history?asOf=yesterday`, undefined, w.alice.keys))
        .status,
    ).toBe(400);
    expect(await head()).toBe(before);
  });

  it('refuses unknown fields in bodies and queries', async () => {
    const before = await head();
    const res = await w.server.signed('POST', '/v1/vms', { ...deploy(), colour: 'red' }, w.alice.keys);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].reason).toMatch(/unknown field.*colour/);
    const nested = await w.server.signed(
      'POST',
      '/v1/vms',
      { ...deploy(), size: { cpuNumber: 1, turbo: true } },
      w.alice.keys,
    );
    expect(nested.body.errors[0]).toMatchObject({ path: 'body.size' });
    expect(
      (await w.server.signed('POST', `/v1/vms/${vmId}/stop`, { force: true }, w.alice.keys)).status,
    ).toBe(400);
    expect((await w.server.signed('GET', '/v1/volumes?owner=me', undefined, w.alice.keys)).status).toBe(400);
    expect((await w.server.signed('GET', '/v1/vms?sortBy=colour', undefined, w.alice.keys)).body.code).toBe(
      'SORT_UNSUPPORTED',
    );
    expect((await w.server.signed('GET', '/v1/vms?cursor=garbage', undefined, w.alice.keys)).body.code).toBe(
      'CURSOR_INVALID',
    );
    expect(await head()).toBe(before);
  });

  it('refuses malformed ids in paths and bodies', async () => {
    const before = await head();
    for (const path of [
      '/v1/vms/not-a-uuid',
      '/v1/volumes/1',
      '/v1/snapshots/abc',
      '/v1/jobs/x',
      '/v1/vms/1/metrics',
    ]) {
      const res = await w.server.signed('GET', path, undefined, w.alice.keys);
      expect(res.status, path).toBe(400);
      expect(res.body.errors[0].path).toBe('path.id');
    }
    const start = await w.server.signed('POST', '/v1/vms/123/start', {}, w.alice.keys);
    expect(start.body.errors[0].path).toBe('path.id');
    const attach = await w.server.signed(
      'POST',
      `/v1/volumes/${vmId}/attach`,
      { vmId: 'nope' },
      w.alice.keys,
    );
    expect(attach.body.errors[0].path).toBe('body.vmId');
    expect(
      (await w.server.signed('DELETE', `/v1/vms/${vmId}?volumeIds=a,b`, undefined, w.alice.keys)).status,
    ).toBe(400);
    expect(await head()).toBe(before);
  });

  it('refuses oversized and malformed bodies', async () => {
    const before = await head();
    const big = await w.server.signed(
      'POST',
      '/v1/vms',
      { ...deploy(), displayName: 'x'.repeat(300_000) },
      w.alice.keys,
    );
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('BODY_TOO_LARGE');
    const long = await w.server.signed(
      'POST',
      '/v1/vms',
      { ...deploy(), displayName: 'x'.repeat(300) },
      w.alice.keys,
    );
    expect(long.body.errors[0].path).toBe('body.displayName');
    const malformed = await fetch(signedUrl(w, 'POST', '/v1/vms', w.alice.keys), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"zoneId":',
    });
    expect(malformed.status).toBe(400);
    expect(await head()).toBe(before);
  });

  it('answers 401 without credentials, with a bad signature, a wrong secret or a tampered body', async () => {
    const before = await head();
    const anonymous = await fetch(`${w.server.base}/v1/vms`);
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${w.server.base}/v1/vms`, { method: 'POST', body: '{}' })).status).toBe(401);
    const wrongSecret = await w.server.signed('POST', '/v1/vms', deploy(), {
      apiKey: w.alice.keys.apiKey,
      secretKey: 'nope',
    });
    expect(wrongSecret.status).toBe(401);
    const url = new URL(signedUrl(w, 'GET', '/v1/vms', w.alice.keys));
    url.searchParams.set('signature', 'AAAA');
    expect((await fetch(url)).status).toBe(401);
    const otherPath = signedUrl(w, 'GET', '/v1/volumes', w.alice.keys).replace('/v1/volumes', '/v1/vms');
    expect((await fetch(otherPath)).status).toBe(401);
    const signedForEmpty = signedUrl(w, 'POST', '/v1/vms', w.alice.keys);
    const tampered = await fetch(signedForEmpty, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deploy()),
    });
    expect(tampered.status).toBe(401);
    const exported = await fetch(`${w.server.base}/v1/audit/export`);
    expect(exported.status).toBe(401);
    expect(await head()).toBe(before);
  });

  it('answers 404 for operations on a VM that does not exist, and 409 for a refused state', async () => {
    const before = await head();
    const missing = await w.server.signed('POST', `/v1/vms/${vmId}/start`, {}, w.alice.keys);
    expect(missing).toMatchObject({ status: 404, body: { code: 'VM_NOT_FOUND' } });
    const noImage = await w.server.signed(
      'POST',
      '/v1/vms',
      { zoneId: w.zoneId, serviceOfferingId: w.offeringId },
      w.alice.keys,
    );
    expect(noImage).toMatchObject({ status: 400, body: { code: 'VM_IMAGE_REQUIRED' } });
    expect(await head()).toBe(before);
  });
});
