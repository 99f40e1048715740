import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDone, type Keys, openWorld, signedUrl, type World } from './world.ts';

/**
 * Every tenant endpoint × role × whose resource: alice's VM, volume and job are seen and acted on by
 * alice, the domain admin of acme and the root admin; bob (another account of acme) and carol
 * (another domain) get the same 404 as for an id that never existed, and change nothing.
 */

let w: World;
let vmId: string;
let volumeId: string;
let jobId: string;
const absent = '0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1';

beforeAll(async () => {
  w = await openWorld();
  const deployed = await w.server.signed(
    'POST',
    '/v1/vms',
    { zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId: w.templateId, name: 'alice-vm' },
    w.alice.keys,
  );
  vmId = deployed.body.id;
  jobId = deployed.body.jobId;
  await jobDone(w, jobId, w.alice.keys);
  const volume = await w.server.signed(
    'POST',
    '/v1/volumes',
    { name: 'alice-data', zoneId: w.zoneId, diskOfferingId: w.diskOfferingId },
    w.alice.keys,
  );
  volumeId = volume.body.id;
  await w.server.settle(volume.headers.get('x-position'));
}, 120_000);
afterAll(() => w?.server.close());

type Who = 'alice' | 'acmeAdmin' | 'root' | 'bob' | 'carol';
const keysOf = (who: Who): Keys => (who === 'root' ? w.server.admin : w[who].keys);
const allowed: Who[] = ['alice', 'acmeAdmin', 'root'];
const denied: Who[] = ['bob', 'carol'];

/** The 404 answer for `path` with the resource id replaced by one that never existed. */
const absentAnswer = async (method: string, path: string, id: string, body?: unknown) => {
  const res = await w.server.signed(method, path.replace(id, absent), body, w.server.admin);
  return { status: res.status, code: res.body.code, detail: String(res.body.detail).replace(absent, '<id>') };
};

const reads = (): [string, string][] => [
  [`/v1/vms/${vmId}`, vmId],
  [`/v1/vms/${vmId}/metrics`, vmId],
  [`/v1/vms/${vmId}/history`, vmId],
  [`/v1/volumes/${volumeId}`, volumeId],
  [`/v1/jobs/${jobId}`, jobId],
];

describe('reads of one resource', () => {
  for (const who of allowed)
    it(`${who} reads alice's VM, its metrics and history, her volume and job`, async () => {
      for (const [path] of reads()) {
        const res = await w.server.signed('GET', path, undefined, keysOf(who));
        expect(res.status, path).toBe(200);
      }
    });
  for (const who of denied)
    it(`${who} gets the same 404 as for an id that never existed`, async () => {
      for (const [path, id] of reads()) {
        const res = await w.server.signed('GET', path, undefined, keysOf(who));
        const expected = await absentAnswer('GET', path, id);
        expect(res.status, path).toBe(404);
        expect({ code: res.body.code, detail: String(res.body.detail).replace(id, '<id>') }).toEqual({
          code: expected.code,
          detail: expected.detail,
        });
      }
    });
});

