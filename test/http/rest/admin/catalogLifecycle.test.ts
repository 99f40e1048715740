import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import { call, get } from '../tenant/calls.ts';
import { openWorld, type World } from '../tenant/world.ts';

/**
 * Changing the catalog under tenants, over HTTP: a service offering's update shows in its reads and
 * its domain restriction decides who may see and deploy with it; a deleted disk offering is gone from
 * the catalog and makes no new volume, while the volumes made from it keep their size.
 */

let w: World;
beforeAll(async () => {
  w = await openWorld(restRoutes);
}, 120_000);
afterAll(() => w?.server.close());

const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

describe('updating a service offering (PATCH /v1/service-offerings/:id)', () => {
  it('answers the offering changed, and GET and the list by name show it', async () => {
    const offering = await call(w, 201, 'POST', '/v1/service-offerings', {
      name: 'web',
      sizing: { kind: 'fixed', cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 2048 },
    });
    const path = `/v1/service-offerings/${offering.id}`;
    const change = { name: 'web-v2', displayText: 'Web tier', hostTags: ['ssd'] };
    expect(await call(w, 200, 'PATCH', path, change)).toMatchObject({
      ...change,
      cpuNumber: 2,
      memoryMib: 2048,
    });
    expect(await get(w, path)).toMatchObject(change);
    expect(ids(await get(w, '/v1/service-offerings?name=web-v2'))).toEqual([offering.id]);
    expect((await get(w, '/v1/service-offerings?name=web')).total).toBe(0);
  });

  it('restricted to another domain, it is hidden from and refused to the tenants outside it', async () => {
    const offering = await call(w, 201, 'POST', '/v1/service-offerings', {
      name: 'restricted',
      sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 },
    });
    const path = `/v1/service-offerings/${offering.id}`;
    expect((await get(w, path, w.alice.keys)).id).toBe(offering.id);

    expect(await call(w, 200, 'PATCH', path, { domainIds: [w.otherId] })).toMatchObject({
      domainIds: [w.otherId],
    });
    const hidden = await w.server.signed('GET', path, undefined, w.alice.keys);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'SERVICE_OFFERING_NOT_FOUND']);
    expect(ids(await get(w, '/v1/service-offerings?pageSize=1000', w.alice.keys))).not.toContain(offering.id);
    expect((await get(w, path, w.carol.keys)).id).toBe(offering.id);
    const deploy = { zoneId: w.zoneId, serviceOfferingId: offering.id, templateId: w.templateId };
    const refused = await w.server.signed('POST', '/v1/vms', deploy, w.alice.keys);
    expect([refused.status, refused.body.code]).toEqual([404, 'SERVICE_OFFERING_NOT_FOUND']);
    expect((await w.server.signed('POST', '/v1/vms', deploy, w.carol.keys)).status).toBe(202);
  });
});

describe('deleting a disk offering (DELETE /v1/disk-offerings/:id)', () => {
  it('answers 204; the offering leaves the catalog and makes no new volume; older volumes keep their size', async () => {
    const offering = await call(w, 201, 'POST', '/v1/disk-offerings', {
      name: 'disk-temp',
      sizing: { kind: 'fixed', sizeGiB: 3 },
    });
    const path = `/v1/disk-offerings/${offering.id}`;
    const volumeBody = { zoneId: w.zoneId, diskOfferingId: offering.id };
    const before = await call(w, 201, 'POST', '/v1/volumes', { name: 'before', ...volumeBody }, w.alice.keys);

    expect(await call(w, 204, 'DELETE', path)).toBe('');
    expect((await get(w, path)).removedAt).not.toBeNull();
    for (const keys of [undefined, w.alice.keys])
      expect(ids(await get(w, '/v1/disk-offerings?pageSize=1000', keys))).not.toContain(offering.id);
    const refused = await w.server.signed(
      'POST',
      '/v1/volumes',
      { name: 'after', ...volumeBody },
      w.alice.keys,
    );
    expect([refused.status, refused.body.code]).toEqual([404, 'DISK_OFFERING_REMOVED']);
    expect(await get(w, `/v1/volumes/${before.id}`, w.alice.keys)).toMatchObject({
      diskOfferingId: offering.id,
      sizeBytes: 3 * 1024 ** 3,
    });
    expect((await w.server.signed('DELETE', path)).status).toBe(404);
  });
});
