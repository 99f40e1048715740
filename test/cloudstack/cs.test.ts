import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cs, hasCs, type Keys, skipReason } from './clients.ts';
import { type DemoCloud, startDemoCloud } from './demoCloud.ts';

if (!hasCs) console.warn(skipReason('the cs CLI (packages cs, python3-cs)'));

describe.skipIf(!hasCs)('the cs CLI (cloudstack) against Skyledger', () => {
  let cloud: DemoCloud;
  let keys: Keys;
  beforeAll(async () => {
    cloud = await startDemoCloud();
    keys = { endpoint: cloud.endpoint, ...cloud.user };
  }, 120_000);
  afterAll(() => cloud?.close());

  const ok = async (command: string, args: Record<string, string> = {}, post = false) => {
    const r = await cs(keys, command, args, { post });
    if (!r.ok) throw new Error(`${command} failed: ${JSON.stringify(r.body)} ${r.stderr}`);
    // biome-ignore lint/suspicious/noExplicitAny: the clients' JSON, checked by the assertions
    return r.body as Record<string, any>;
  };

  it('runs the whole flow: discover, deploy, power, volumes, snapshots, destroy, events', async () => {
    const zone = (await ok('listZones', { name: 'demo-zone' })).zone[0];
    const offering = (await ok('listServiceOfferings', { name: 'small' })).serviceoffering[0];
    const disk = (await ok('listDiskOfferings', { name: 'data-5' })).diskoffering[0];
    const template = (await ok('listTemplates', { templatefilter: 'executable', name: 'tiny-linux' }))
      .template[0];
    expect(template).toMatchObject({ zoneid: zone.id, isready: true });

    const deployed = await ok(
      'deployVirtualMachine',
      {
        zoneid: zone.id,
        serviceofferingid: offering.id,
        templateid: template.id,
        name: 'web-1',
      },
      true,
    );
    // cs polls queryAsyncJobResult and prints the job's result.
    const vm = deployed.virtualmachine;
    expect(vm).toMatchObject({
      name: 'web-1',
      state: 'Running',
      zonename: 'demo-zone',
      cpunumber: 1,
      memory: 1024,
    });
    expect(vm.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);

    const listed = await ok('listVirtualMachines', { id: vm.id });
    expect(listed.count).toBe(1);
    expect(listed.virtualmachine[0].state).toBe('Running');

    expect((await ok('stopVirtualMachine', { id: vm.id })).virtualmachine.state).toBe('Stopped');
    expect((await ok('startVirtualMachine', { id: vm.id })).virtualmachine.state).toBe('Running');
    expect((await ok('rebootVirtualMachine', { id: vm.id })).virtualmachine.state).toBe('Running');

    const volume = (
      await ok('createVolume', {
        name: 'data-1',
        zoneid: zone.id,
        diskofferingid: disk.id,
        virtualmachineid: vm.id,
      })
    ).volume;
    expect(volume).toMatchObject({ name: 'data-1', type: 'DATADISK', virtualmachineid: vm.id });
    expect((await ok('detachVolume', { id: volume.id })).volume.virtualmachineid).toBeUndefined();
    expect(
      (await ok('attachVolume', { id: volume.id, virtualmachineid: vm.id })).volume.virtualmachineid,
    ).toBe(vm.id);
    await ok('detachVolume', { id: volume.id });
    expect(await ok('deleteVolume', { id: volume.id })).toEqual({ success: true });

    const root = (await ok('listVolumes', { virtualmachineid: vm.id, type: 'ROOT' })).volume[0];
    const snapshot = (await ok('createSnapshot', { volumeid: root.id })).snapshot;
    expect(snapshot).toMatchObject({ volumeid: root.id, state: 'BackedUp' });
    expect((await ok('listSnapshots', { id: snapshot.id })).count).toBe(1);
    expect(await ok('deleteSnapshot', { id: snapshot.id })).toEqual({ success: true });

    // Expunging on destroy is for root admins (allow.user.expunge.recover.vm is off).
    const admin = { endpoint: cloud.endpoint, ...cloud.server.admin };
    const refused = await cs(keys, 'destroyVirtualMachine', { id: vm.id, expunge: 'true' });
    expect(JSON.stringify(refused.body)).toContain('"errorcode":531');
    const destroyed = await cs(admin, 'destroyVirtualMachine', { id: vm.id, expunge: 'true' });
    expect(destroyed.ok).toBe(true);
    expect(await ok('listVirtualMachines', { id: vm.id })).toEqual({});

    const events = (await ok('listEvents', { resourceid: vm.id })).event as { type: string }[];
    expect(events.length).toBeGreaterThan(0);
  }, 180_000);

  it('refuses a wrong secret with 401', async () => {
    const r = await cs({ ...keys, secretKey: 'wrong' }, 'listZones');
    expect(r.ok).toBe(false);
    expect(r.stderr + JSON.stringify(r.body)).toMatch(/401|unable to verify user credentials/);
  });

  it('answers a missing parameter with 431', async () => {
    const r = await cs(keys, 'listTemplates');
    expect(r.ok).toBe(false);
    expect(r.stderr + JSON.stringify(r.body)).toMatch(/431|missing parameter templatefilter/);
  });

  it('answers an unknown id with an error', async () => {
    const r = await cs(keys, 'stopVirtualMachine', { id: '00000000-0000-4000-8000-00000000dead' });
    expect(r.ok).toBe(false);
    expect(r.stderr + JSON.stringify(r.body)).toMatch(/431|does not exist/);
  });
});
