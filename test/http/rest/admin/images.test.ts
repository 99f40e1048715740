import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { jobDone, type Keys, openWorld, type World } from '../tenant/world.ts';
import { buildInfrastructure, expectStatus } from './support.ts';

/**
 * The image and domain routes no other test drives, over HTTP: ISO registration, image update,
 * permissions (who sees what in GET /v1/images), copy to another zone, deletion per zone and
 * whole, and deleting a tenant domain (refused while it has accounts, done once empty).
 */

let w: World;
let zoneId: string;
let zone2Id: string;
beforeAll(async () => {
  w = await openWorld(restRoutes);
  zoneId = w.zoneId;
  zone2Id = (await buildInfrastructure(w.server, 'z2')).zone.id;
}, 120_000);
afterAll(() => w?.server.close());

const as = (keys: Keys | undefined, status: number, method: string, path: string, body?: unknown) =>
  expectStatus(w.server, status, method, path, body, keys);
const admin = (status: number, method: string, path: string, body?: unknown) =>
  as(undefined, status, method, path, body);

/** Waits for an accepted job, then for every read model to apply what it recorded. */
const ran = async (accepted: { jobId: string }, keys?: Keys): Promise<Json> => {
  const job = await jobDone(w, accepted.jobId, keys);
  await w.server.settle(await w.server.app.store.headPosition());
  return job;
};

const imageIds = async (keys: Keys | undefined, query = ''): Promise<string[]> =>
  (await as(keys, 200, 'GET', `/v1/images?pageSize=1000${query}`)).items.map((i: { id: string }) => i.id);

const eventTypes = async (resourceId: string): Promise<string[]> =>
  (await admin(200, 'GET', '/v1/events?pageSize=1000')).items
    .filter((e: { resourceId?: string }) => e.resourceId === resourceId)
    .map((e: { eventType: string }) => e.eventType);

const registerTemplate = (keys: Keys | undefined, name: string) =>
  as(keys, 202, 'POST', '/v1/templates', {
    name,
    url: `http://images.example.com/${name}.qcow2`,
    zoneIds: [zoneId],
    format: 'QCOW2',
    hypervisor: 'Simulator',
    osType: 'Linux',
  });

describe('ISOs and image updates', () => {
  it('registers an ISO that downloads to its zone, lists it as an ISO, and updates it', async () => {
    const registered = await admin(202, 'POST', '/v1/isos', {
      name: 'rescue',
      url: 'http://images.example.com/rescue.iso',
      zoneIds: [zoneId],
      osType: 'Linux',
    });
    expect(registered).toMatchObject({ id: expect.any(String), jobUrl: `/v1/jobs/${registered.jobId}` });
    expect(await ran(registered)).toMatchObject({ state: 'succeeded' });
    const iso = await admin(200, 'GET', `/v1/images/${registered.id}`);
    expect(iso).toMatchObject({ kind: 'ISO', name: 'rescue', bootable: true, readyZoneIds: [zoneId] });
    expect(await imageIds(undefined, '&type=ISO')).toEqual([registered.id]);
    expect(await imageIds(undefined, '&type=TEMPLATE')).not.toContain(registered.id);

    const updated = await admin(200, 'PATCH', `/v1/images/${registered.id}`, {
      kind: 'ISO',
      name: 'rescue-2',
      bootable: false,
    });
    expect(updated).toMatchObject({ name: 'rescue-2', bootable: false });
    expect(await admin(200, 'GET', `/v1/images/${registered.id}`)).toMatchObject({ name: 'rescue-2' });
    expect(await eventTypes(registered.id)).toEqual(
      expect.arrayContaining(['ImageCreated', 'ImageZoneDownloaded', 'ImageUpdated']),
    );
  });

  it('refuses an update addressed to the wrong kind or a field of the other kind, and changes nothing', async () => {
    const iso = await admin(202, 'POST', '/v1/isos', {
      name: 'tools',
      url: 'http://images.example.com/tools.iso',
      zoneIds: [zoneId],
      bootable: false,
    });
    await ran(iso);
    const wrongKind = await w.server.signed('PATCH', `/v1/images/${iso.id}`, { kind: 'TEMPLATE', name: 'x' });
    expect(wrongKind).toMatchObject({ status: 400, body: { code: 'IMAGE_KIND_MISMATCH' } });
    const notForIsos = await w.server.signed('PATCH', `/v1/images/${iso.id}`, {
      kind: 'ISO',
      passwordEnabled: true,
    });
    expect(notForIsos).toMatchObject({ status: 400, body: { code: 'IMAGE_FIELD_NOT_APPLICABLE' } });
    expect(await admin(200, 'GET', `/v1/images/${iso.id}`)).toMatchObject({
      name: 'tools',
      passwordEnabled: false,
    });
  });
});