describe('lists and exports', () => {
  const idsOf = async (who: Who, path: string) =>
    (await w.server.signed('GET', path, undefined, keysOf(who))).body.items.map((i: { id: string }) => i.id);

  for (const who of allowed)
    it(`${who} lists alice's VM, volume, job and events`, async () => {
      expect(await idsOf(who, '/v1/vms')).toContain(vmId);
      expect(await idsOf(who, '/v1/volumes')).toContain(volumeId);
      expect(await idsOf(who, '/v1/jobs?pageSize=1000')).toContain(jobId);
      const events = (await w.server.signed('GET', '/v1/events?pageSize=1000', undefined, keysOf(who))).body
        .items;
      expect(events.some((e: { resourceId: string }) => e.resourceId === vmId)).toBe(true);
    });
  for (const who of denied)
    it(`${who} lists none of alice's resources, even when filtering by her account`, async () => {
      for (const path of [
        '/v1/vms',
        '/v1/volumes',
        '/v1/jobs',
        '/v1/snapshots',
        '/v1/events?pageSize=1000',
      ]) {
        const ids = await idsOf(who, path);
        expect(ids, path).not.toContain(vmId);
        expect(ids, path).not.toContain(volumeId);
        expect(ids, path).not.toContain(jobId);
      }
      const filtered = await w.server.signed(
        'GET',
        `/v1/vms?accountId=${w.alice.accountId}`,
        undefined,
        keysOf(who),
      );
      expect(filtered.body).toEqual({ items: [], total: 0, nextCursor: null });
      const events = (await w.server.signed('GET', '/v1/events?pageSize=1000', undefined, keysOf(who))).body
        .items;
      expect(events.some((e: { accountId: string }) => e.accountId === w.alice.accountId)).toBe(false);
    });
  it("carol's domain filter on acme lists nothing; the acme admin's on other lists nothing", async () => {
    expect(
      (await w.server.signed('GET', `/v1/vms?domainId=${w.acmeId}`, undefined, w.carol.keys)).body.total,
    ).toBe(0);
    expect(
      (await w.server.signed('GET', `/v1/vms?domainId=${w.otherId}`, undefined, w.acmeAdmin.keys)).body.total,
    ).toBe(0);
    expect(
      (await w.server.signed('GET', `/v1/vms?domainId=${w.acmeId}`, undefined, w.acmeAdmin.keys)).body.total,
    ).toBe(1);
  });
  it('only a root admin filters VMs by host', async () => {
    expect((await w.server.signed('GET', `/v1/vms?hostId=${absent}`, undefined, w.alice.keys)).status).toBe(
      403,
    );
    expect((await w.server.signed('GET', `/v1/vms?hostId=${absent}`)).status).toBe(200);
  });
  for (const who of [...allowed, ...denied])
    it(`the audit export of ${who} holds alice's VM events only when in scope`, async () => {
      const text = await (
        await fetch(signedUrl(w, 'GET', `/v1/audit/export?resourceId=${vmId}`, keysOf(who)))
      ).text();
      const lines = text.split('\n').filter(Boolean);
      if (allowed.includes(who)) expect(lines.length).toBeGreaterThan(0);
      else expect(lines).toEqual([]);
    });
});

describe('commands on another tenant’s resources', () => {
  const head = () => w.server.app.store.headPosition();

  for (const who of denied)
    it(`${who} can't reboot, stop, destroy, snapshot, detach or delete alice's resources: 404, nothing recorded`, async () => {
      const before = await head();
      const attempts: [string, string, string, unknown][] = [
        ['POST', `/v1/vms/${vmId}/reboot`, vmId, {}],
        ['POST', `/v1/vms/${vmId}/stop`, vmId, {}],
        ['DELETE', `/v1/vms/${vmId}`, vmId, undefined],
        ['PUT', `/v1/vms/${vmId}/offering`, vmId, { serviceOfferingId: w.bigOfferingId }],
        ['POST', `/v1/volumes/${volumeId}/snapshots`, volumeId, {}],
        ['POST', `/v1/volumes/${volumeId}/resize`, volumeId, { sizeGiB: 10 }],
        ['DELETE', `/v1/volumes/${volumeId}`, volumeId, undefined],
        [
          'POST',
          '/v1/snapshot-policies',
          volumeId,
          {
            volumeId,
            intervalType: 'DAILY',
            schedule: '30:2',
            timezone: 'UTC',
            maxSnaps: 2,
          },
        ],
      ];
      for (const [method, path, id, body] of attempts) {
        const res = await w.server.signed(method, path, body, keysOf(who));
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(String(res.body.detail)).toBe(`${id === vmId ? 'VM' : 'Volume'} ${id} does not exist`);
      }
      expect(await head()).toBe(before);
    });

  it("bob can't attach alice's volume to his VM, nor deploy into her account", async () => {
    const before = await head();
    const attach = await w.server.signed('POST', `/v1/volumes/${volumeId}/attach`, { vmId }, w.bob.keys);
    expect(attach.status).toBe(404);
    const deploy = await w.server.signed(
      'POST',
      '/v1/vms',
      {
        zoneId: w.zoneId,
        serviceOfferingId: w.offeringId,
        templateId: w.templateId,
        accountId: w.alice.accountId,
      },
      w.bob.keys,
    );
    expect(deploy.status).toBe(404);
    expect(deploy.body.code).toBe('ACCOUNT_NOT_FOUND');
    expect(await head()).toBe(before);
  });

  it('the acme domain admin acts on alice’s VM and the root admin on her volume', async () => {
    const reboot = await w.server.signed('POST', `/v1/vms/${vmId}/reboot`, {}, w.acmeAdmin.keys);
    expect(reboot.status).toBe(202);
    expect(await jobDone(w, reboot.body.jobId, w.alice.keys)).toMatchObject({ state: 'succeeded' });
    const resize = await w.server.signed('POST', `/v1/volumes/${volumeId}/resize`, { sizeGiB: 6 });
    expect(resize.status).toBe(202);
  });
});
