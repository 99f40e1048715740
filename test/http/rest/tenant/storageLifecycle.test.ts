import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { call, deployRunning, runJob } from './calls.ts';
import { openWorld, type World } from './world.ts';

/**
 * Taking storage back, over HTTP as alice: a deleted volume that was on storage is recovered (and
 * counts again against her limits), one never created on storage is expunged at once and can't be;
 * a deleted snapshot is gone from her snapshots and no longer counts. Another account gets 404.
 */

let w: World;
let vmId: string;
beforeAll(async () => {
  w = await openWorld(restRoutes);
  vmId = await deployRunning(w, 'storage-host', w.alice.keys);
}, 120_000);
afterAll(() => w?.server.close());

const as = (method: string, path: string, body?: unknown) =>
  w.server.signed(method, path, body, w.alice.keys);

/** Requests as alice: an async one whose job must succeed, and a sync one that must answer `status`. */
const run = (method: string, path: string, body?: unknown) => runJob(w, method, path, body, w.alice.keys);
const sync = (status: number, method: string, path: string, body?: unknown): Promise<Json> =>
  call(w, status, method, path, body, w.alice.keys);

const get = (path: string) => sync(200, 'GET', path);
const counted = async (): Promise<Json> => (await get(`/v1/accounts/${w.alice.accountId}/limits`)).count;
const refusedToCarol = async (method: string, path: string, body?: unknown) =>
  expect((await w.server.signed(method, path, body, w.carol.keys)).status, path).toBe(404);

describe('recovering a deleted volume (POST /v1/volumes/:id/recover)', () => {
  it('brings back a volume that was on storage: Ready again and counted again', async () => {
    const { id: volumeId } = await sync(201, 'POST', '/v1/volumes', {
      name: 'data',
      zoneId: w.zoneId,
      diskOfferingId: w.diskOfferingId,
    });
    await run('POST', `/v1/volumes/${volumeId}/attach`, { vmId });
    await run('POST', `/v1/volumes/${volumeId}/detach`, {});
    const held = await counted();

    expect(await sync(200, 'DELETE', `/v1/volumes/${volumeId}`)).toEqual({ id: volumeId });
    expect(await get(`/v1/volumes/${volumeId}`)).toMatchObject({
      state: 'Destroy',
      destroyedAt: expect.any(String),
    });
    expect(await counted()).toMatchObject({
      volume: held.volume - 1,
      primary_storage: held.primary_storage - 5 * 1024 ** 3,
    });
    await refusedToCarol('POST', `/v1/volumes/${volumeId}/recover`, {});

    expect(await sync(200, 'POST', `/v1/volumes/${volumeId}/recover`, {})).toEqual({ id: volumeId });
    expect(await get(`/v1/volumes/${volumeId}`)).toMatchObject({
      state: 'Ready',
      vmId: null,
      removedAt: null,
    });
    expect(await counted()).toMatchObject({ volume: held.volume, primary_storage: held.primary_storage });
    const again = await as('POST', `/v1/volumes/${volumeId}/recover`, {});
    expect([again.status, again.body.code]).toEqual([409, 'VOLUME_NOT_DESTROYED']);
    await run('POST', `/v1/volumes/${volumeId}/attach`, { vmId });
  });

  it('answers 404 for one never created on storage: its delete expunged it at once', async () => {
    const { id: volumeId } = await sync(201, 'POST', '/v1/volumes', {
      name: 'never-used',
      zoneId: w.zoneId,
      diskOfferingId: w.diskOfferingId,
    });
    await sync(200, 'DELETE', `/v1/volumes/${volumeId}`);
    expect((await get(`/v1/volumes/${volumeId}`)).removedAt).not.toBeNull();
    const res = await as('POST', `/v1/volumes/${volumeId}/recover`, {});
    expect([res.status, res.body.code]).toEqual([404, 'VOLUME_NOT_FOUND']);
  });
});

describe('deleting a snapshot (DELETE /v1/snapshots/:id)', () => {
  it('answers 202; once its job ran the snapshot is gone from the list and no longer counted', async () => {
    const [root] = (await get(`/v1/volumes?vmId=${vmId}&type=ROOT`)).items;
    const { id: snapshotId } = await run('POST', `/v1/volumes/${root.id}/snapshots`, { name: 'doomed' });
    expect((await get(`/v1/snapshots/${snapshotId}`)).state).toBe('BackedUp');
    const held = await counted();
    await refusedToCarol('DELETE', `/v1/snapshots/${snapshotId}`);

    const { id } = await run('DELETE', `/v1/snapshots/${snapshotId}`);
    expect(id).toBe(snapshotId);
    expect((await get(`/v1/snapshots/${snapshotId}`)).removedAt).not.toBeNull();
    const listed = await get('/v1/snapshots?pageSize=1000');
    expect(listed.items.map((s: { id: string }) => s.id)).not.toContain(snapshotId);
    const now = await counted();
    expect(now.snapshot).toBe(held.snapshot - 1);
    expect(now.secondary_storage).toBeLessThan(held.secondary_storage);
  });
});