describe('image permissions', () => {
  it("makes a user's template public: another account sees it in GET /v1/images, the owner's private one stays hidden", async () => {
    const shared = await registerTemplate(w.alice.keys, 'alice-shared');
    const kept = await registerTemplate(w.alice.keys, 'alice-kept');
    await ran(shared, w.alice.keys);
    await ran(kept, w.alice.keys);
    for (const other of [w.bob, w.carol]) {
      expect(await imageIds(other.keys)).not.toContain(shared.id);
      await as(other.keys, 404, 'GET', `/v1/images/${shared.id}`);
    }

    const changed = await as(w.alice.keys, 200, 'PUT', `/v1/images/${shared.id}/permissions`, {
      kind: 'TEMPLATE',
      isPublic: true,
    });
    expect(changed).toMatchObject({ id: shared.id, isPublic: true, isFeatured: false });
    for (const other of [w.bob, w.carol]) {
      const seen = await imageIds(other.keys);
      expect(seen).toContain(shared.id);
      expect(seen).not.toContain(kept.id);
      await as(other.keys, 200, 'GET', `/v1/images/${shared.id}`);
    }
    expect(await eventTypes(shared.id)).toContain('ImagePermissionsUpdated');
  });

  it('lets only admins feature an image, and only the owner change it', async () => {
    const mine = await registerTemplate(w.alice.keys, 'alice-featured');
    await ran(mine, w.alice.keys);
    const featured = await w.server.signed(
      'PUT',
      `/v1/images/${mine.id}/permissions`,
      { kind: 'TEMPLATE', isFeatured: true },
      w.alice.keys,
    );
    expect(featured.status).toBe(403);
    const byBob = await w.server.signed(
      'PUT',
      `/v1/images/${mine.id}/permissions`,
      { kind: 'TEMPLATE', isPublic: true },
      w.bob.keys,
    );
    expect(byBob).toMatchObject({ status: 404, body: { code: 'IMAGE_NOT_FOUND' } });
    expect(await admin(200, 'GET', `/v1/images/${mine.id}`)).toMatchObject({
      isPublic: false,
      isFeatured: false,
    });
    expect(
      await admin(200, 'PUT', `/v1/images/${mine.id}/permissions`, { kind: 'TEMPLATE', isFeatured: true }),
    ).toMatchObject({ isFeatured: true });
    expect(await imageIds(w.carol.keys)).toContain(mine.id);
  });
});

