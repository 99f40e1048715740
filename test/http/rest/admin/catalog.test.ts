import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../support/server.ts';
import { buildInfrastructure, expectStatus, startAdminServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startAdminServer();
}, 60_000);
afterAll(() => server?.close());

const login = (username: string, password: string, domain?: string) =>
  fetch(`${server.base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(domain && { domain }) }),
  });

describe('login, logout and sessions', () => {
  it('logs in, uses the token, logs out, and the token is dead', async () => {
    const res = await login(server.admin.username, server.admin.password);
    expect(res.status).toBe(200);
    const { token, expiresAt, user } = (await res.json()) as {
      token: string;
      expiresAt: string;
      user: { roleType: string };
    };
    expect(user.roleType).toBe('Admin');
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const auth = { authorization: `Bearer ${token}` };
    const me = await fetch(`${server.base}/v1/auth/me`, { headers: auth });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');
    expect((await fetch(`${server.base}/v1/auth/logout`, { method: 'POST', headers: auth })).status).toBe(
      204,
    );
    expect((await fetch(`${server.base}/v1/auth/me`, { headers: auth })).status).toBe(401);
  });

  it('answers the same 401 for an unknown user and a wrong password', async () => {
    const unknown = await login('nobody', 'x');
    const wrong = await login(server.admin.username, 'wrong password');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(((await unknown.json()) as { detail: string }).detail).toBe(
      ((await wrong.json()) as { detail: string }).detail,
    );
  });

  it('refuses an expired session', async () => {
    const { token } = (await (await login(server.admin.username, server.admin.password)).json()) as {
      token: string;
    };
    await server.db.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    expect(
      (await fetch(`${server.base}/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  it('refuses a login body with unknown fields (400)', async () => {
    const res = await fetch(`${server.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'a', password: 'b', remember: true }),
    });
    expect(res.status).toBe(400);
  });
});

describe('offerings, templates and capacity over REST', () => {
  it('creates offerings and registers a template that downloads', async () => {
    const { zone, hosts } = await buildInfrastructure(server, 'cat');
    const so = await expectStatus(server, 201, 'POST', '/v1/service-offerings', {
      name: 'small',
      sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
    });
    expect(so).toMatchObject({ name: 'small', cpuNumber: 1, memoryMib: 1024 });
    const disk = await expectStatus(server, 201, 'POST', '/v1/disk-offerings', {
      name: 'd10',
      sizing: { kind: 'fixed', sizeGiB: 10 },
    });
    expect(disk).toMatchObject({ name: 'd10', sizeGib: 10 });
    const renamed = await expectStatus(server, 200, 'PATCH', `/v1/disk-offerings/${disk.id}`, {
      name: 'd10b',
    });
    expect(renamed.name).toBe('d10b');
    const tpl = await expectStatus(server, 202, 'POST', '/v1/templates', {
      name: 'tiny-linux',
      url: 'http://example.com/tiny.qcow2',
      zoneIds: [zone.id],
      format: 'QCOW2',
      hypervisor: 'Simulator',
      osType: 'Linux',
      isPublic: true,
    });
    expect(tpl.jobUrl).toBe(`/v1/jobs/${tpl.jobId}`);
    const image = await expectStatus(server, 200, 'GET', `/v1/images/${tpl.id}`);
    expect(image).toMatchObject({ name: 'tiny-linux', kind: 'TEMPLATE' });
    const capacity = await expectStatus(server, 200, 'GET', `/v1/capacity?zoneId=${zone.id}`);
    expect(capacity.hosts.map((h: { hostId: string }) => h.hostId).sort()).toEqual(
      hosts.map((h: { id: string }) => h.id).sort(),
    );
    expect(capacity.clusters[0]).toMatchObject({ hosts: 2, cpuTotalMhz: 2 * 16 * 2000 });
    await expectStatus(server, 204, 'DELETE', `/v1/service-offerings/${so.id}`);
  });

  it('refuses bad offering input with the path, and nothing is created', async () => {
    const before = (await expectStatus(server, 200, 'GET', '/v1/service-offerings?includeRemoved=true'))
      .total;
    const res = await server.signed('POST', '/v1/service-offerings', {
      name: 'bad',
      sizing: { kind: 'fixed', cpuNumber: 'one', cpuSpeedMhz: 1000, memoryMiB: 1024 },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.sizing.cpuNumber');
    expect((await expectStatus(server, 200, 'GET', '/v1/service-offerings?includeRemoved=true')).total).toBe(
      before,
    );
  });

  it('serves the hypervisor capability matrix', async () => {
    const matrix = await expectStatus(server, 200, 'GET', '/v1/hypervisors/capabilities');
    expect(Object.keys(matrix)).toEqual(expect.arrayContaining(['KVM', 'VMware', 'Simulator']));
  });
});
