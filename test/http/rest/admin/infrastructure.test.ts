import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../support/server.ts';
import { buildInfrastructure, expectStatus, startAdminServer, zoneBody } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startAdminServer();
}, 60_000);
afterAll(() => server?.close());

const count = async (table: string) =>
  Number((await server.db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

describe('an admin building infrastructure over REST', () => {
  it('builds zone → pod → cluster → hosts → pool → image store and reads each back', async () => {
    const { zone, pod, cluster, hosts, pool, imageStore } = await buildInfrastructure(server, 'build');
    expect(zone).toMatchObject({ name: 'build', networkType: 'Advanced' });
    expect(pod).toMatchObject({ zoneId: zone.id, name: 'build-pod' });
    expect(cluster).toMatchObject({ podId: pod.id, zoneId: zone.id, hypervisor: 'Simulator' });
    expect(hosts.map((h: { status: string; clusterId: string }) => [h.status, h.clusterId])).toEqual([
      ['Up', cluster.id],
      ['Up', cluster.id],
    ]);
    expect(pool).toMatchObject({ clusterId: cluster.id, name: 'build-pool' });
    expect(imageStore).toMatchObject({ zoneId: zone.id, provider: 'NFS' });
    const got = await expectStatus(server, 200, 'GET', `/v1/zones/${zone.id}`);
    expect(got.allocationState).toBe('Enabled');
    const listed = await expectStatus(server, 200, 'GET', `/v1/hosts?clusterId=${cluster.id}`);
    expect(listed.total).toBe(2);
    expect(listed.items.map((h: { name: string }) => h.name).sort()).toEqual(['build-host1', 'build-host2']);
  });

  it('updates, disables and enables a cluster', async () => {
    const { cluster } = await buildInfrastructure(server, 'upd');
    const renamed = await expectStatus(server, 200, 'PATCH', `/v1/clusters/${cluster.id}`, {
      name: 'upd-renamed',
      cpuOverprovisioning: 2,
    });
    expect(renamed).toMatchObject({ name: 'upd-renamed' });
    const disabled = await expectStatus(server, 200, 'POST', `/v1/clusters/${cluster.id}/disable`);
    expect(disabled.allocationState).toBe('Disabled');
    const enabled = await expectStatus(server, 200, 'POST', `/v1/clusters/${cluster.id}/enable`);
    expect(enabled.allocationState).toBe('Enabled');
  });

  it('puts a host into maintenance with a job, cancels it, and deletes an empty zone', async () => {
    const { hosts } = await buildInfrastructure(server, 'mnt');
    const job = await expectStatus(server, 202, 'POST', `/v1/hosts/${hosts[0].id}/maintenance`);
    expect(job).toMatchObject({ id: hosts[0].id, jobUrl: `/v1/jobs/${job.jobId}` });
    await expect
      .poll(async () => (await expectStatus(server, 200, 'GET', `/v1/hosts/${hosts[0].id}`)).resourceState, {
        timeout: 10_000,
      })
      .toBe('Maintenance');
    await expectStatus(server, 202, 'DELETE', `/v1/hosts/${hosts[0].id}/maintenance`);
    await expect
      .poll(async () => (await expectStatus(server, 200, 'GET', `/v1/hosts/${hosts[0].id}`)).resourceState, {
        timeout: 10_000,
      })
      .toBe('Enabled');
    const zone = await expectStatus(server, 201, 'POST', '/v1/zones', zoneBody('empty'));
    await expectStatus(server, 204, 'DELETE', `/v1/zones/${zone.id}`);
    const list = await expectStatus(server, 200, 'GET', '/v1/zones?name=empty');
    expect(list.total).toBe(0);
  });

  it('refuses to delete a zone that still has pods (409) and keeps it', async () => {
    const { zone } = await buildInfrastructure(server, 'busy');
    const res = await server.signed('DELETE', `/v1/zones/${zone.id}`);
    expect(res.status).toBe(409);
    expect((await expectStatus(server, 200, 'GET', `/v1/zones/${zone.id}`)).removedAt).toBeNull();
  });
});

describe('bad input on infrastructure endpoints', () => {
  it('refuses wrong types with the field path, and records nothing', async () => {
    const before = await count('zones');
    const res = await server.signed('POST', '/v1/zones', { ...zoneBody('bad'), localStorageEnabled: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.localStorageEnabled' })]);
    expect(await count('zones')).toBe(before);
  });

  it('refuses unknown fields', async () => {
    const res = await server.signed('POST', '/v1/zones', { ...zoneBody('bad'), color: 'blue' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].reason).toContain('color');
  });

  it('refuses malformed ids in paths and bodies', async () => {
    const res = await server.signed('GET', '/v1/hosts/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('path.id');
    const pod = await server.signed('POST', '/v1/pods', {
      zoneId: '123',
      name: 'p',
      gateway: '1.1.1.1',
      netmask: '255.0.0.0',
      startIp: '1.1.1.2',
      endIp: '1.1.1.3',
    });
    expect(pod.status).toBe(400);
    expect(pod.body.errors[0].path).toBe('body.zoneId');
  });

  it('names the field a storage pool scope needs', async () => {
    const res = await server.signed('POST', '/v1/storage-pools', {
      scope: 'Zone',
      name: 'p',
      type: 'NFS',
      capacityBytes: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.hypervisor',
      'body.zoneId',
    ]);
  });

  it('answers 404 for an unknown host and 400 for an unknown list filter', async () => {
    expect((await server.signed('GET', '/v1/hosts/00000000-0000-4000-8000-00000000ffff')).status).toBe(404);
    expect((await server.signed('GET', '/v1/hosts?colour=red')).status).toBe(400);
  });

  it('answers 401 without credentials', async () => {
    const res = await fetch(`${server.base}/v1/zones`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});