describe('copying and deleting images', () => {
  it('copies a template to another zone, deletes that copy, then the whole template', async () => {
    const template = await registerTemplate(undefined, 'copied');
    await ran(template);
    expect(await imageIds(undefined, `&zoneId=${zone2Id}`)).not.toContain(template.id);

    const copy = await admin(202, 'POST', `/v1/images/${template.id}/copy`, {
      kind: 'TEMPLATE',
      sourceZoneId: zoneId,
      destinationZoneIds: [zone2Id],
    });
    expect(copy).toMatchObject({ id: template.id, jobUrl: `/v1/jobs/${copy.jobId}` });
    expect(await ran(copy)).toMatchObject({ state: 'succeeded' });
    const copied = await admin(200, 'GET', `/v1/images/${template.id}`);
    expect([...copied.readyZoneIds].sort()).toEqual([zoneId, zone2Id].sort());
    expect(await imageIds(undefined, `&zoneId=${zone2Id}`)).toContain(template.id);

    const dropCopy = await admin(202, 'DELETE', `/v1/images/${template.id}?kind=TEMPLATE&zoneId=${zone2Id}`);
    expect(await ran(dropCopy)).toMatchObject({ state: 'succeeded' });
    expect(await admin(200, 'GET', `/v1/images/${template.id}`)).toMatchObject({
      state: 'Active',
      zoneIds: [zoneId],
    });
    expect(await imageIds(undefined, `&zoneId=${zone2Id}`)).not.toContain(template.id);

    const dropAll = await admin(202, 'DELETE', `/v1/images/${template.id}?kind=TEMPLATE`);
    expect(await ran(dropAll)).toMatchObject({ state: 'succeeded' });
    expect(await imageIds(undefined)).not.toContain(template.id);
    expect(await eventTypes(template.id)).toEqual(
      expect.arrayContaining(['ImageZoneCopyRequested', 'ImageZoneCopyDeleted', 'ImageDeleted']),
    );
  });

  it('refuses at once a copy to a zone that does not exist, and a copy or delete addressed to the wrong kind', async () => {
    const before = await w.server.app.store.headPosition();
    const refusals = [
      [
        'POST',
        `/v1/images/${w.templateId}/copy`,
        {
          kind: 'TEMPLATE',
          sourceZoneId: zoneId,
          destinationZoneIds: ['0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1'],
        },
        404,
        'ZONE_NOT_FOUND',
      ],
      [
        'POST',
        `/v1/images/${w.templateId}/copy`,
        { kind: 'ISO', sourceZoneId: zoneId, destinationZoneIds: [zone2Id] },
        400,
        'IMAGE_KIND_MISMATCH',
      ],
      ['DELETE', `/v1/images/${w.templateId}?kind=ISO`, undefined, 400, 'IMAGE_KIND_MISMATCH'],
    ] as const;
    for (const [method, path, body, status, code] of refusals)
      expect(await w.server.signed(method, path, body), `${method} ${path}`).toMatchObject({
        status,
        body: { code },
      });
    expect(await w.server.app.store.headPosition()).toBe(before);
    expect(await admin(200, 'GET', `/v1/images/${w.templateId}`)).toMatchObject({
      state: 'Active',
      zoneIds: [zoneId],
    });
  });
});

describe('deleting a tenant domain', () => {
  it('is refused while the domain has an account, and done once it is empty', async () => {
    const domain = await admin(201, 'POST', '/v1/domains', { name: 'short-lived' });
    const account = await admin(201, 'POST', '/v1/accounts', {
      username: 'temp',
      firstname: 'Temp',
      lastname: 'User',
      email: 'temp@example.com',
      password: 'temp-password-1',
      tenantDomainId: domain.id,
    });

    const refused = await admin(202, 'DELETE', `/v1/domains/${domain.id}`);
    expect(await ran(refused)).toMatchObject({
      state: 'failed',
      errorText: expect.stringMatching(/still has 0 child domain\(s\) and 1 account\(s\)/),
    });
    expect(await admin(200, 'GET', `/v1/domains/${domain.id}`)).toMatchObject({ removedAt: null });

    await ran(await admin(202, 'DELETE', `/v1/accounts/${account.id}`));
    const done = await admin(202, 'DELETE', `/v1/domains/${domain.id}`);
    expect(await ran(done)).toMatchObject({ state: 'succeeded' });
    expect((await admin(200, 'GET', '/v1/domains?name=short-lived')).total).toBe(0);
    expect(await eventTypes(domain.id)).toContain('TenantDomainDeleted');
  });
});
