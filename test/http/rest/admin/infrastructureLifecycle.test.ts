import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { call, deployRunning, get } from '../tenant/calls.ts';
import { openWorld, type World } from '../tenant/world.ts';
import { buildInfrastructure } from './support.ts';

/**
 * What an operator does to the infrastructure once it is built, over HTTP as the root admin: update
 * zones, pods, hosts, storage pools and image stores; disable and enable them; delete pods,
 * clusters, pools and image stores, refused while they still hold something and allowed once empty.
 * Each answer is checked, then the state through GET.
 */

let w: World;
let infra: Awaited<ReturnType<typeof buildInfrastructure>>;
beforeAll(async () => {
  w = await openWorld(restRoutes);
  infra = await buildInfrastructure(w.server, 'ops');
}, 120_000);
afterAll(() => w?.server.close());

/** A refusal: the status and code, and the resource still there afterwards. */
const expectRefused = async (path: string, status: number, code: string) => {
  const res = await w.server.signed('DELETE', path);
  expect([res.status, res.body.code], path).toEqual([status, code]);
  expect((await get(w, path)).removedAt, path).toBeNull();
};

/** A deletion: 204, then the resource reads as removed and is gone from its list. */
const expectDeleted = async (collection: string, id: string, listFilter: string) => {
  expect(await call(w, 204, 'DELETE', `/v1/${collection}/${id}`)).toBe('');
  expect((await get(w, `/v1/${collection}/${id}`)).removedAt).not.toBeNull();
  const listed = await get(w, `/v1/${collection}?${listFilter}`);
  expect(listed.items.map((i: { id: string }) => i.id)).not.toContain(id);
};

describe('updating infrastructure (PATCH)', () => {
  const cases = () => [
    { path: `/v1/zones/${infra.zone.id}`, body: { name: 'ops-zone', dns2: '8.8.4.4' } },
    {
      path: `/v1/pods/${infra.pod.id}`,
      body: { name: 'ops-pod-b', startIp: '192.168.1.20', endIp: '192.168.1.220' },
    },
    { path: `/v1/hosts/${infra.hosts[0].id}`, body: { tags: ['gpu', 'ssd'] } }, // kept sorted
    {
      path: `/v1/storage-pools/${infra.pool.id}`,
      body: { name: 'ops-pool-b', capacityBytes: 2 * 1024 ** 4, tags: ['fast'] },
      derived: { totalBytes: 2 * 2 * 1024 ** 4 }, // capacity × the pool's over-provisioning (2)
    },
    { path: `/v1/image-stores/${infra.imageStore.id}`, body: { readOnly: true } },
  ];

  it('answers each resource with the change, and GET by id shows it', async () => {
    for (const { path, body, derived } of cases()) {
      const expected = { ...body, ...derived };
      expect(await call(w, 200, 'PATCH', path, body), path).toMatchObject(expected);
      expect(await get(w, path), path).toMatchObject({ ...expected, removedAt: null });
    }
    const byName = await get(w, `/v1/pods?name=ops-pod-b&zoneId=${infra.zone.id}`);
    expect(byName.items.map((p: { id: string }) => p.id)).toEqual([infra.pod.id]);
  });

  it('answers 404 with the resource code for pods, pools and image stores that do not exist', async () => {
    const absent = '00000000-0000-4000-8000-0000000000aa';
    for (const [collection, code] of [
      ['pods', 'POD_NOT_FOUND'],
      ['storage-pools', 'STORAGE_POOL_NOT_FOUND'],
      ['image-stores', 'IMAGE_STORE_NOT_FOUND'],
    ]) {
      const res = await w.server.signed('GET', `/v1/${collection}/${absent}`);
      expect([res.status, res.body.code], collection).toEqual([404, code]);
    }
  });
});

describe('disabling and enabling', () => {
  const resources = () => [
    { path: `/v1/zones/${infra.zone.id}`, field: 'allocationState', on: 'Enabled', off: 'Disabled' },
    { path: `/v1/pods/${infra.pod.id}`, field: 'allocationState', on: 'Enabled', off: 'Disabled' },
    { path: `/v1/hosts/${infra.hosts[1].id}`, field: 'resourceState', on: 'Enabled', off: 'Disabled' },
    { path: `/v1/storage-pools/${infra.pool.id}`, field: 'status', on: 'Up', off: 'Disabled' },
  ];

  it('disables then enables zones, pods, hosts and pools; each answer and GET show the state', async () => {
    for (const { path, field, on, off } of resources()) {
      // A pod is created disabled: enable it first so that each resource goes the whole way round.
      if ((await get(w, path))[field] === off) await call(w, 200, 'POST', `${path}/enable`);
      for (const [action, state] of [
        ['disable', off],
        ['enable', on],
      ] as const) {
        expect((await call(w, 200, 'POST', `${path}/${action}`))[field], `${action} ${path}`).toBe(state);
        expect((await get(w, path))[field], `${path} after ${action}`).toBe(state);
      }
    }
  });
});

describe('deleting infrastructure', () => {
  it('refuses a pod with clusters and a cluster with hosts; allows them once emptied, host by host', async () => {
    const { pod, cluster, hosts, pool, imageStore, zone } = await buildInfrastructure(w.server, 'del');
    await expectRefused(`/v1/pods/${pod.id}`, 409, 'POD_HAS_CLUSTERS');
    await expectRefused(`/v1/clusters/${cluster.id}`, 409, 'CLUSTER_HAS_HOSTS');

    for (const host of hosts) {
      await call(w, 200, 'POST', `/v1/hosts/${host.id}/disable`);
      await expectDeleted('hosts', host.id, `clusterId=${cluster.id}`);
    }
    await expectDeleted('storage-pools', pool.id, `clusterId=${cluster.id}`);
    await expectDeleted('clusters', cluster.id, `podId=${pod.id}`);
    await expectDeleted('pods', pod.id, `zoneId=${zone.id}`);
    // No template, ISO or snapshot was ever stored in this zone: its only image store may go.
    await expectDeleted('image-stores', imageStore.id, `zoneId=${zone.id}`);
  });

  it("refuses a pool holding a VM's volumes and the last image store of a zone holding a template", async () => {
    const vmId = await deployRunning(w, 'holder', w.alice.keys);
    const [root] = (await get(w, `/v1/volumes?vmId=${vmId}`)).items as Json[];
    await expectRefused(`/v1/storage-pools/${root.poolId}`, 409, 'POOL_HAS_VOLUMES');

    const [store] = (await get(w, `/v1/image-stores?zoneId=${w.zoneId}`)).items as Json[];
    await expectRefused(`/v1/image-stores/${store.id}`, 409, 'IMAGE_STORE_NOT_EMPTY');
  });
});
