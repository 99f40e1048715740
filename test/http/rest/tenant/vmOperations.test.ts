import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Json } from '../../../support/http.ts';
import { call, deployRunning, get, runJob } from './calls.ts';
import { type Keys, openWorld, type World } from './world.ts';

/**
 * The VM operations past deploy / stop / start, over HTTP: restore (a new ROOT volume, the same VM),
 * migrate (root admin: the host changes; refused for a stopped VM; a host of another cluster is out
 * of reach of the VM's cluster-wide storage), scale (a running VM, only with dynamic scaling on),
 * destroy then expunge (gone, with its volumes) or recover (back to Stopped). Each is checked by its
 * answer, its job and the VM read back as its owner or the root admin would.
 */

let w: World;
beforeAll(async () => {
  w = await openWorld(restRoutes);
}, 120_000);
afterAll(() => w?.server.close());

const alice = () => w.alice.keys;

const run = (method: string, path: string, body: unknown, keys?: Keys, state?: 'succeeded' | 'failed') =>
  runJob(w, method, path, body, keys, state);

/** A refusal answered at once: status and code. */
const expectRefused = async (
  path: string,
  body: unknown,
  keys: Keys | undefined,
  status: number,
  code: string,
) => {
  const res = await w.server.signed('POST', path, body, keys);
  expect([res.status, res.body.code], path).toEqual([status, code]);
};

/** A running VM of alice's, as the root admin sees it (with its host). */
const deploy = async (name: string): Promise<Json> =>
  get(w, `/v1/vms/${await deployRunning(w, name, alice())}`);

const rootVolumes = async (vmId: string): Promise<Json[]> =>
  (await get(w, `/v1/volumes?vmId=${vmId}&type=ROOT`, alice())).items;

describe('restore (POST /v1/vms/:id/restore)', () => {
  it('replaces the ROOT volume from the template; the VM keeps its id and keeps running', async () => {
    const vm = await deploy('restored');
    const { id, job } = await run('POST', `/v1/vms/${vm.id}/restore`, {}, alice());
    expect(id).toBe(vm.id);
    expect(job.result).toMatchObject({ virtualmachine: { id: vm.id, state: 'Running' } });

    const after = await get(w, `/v1/vms/${vm.id}`, alice());
    expect(after).toMatchObject({ id: vm.id, state: 'Running', templateId: w.templateId });
    expect(after.rootVolumeId).not.toBe(vm.rootVolumeId);
    expect((await rootVolumes(vm.id)).map((v) => [v.id, v.state])).toEqual([[after.rootVolumeId, 'Ready']]);
    const old = await get(w, `/v1/volumes/${vm.rootVolumeId}`, alice());
    expect(old.removedAt).not.toBeNull();
    const history = await get(w, `/v1/vms/${vm.id}/history`, alice());
    expect(history.items.map((e: { eventType: string }) => e.eventType)).toContain('VmRestored');
  });
});

describe('migrate (POST /v1/vms/:id/migrate, root admin)', () => {
  it('moves a running VM to another host, or to the one named; refuses tenants and stopped VMs', async () => {
    const vm = await deploy('mover');
    await expectRefused(`/v1/vms/${vm.id}/migrate`, {}, alice(), 403, 'ROOT_ADMIN_ONLY');

    await run('POST', `/v1/vms/${vm.id}/migrate`, {});
    const moved = await get(w, `/v1/vms/${vm.id}`);
    expect(moved.state).toBe('Running');
    expect(moved.hostId).not.toBe(vm.hostId);
    expect(moved.clusterId).toBe(vm.clusterId);

    await run('POST', `/v1/vms/${vm.id}/migrate`, { hostId: vm.hostId });
    expect(await get(w, `/v1/vms/${vm.id}`)).toMatchObject({ state: 'Running', hostId: vm.hostId });

    await run('POST', `/v1/vms/${vm.id}/stop`, {}, alice());
    await expectRefused(`/v1/vms/${vm.id}/migrate`, {}, undefined, 409, 'VM_NOT_RUNNING');
  });

  it('fails to move it to a host of another cluster (its ROOT volume is on cluster storage); it stays put', async () => {
    const vm = await deploy('pinned');
    const cluster = await call(w, 201, 'POST', '/v1/clusters', {
      podId: vm.podId,
      name: 'cluster-2',
      hypervisor: 'Simulator',
    });
    await call(w, 200, 'POST', `/v1/clusters/${cluster.id}/enable`);
    const host = await call(w, 201, 'POST', '/v1/hosts', {
      clusterId: cluster.id,
      name: 'host-3',
      cpuCores: 16,
      cpuSpeedMhz: 2000,
      memoryMiB: 65536,
    });
    const { job } = await run('POST', `/v1/vms/${vm.id}/migrate`, { hostId: host.id }, undefined, 'failed');
    expect(job.errorText).toContain('out_of_scope');
    expect(await get(w, `/v1/vms/${vm.id}`)).toMatchObject({ state: 'Running', hostId: vm.hostId });
    expect((await get(w, `/v1/hosts/${host.id}`)).guests).toBe(0);
  });
});

