import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { jobDone, openWorld, type World } from './world.ts';

/**
 * Templates made from a tenant's storage and snapshot reverts, over HTTP as alice: a template from
 * the root volume of a stopped VM and one from a snapshot each become ready in the zone and deploy
 * a running VM; a revert is refused while the VM runs and, once it is stopped, brings the volume
 * back to its size at the snapshot. Another account's storage answers 404.
 */

let w: World;
beforeAll(async () => {
  w = await openWorld(restRoutes);
}, 120_000);
afterAll(() => w?.server.close());

const as = (method: string, path: string, body?: unknown) =>
  w.server.signed(method, path, body, w.alice.keys);

/** Sends an async request, expects 202 and the job's end state; then waits for every read model to apply it. */
const run = async (
  method: string,
  path: string,
  body: unknown,
  state: 'succeeded' | 'failed' = 'succeeded',
) => {
  const res = await as(method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(202);
  const job = await jobDone(w, res.body.jobId, w.alice.keys);
  expect(job, `${method} ${path}`).toMatchObject({ state });
  await w.server.settle(await w.server.app.store.headPosition());
  return { ...(res.body as { id: string; jobId: string }), job: job as Json };
};

const get = async (path: string): Promise<Json> => {
  const res = await as('GET', path);
  expect(res.status, path).toBe(200);
  return res.body;
};

const deployFrom = (templateId: string, name: string) =>
  run('POST', '/v1/vms', { zoneId: w.zoneId, serviceOfferingId: w.offeringId, templateId, name });

const eventTypes = async (resourceId: string): Promise<string[]> =>
  (await get(`/v1/events?pageSize=1000`)).items
    .filter((e: { resourceId?: string }) => e.resourceId === resourceId)
    .map((e: { eventType: string }) => e.eventType);

/** A template's read model once its copy is ready, and a VM deployed from it, running. */
const expectReadyAndDeployable = async (templateId: string, name: string) => {
  const template = await get(`/v1/images/${templateId}`);
  expect(template).toMatchObject({
    kind: 'TEMPLATE',
    name,
    state: 'Active',
    accountId: w.alice.accountId,
    hypervisor: 'Simulator',
    readyZoneIds: [w.zoneId],
  });
  expect(template.zones[w.zoneId]).toMatchObject({ status: 'DOWNLOADED' });
  const vm = await deployFrom(templateId, `${name}-vm`);
  expect(await get(`/v1/vms/${vm.id}`)).toMatchObject({ state: 'Running', templateId });
};

let vmId: string;
let rootVolumeId: string;

describe('templates from a volume and from a snapshot', () => {
  it('makes a ready, deployable template from the root volume of a stopped VM (refused while it runs)', async () => {
    vmId = (await deployFrom(w.templateId, 'source')).id;
    const roots = await get(`/v1/volumes?vmId=${vmId}&type=ROOT`);
    expect(roots.items).toHaveLength(1);
    rootVolumeId = roots.items[0].id;

    const whileRunning = await as('POST', `/v1/volumes/${rootVolumeId}/template`, {
      name: 'early',
      osType: 'Linux',
    });
    expect(whileRunning).toMatchObject({ status: 409, body: { code: 'IMAGE_SOURCE_VM_NOT_STOPPED' } });

    await run('POST', `/v1/vms/${vmId}/stop`, {});
    const made = await run('POST', `/v1/volumes/${rootVolumeId}/template`, {
      name: 'from-volume',
      osType: 'Linux',
    });
    expect(made.job.result).toMatchObject({ templateId: made.id, zoneId: w.zoneId });
    await expectReadyAndDeployable(made.id, 'from-volume');
    expect(await eventTypes(made.id)).toEqual(
      expect.arrayContaining(['ImageCreated', 'ImageZoneDownloaded']),
    );
  });

  it('makes a ready, deployable template from a backed-up snapshot', async () => {
    const snapshot = await run('POST', `/v1/volumes/${rootVolumeId}/snapshots`, { name: 'golden' });
    expect(await get(`/v1/snapshots/${snapshot.id}`)).toMatchObject({ state: 'BackedUp' });
    const made = await run('POST', `/v1/snapshots/${snapshot.id}/template`, {
      name: 'from-snapshot',
      osType: 'Linux',
    });
    await expectReadyAndDeployable(made.id, 'from-snapshot');
  });

  it("answers 404 for a template from another account's volume or snapshot, and records nothing", async () => {
    const snapshot = (await get(`/v1/snapshots?pageSize=1`)).items[0];
    const before = await w.server.app.store.headPosition();
    for (const path of [`/v1/volumes/${rootVolumeId}/template`, `/v1/snapshots/${snapshot.id}/template`]) {
      const res = await w.server.signed('POST', path, { name: 'stolen', osType: 'Linux' }, w.carol.keys);
      expect(res.status, path).toBe(404);
    }
    expect(await w.server.app.store.headPosition()).toBe(before);
  });
});

describe('reverting a volume to a snapshot', () => {
  it('is refused while the VM runs; once stopped, the volume goes back to its size at the snapshot', async () => {
    const disk = { zoneId: w.zoneId, diskOfferingId: w.diskOfferingId };
    const volume = await as('POST', '/v1/volumes', { name: 'data', ...disk });
    expect(volume.status).toBe(201);
    const volumeId: string = volume.body.id;
    await run('POST', `/v1/vms/${vmId}/start`, {});
    await run('POST', `/v1/volumes/${volumeId}/attach`, { vmId });
    const sizeAtSnapshot = (await get(`/v1/volumes/${volumeId}`)).sizeBytes;
    const snapshot = await run('POST', `/v1/volumes/${volumeId}/snapshots`, {});

    const refused = await run('POST', `/v1/snapshots/${snapshot.id}/revert`, {}, 'failed');
    expect(refused.job.errorText).toMatch(/stop it before reverting/);

    await run('POST', `/v1/vms/${vmId}/stop`, {});
    await run('POST', `/v1/volumes/${volumeId}/resize`, { sizeGiB: 10 });
    expect((await get(`/v1/volumes/${volumeId}`)).sizeBytes).toBe(10 * 1024 ** 3);

    const reverted = await run('POST', `/v1/snapshots/${snapshot.id}/revert`, {});
    expect(reverted.id).toBe(snapshot.id);
    expect(await get(`/v1/volumes/${volumeId}`)).toMatchObject({ sizeBytes: sizeAtSnapshot, vmId });
    expect(await eventTypes(volumeId)).toEqual(
      expect.arrayContaining(['VolumeRevertStarted', 'VolumeReverted']),
    );

    const byCarol = await w.server.signed('POST', `/v1/snapshots/${snapshot.id}/revert`, {}, w.carol.keys);
    expect(byCarol).toMatchObject({ status: 404, body: { code: 'SNAPSHOT_NOT_FOUND' } });
  });
});