describe('scale (POST /v1/vms/:id/scale)', () => {
  /** CloudStack's zone setting enable.dynamic.scale.vm: off by default, on for the test's own node. */
  const dynamicScaling = (on: boolean) =>
    Object.assign(w.server.app.vm, { settings: { enableDynamicScaleVm: on } });
  afterAll(() => dynamicScaling(false));

  it('is refused while dynamic scaling is off, naming the setting; the VM keeps its size', async () => {
    const vm = await deploy('fixed');
    const res = await w.server.signed(
      'POST',
      `/v1/vms/${vm.id}/scale`,
      { serviceOfferingId: w.bigOfferingId },
      alice(),
    );
    expect([res.status, res.body.code]).toEqual([400, 'VM_DYNAMIC_SCALING_DISABLED']);
    expect(res.body.detail).toContain('enable.dynamic.scale.vm');
    expect(await get(w, `/v1/vms/${vm.id}`, alice())).toMatchObject({ cpuNumber: 1, memoryMib: 1024 });
  });

  it('scales a running VM up in place with it on; scaling down is refused', async () => {
    dynamicScaling(true);
    const vm = await deploy('grower');
    await run('POST', `/v1/vms/${vm.id}/scale`, { serviceOfferingId: w.bigOfferingId }, alice());
    expect(await get(w, `/v1/vms/${vm.id}`)).toMatchObject({
      state: 'Running',
      hostId: vm.hostId,
      serviceOfferingId: w.bigOfferingId,
      cpuNumber: 2,
      memoryMib: 2048,
    });
    const host = await get(w, `/v1/hosts/${vm.hostId}`);
    expect(host.memoryUsedMib + host.memoryReservedMib).toBeGreaterThanOrEqual(2048);
    await expectRefused(
      `/v1/vms/${vm.id}/scale`,
      { serviceOfferingId: w.offeringId },
      alice(),
      400,
      'VM_SCALE_DOWN_NOT_SUPPORTED',
    );
  });
});

describe('destroy, then expunge or recover', () => {
  const destroyed = async (name: string) => {
    const vm = await deploy(name);
    await run('DELETE', `/v1/vms/${vm.id}`, undefined, alice());
    expect((await get(w, `/v1/vms/${vm.id}`)).state).toBe('Destroyed');
    return vm;
  };

  it('expunge (root admin): the VM leaves the list and its volumes are removed', async () => {
    const vm = await destroyed('expunged');
    await expectRefused(`/v1/vms/${vm.id}/expunge`, {}, alice(), 403, 'VM_EXPUNGE_NOT_ALLOWED');

    await run('POST', `/v1/vms/${vm.id}/expunge`, {});
    expect(await get(w, `/v1/vms/${vm.id}`)).toMatchObject({
      state: 'Expunged',
      removedAt: expect.any(String),
    });
    const listed = (includeRemoved: boolean) =>
      get(w, `/v1/vms?accountId=${w.alice.accountId}&includeRemoved=${includeRemoved}&pageSize=1000`);
    expect((await listed(false)).items.map((v: { id: string }) => v.id)).not.toContain(vm.id);
    expect((await listed(true)).items.map((v: { id: string }) => v.id)).toContain(vm.id);
    expect((await get(w, `/v1/volumes?vmId=${vm.id}`)).items).toEqual([]);
    expect((await get(w, `/v1/volumes/${vm.rootVolumeId}`)).removedAt).not.toBeNull();
  });

  it('recover (root admin): the VM is Stopped again with its ROOT volume, and starts', async () => {
    const vm = await destroyed('recovered');
    await expectRefused(`/v1/vms/${vm.id}/recover`, {}, alice(), 403, 'VM_RECOVER_NOT_ALLOWED');

    const res = await w.server.signed('POST', `/v1/vms/${vm.id}/recover`, {});
    expect([res.status, res.body]).toEqual([200, { id: vm.id }]);
    await w.server.settle(res.headers.get('x-position'));
    expect((await get(w, `/v1/vms/${vm.id}`, alice())).state).toBe('Stopped');
    expect((await rootVolumes(vm.id)).map((v) => [v.id, v.state])).toEqual([[vm.rootVolumeId, 'Ready']]);
    await expectRefused(`/v1/vms/${vm.id}/recover`, {}, undefined, 409, 'VM_NOT_DESTROYED');
    await run('POST', `/v1/vms/${vm.id}/start`, {}, alice());
    expect((await get(w, `/v1/vms/${vm.id}`, alice())).state).toBe('Running');
  });
});
