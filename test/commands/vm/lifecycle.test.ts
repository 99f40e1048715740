import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  changeServiceOffering,
  deployVm,
  destroyVm,
  expungeVirtualMachine,
  expungeVm,
  migrateVm,
  migrateVmNow,
  rebootVm,
  recoverVm,
  restartVmElsewhere,
  restoreVm,
  scaleVm,
  startVm,
  stopVm,
} from '../../../src/commands/vm/index.ts';
import type { Vm } from '../../../src/domain/vm/index.ts';
import { ctx } from '../support.ts';
import { type Account, GiB } from './cloud.ts';
import { createWorld, ended, failingAt, holdingsOf, ledgerOf, stepKind, type World } from './harness.ts';

let w: World;
let user: Account;
let domain: { tenantDomainId: string; path: string };

beforeEach(async () => {
  w = await createWorld();
  const { cloud } = w;
  await cloud.base();
  await cloud.infrastructure({
    clusters: 2,
    hostsPerCluster: 2,
    host: { cpuCores: 4, cpuSpeedMhz: 1000, memoryMiB: 4096 },
    poolBytes: 100 * GiB,
  });
  domain = await cloud.domain(cloud.rootDomainId, 'ROOT', 'acme');
  user = await cloud.account(domain.tenantDomainId, domain.path);
  await cloud.accountLimit(user, 'user_vm', 5);
  await cloud.domainLimit(domain, cloud.rootDomainId, 'cpu', 3);
});
afterEach(async () => {
  await w.close();
});

const as = (account: Account) => ({ caller: account.caller, ctx: ctx() });
const admin = () => as(w.cloud.rootAdmin);

const vmOf = async (vmId: string): Promise<Vm> => {
  const { state } = await w.bus.load('vm', vmId);
  if (state.status === 'Initial') throw new Error(`no VM ${vmId}`);
  return state;
};

const succeeded = async (submitted: Promise<{ jobId: string }>) => {
  const job = await ended(w.bus, (await submitted).jobId);
  expect(job, job.errorText).toMatchObject({ status: 'succeeded' });
  return job;
};

const running = async (input: { haEnabled?: boolean } = {}): Promise<Vm> => {
  const submitted = await deployVm(w.deps, as(user), {
    zoneId: w.cloud.zoneId,
    serviceOfferingId: w.cloud.offeringId,
    templateId: w.cloud.templateId,
    ...input,
  });
  await succeeded(Promise.resolve(submitted));
  return vmOf(submitted.vmId);
};

const held = async (vm: Vm) => holdingsOf(w, vm.vmId, [vm.rootVolumeId]);
const accountCount = async () => (await ledgerOf(w, 'account', user.accountId)).count;
const domainLedger = () => ledgerOf(w, 'domain', domain.tenantDomainId);

describe('stop and start', () => {
  it('stop keeps the capacity reserved on the host; start on the same host takes it back as used', async () => {
    const vm = await running();
    const hostId = vm.placement!.hostId;
    await succeeded(stopVm(w.deps, as(user), { vmId: vm.vmId }));
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Stopped', lastHostId: hostId });
    expect(w.driver.isRunning(vm.vmId)).toBe(false);
    expect((await held(vm)).hosts).toEqual([expect.objectContaining({ hostId, status: 'Kept' })]);
    await succeeded(startVm(w.deps, as(user), { vmId: vm.vmId }));
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Running', placement: { hostId } });
    expect((await held(vm)).hosts).toEqual([expect.objectContaining({ hostId, status: 'Used' })]);
    expect((await accountCount()).user_vm).toBe(1);
  });

  it('refuses to start a running VM or stop a stopped one at once', async () => {
    const vm = await running();
    await expect(startVm(w.deps, as(user), { vmId: vm.vmId })).rejects.toMatchObject({
      code: 'VM_NOT_STOPPED',
    });
    await succeeded(stopVm(w.deps, as(user), { vmId: vm.vmId, forced: true }));
    await expect(stopVm(w.deps, as(user), { vmId: vm.vmId })).rejects.toMatchObject({
      code: 'VM_NOT_RUNNING',
    });
  });

  it('a simulator failure of stop leaves the VM Running with its capacity used', async () => {
    const vm = await running();
    w.driver.failWhen({ operation: 'stopVm', times: 1 });
    const job = await ended(w.bus, (await stopVm(w.deps, as(user), { vmId: vm.vmId })).jobId);
    expect(job).toMatchObject({ status: 'failed', errorText: expect.stringContaining('simulated failure') });
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Running' });
    expect((await held(vm)).hosts).toEqual([expect.objectContaining({ status: 'Used' })]);
  });

  it('a failure at EACH step of a start leaves the VM Stopped with no capacity pending or used', async () => {
    const vm = await running();
    await succeeded(stopVm(w.deps, as(user), { vmId: vm.vmId }));
    const seen: string[] = [];
    await w.executor.stop();
    w.restart(undefined, failingAt('-none-', seen));
    await succeeded(startVm(w.deps, as(user), { vmId: vm.vmId }));
    const kinds = [...new Set(seen.map(stepKind))];
    expect(kinds).toEqual(['reserve-host', 'request-start', 'commit-host', 'complete-start']);
    await succeeded(stopVm(w.deps, as(user), { vmId: vm.vmId }));
    for (const kind of kinds) {
      await w.executor.stop();
      w.restart(undefined, failingAt(kind));
      const job = await ended(w.bus, (await startVm(w.deps, as(user), { vmId: vm.vmId })).jobId);
      expect(job, kind).toMatchObject({ status: 'failed', errorText: expect.stringContaining('injected') });
      expect(await vmOf(vm.vmId), kind).toMatchObject({ status: 'Stopped' });
      expect(
        (await held(vm)).hosts.filter((r) => r.status !== 'Kept'),
        kind,
      ).toEqual([]);
      expect(w.driver.isRunning(vm.vmId)).toBe(false);
    }
    expect((await accountCount()).user_vm).toBe(1);
  });

  it('a simulator failure of startVm releases the host and leaves the VM Stopped', async () => {
    const vm = await running();
    await succeeded(stopVm(w.deps, as(user), { vmId: vm.vmId }));
    w.driver.failWhen({ operation: 'startVm', times: 1 });
    const job = await ended(w.bus, (await startVm(w.deps, as(user), { vmId: vm.vmId })).jobId);
    expect(job).toMatchObject({ status: 'failed' });
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Stopped' });
    expect((await held(vm)).hosts).toEqual([]);
  });

  it('reboot records the reboot of a running VM', async () => {
    const vm = await running();
    await succeeded(rebootVm(w.deps, as(user), { vmId: vm.vmId }));
    const types = (await w.store.readStream(`vm-${vm.vmId}`)).map((e) => e.type);
    expect(types.at(-1)).toBe('VmRebooted');
  });
});

describe('destroy, recover, expunge', () => {
  it('destroy stops the VM, releases its host and its counts; recover counts them again', async () => {
    const vm = await running();
    await succeeded(destroyVm(w.deps, as(user), { vmId: vm.vmId }));
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Destroyed' });
    expect(w.driver.isRunning(vm.vmId)).toBe(false);
    const after = await held(vm);
    expect(after.hosts).toEqual([]);
    // The destroyed ROOT volume keeps its space until expunged.
    expect(after.pools).toEqual([expect.objectContaining({ status: 'Used' })]);
    expect((await w.bus.load('volume', vm.rootVolumeId)).state).toMatchObject({ status: 'Destroy' });
    expect(await accountCount()).toMatchObject({
      user_vm: 0,
      cpu: 0,
      memory: 0,
      volume: 0,
      primary_storage: 0,
    });
    expect((await domainLedger()).count.cpu).toBe(0);

    await expect(recoverVm(w.deps, as(user), { vmId: vm.vmId })).rejects.toMatchObject({
      code: 'VM_RECOVER_NOT_ALLOWED',
    });
    await recoverVm(w.deps, admin(), { vmId: vm.vmId });
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Stopped' });
    expect((await w.bus.load('volume', vm.rootVolumeId)).state).toMatchObject({ status: 'Ready' });
    expect(await accountCount()).toMatchObject({ user_vm: 1, cpu: 1, volume: 1, primary_storage: 2 * GiB });
  });

  it('recover is refused when the limits no longer allow the VM, and changes nothing', async () => {
    const vm = await running();
    await succeeded(destroyVm(w.deps, as(user), { vmId: vm.vmId }));
    await w.cloud.accountLimit(user, 'user_vm', 0);
    await expect(recoverVm(w.deps, admin(), { vmId: vm.vmId })).rejects.toMatchObject({
      code: 'RESOURCE_LIMIT_EXCEEDED',
    });
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Destroyed' });
    const ledger = await ledgerOf(w, 'account', user.accountId);
    expect(ledger.count.user_vm).toBe(0);
    expect(ledger.reserved.user_vm).toBe(0);
  });

  it('destroy with expunge (root admin) expunges the VM and its ROOT volume and frees the pool', async () => {
    const vm = await running();
    await expect(destroyVm(w.deps, as(user), { vmId: vm.vmId, expunge: true })).rejects.toMatchObject({
      code: 'VM_EXPUNGE_NOT_ALLOWED',
    });
    await succeeded(destroyVm(w.deps, admin(), { vmId: vm.vmId, expunge: true }));
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Expunged' });
    expect((await w.bus.load('volume', vm.rootVolumeId)).state).toMatchObject({ status: 'Expunged' });
    expect(await held(vm)).toEqual({ hosts: [], pools: [] });
  });

  it('expungeVm (the delayed expunge) expunges a destroyed VM once; a second call does nothing', async () => {
    const vm = await running();
    await succeeded(destroyVm(w.deps, as(user), { vmId: vm.vmId }));
    await expungeVm({ ...w.deps, driver: w.driver }, vm.vmId);
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Expunged' });
    expect(await held(vm)).toEqual({ hosts: [], pools: [] });
    const events = (await w.store.readStream(`vm-${vm.vmId}`)).length;
    await expungeVm({ ...w.deps, driver: w.driver }, vm.vmId);
    expect(await w.store.readStream(`vm-${vm.vmId}`)).toHaveLength(events);
  });

  it('expungeVirtualMachine runs as a job for a root admin, and a destroyed Error VM expunges at once', async () => {
    const vm = await running();
    await succeeded(destroyVm(w.deps, as(user), { vmId: vm.vmId }));
    await succeeded(expungeVirtualMachine(w.deps, admin(), { vmId: vm.vmId }));
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Expunged' });
    w.driver.failWhen({ operation: 'startVm', times: 1 });
    const failed = await deployVm(w.deps, as(user), {
      zoneId: w.cloud.zoneId,
      serviceOfferingId: w.cloud.offeringId,
      templateId: w.cloud.templateId,
    });
    await ended(w.bus, failed.jobId);
    await succeeded(destroyVm(w.deps, as(user), { vmId: failed.vmId }));
    expect(await vmOf(failed.vmId)).toMatchObject({ status: 'Expunged' });
  });
});

describe('migrate', () => {
  it('moves the VM to another host: target used, source released', async () => {
    const vm = await running();
    const source = vm.placement!.hostId;
    await expect(migrateVm(w.deps, as(user), { vmId: vm.vmId })).rejects.toMatchObject({
      code: 'ROOT_ADMIN_ONLY',
    });
    await succeeded(migrateVm(w.deps, admin(), { vmId: vm.vmId }));
    const moved = await vmOf(vm.vmId);
    expect(moved.status).toBe('Running');
    expect(moved.placement!.hostId).not.toBe(source);
    expect((await held(vm)).hosts).toEqual([
      expect.objectContaining({ hostId: moved.placement!.hostId, status: 'Used' }),
    ]);
  });

  it('a failure at EACH step of a migration leaves the VM running on its source with only the source used', async () => {
    const vm = await running();
    const source = vm.placement!.hostId;
    const seen: string[] = [];
    await w.executor.stop();
    w.restart(undefined, failingAt('-none-', seen));
    await succeeded(migrateVm(w.deps, admin(), { vmId: vm.vmId }));
    const kinds = [...new Set(seen.map(stepKind))];
    expect(kinds).toEqual([
      'reserve-host',
      'request-migration',
      'commit-host',
      'complete-migration',
      'release-host',
    ]);
    const home = (await vmOf(vm.vmId)).placement!.hostId;
    for (const kind of kinds.filter((k) => k !== 'release-host')) {
      await w.executor.stop();
      w.restart(undefined, failingAt(kind));
      const job = await ended(w.bus, (await migrateVm(w.deps, admin(), { vmId: vm.vmId })).jobId);
      expect(job, kind).toMatchObject({ status: 'failed' });
      expect(await vmOf(vm.vmId), kind).toMatchObject({ status: 'Running', placement: { hostId: home } });
      expect((await held(vm)).hosts, kind).toEqual([
        expect.objectContaining({ hostId: home, status: 'Used' }),
      ]);
    }
    void source;
  });

  it('a simulator failure of the move keeps the VM on its source and releases the target', async () => {
    const vm = await running();
    w.driver.failWhen({ operation: 'migrateVm', times: 1 });
    const job = await ended(w.bus, (await migrateVm(w.deps, admin(), { vmId: vm.vmId })).jobId);
    expect(job).toMatchObject({ status: 'failed', errorText: expect.stringContaining('simulated failure') });
    expect(await vmOf(vm.vmId)).toMatchObject({
      status: 'Running',
      placement: { hostId: vm.placement!.hostId },
    });
    expect((await held(vm)).hosts).toEqual([
      expect.objectContaining({ hostId: vm.placement!.hostId, status: 'Used' }),
    ]);
  });

  it('migrateVmNow (host maintenance) moves the VM to the host asked for', async () => {
    const vm = await running();
    // Its ROOT volume is on its cluster's pool: only hosts of that cluster reach it.
    const target = w.cloud.hosts.find(
      (h) => h !== vm.placement!.hostId && w.capacity.host(h)?.clusterId === vm.placement!.clusterId,
    )!;
    await migrateVmNow({ ...w.deps, driver: w.driver }, vm.vmId, target);
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Running', placement: { hostId: target } });
    expect((await held(vm)).hosts).toEqual([expect.objectContaining({ hostId: target, status: 'Used' })]);
  });

  it('restartVmElsewhere (HA) stops the VM of a dead host and starts it elsewhere when HA-enabled', async () => {
    const vm = await running({ haEnabled: true });
    const dead = vm.placement!.hostId;
    w.driver.takeHostDown(dead);
    await restartVmElsewhere({ ...w.deps, driver: w.driver }, vm.vmId);
    const restarted = await vmOf(vm.vmId);
    expect(restarted.status).toBe('Running');
    expect(restarted.placement!.hostId).not.toBe(dead);
    expect((await held(vm)).hosts).toEqual([
      expect.objectContaining({ hostId: restarted.placement!.hostId, status: 'Used' }),
    ]);
  });
});

describe('change of offering and scale', () => {
  it('changes the offering of a stopped VM within the limits, counting only the growth', async () => {
    const vm = await running();
    await succeeded(stopVm(w.deps, as(user), { vmId: vm.vmId }));
    await changeServiceOffering(w.deps, as(user), {
      vmId: vm.vmId,
      serviceOfferingId: w.cloud.bigOfferingId,
    });
    expect(await vmOf(vm.vmId)).toMatchObject({
      serviceOfferingId: w.cloud.bigOfferingId,
      size: { cpuNumber: 2 },
    });
    expect(await accountCount()).toMatchObject({ cpu: 2, memory: 2048, user_vm: 1 });
    // The capacity kept for the old size is gone; the next start reserves the new one.
    expect((await held(vm)).hosts).toEqual([]);
    await changeServiceOffering(w.deps, as(user), { vmId: vm.vmId, serviceOfferingId: w.cloud.offeringId });
    expect(await accountCount()).toMatchObject({ cpu: 1, memory: 1024 });
  });

  it('refuses a change that would exceed the domain cpu limit, changing nothing', async () => {
    const a = await running();
    const b = await running();
    await succeeded(stopVm(w.deps, as(user), { vmId: a.vmId }));
    await changeServiceOffering(w.deps, as(user), { vmId: a.vmId, serviceOfferingId: w.cloud.bigOfferingId });
    await succeeded(stopVm(w.deps, as(user), { vmId: b.vmId }));
    await expect(
      changeServiceOffering(w.deps, as(user), { vmId: b.vmId, serviceOfferingId: w.cloud.bigOfferingId }),
    ).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    expect(await vmOf(b.vmId)).toMatchObject({ serviceOfferingId: w.cloud.offeringId });
    const dom = await domainLedger();
    expect(dom.count.cpu).toBe(3);
    expect(dom.reserved.cpu).toBe(0);
  });

  it('scales a running VM: the host holds the new size, the quota counts it', async () => {
    const vm = await running();
    await succeeded(scaleVm(w.deps, as(user), { vmId: vm.vmId, serviceOfferingId: w.cloud.bigOfferingId }));
    expect(await vmOf(vm.vmId)).toMatchObject({ status: 'Running', size: { cpuNumber: 2, memoryMiB: 2048 } });
    expect((await held(vm)).hosts).toEqual([
      expect.objectContaining({
        hostId: vm.placement!.hostId,
        status: 'Used',
        cpuNumber: 2,
        memoryMiB: 2048,
      }),
    ]);
    expect(await accountCount()).toMatchObject({ cpu: 2, memory: 2048 });
  });

  it('a scale the host has no room for fails and leaves size, host and quota as they were', async () => {
    const vm = await running();
    const hostId = vm.placement!.hostId;
    // Fill the host: the VM's one core and three others.
    await w.bus.execute(
      'host',
      hostId,
      {
        type: 'ReserveHostCapacity',
        data: {
          hostId,
          vmId: crypto.randomUUID(),
          reservationId: crypto.randomUUID(),
          cpuNumber: 3,
          cpuSpeedMhz: 1000,
          memoryMiB: 512,
          now: w.bus.now(),
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        },
      },
      ctx(),
    );
    const job = await ended(
      w.bus,
      (await scaleVm(w.deps, as(user), { vmId: vm.vmId, serviceOfferingId: w.cloud.bigOfferingId })).jobId,
    );
    expect(job).toMatchObject({ status: 'failed', errorCode: 533 });
    expect(await vmOf(vm.vmId)).toMatchObject({ size: { cpuNumber: 1 } });
    expect((await held(vm)).hosts).toEqual([expect.objectContaining({ status: 'Used', cpuNumber: 1 })]);
    const account = await ledgerOf(w, 'account', user.accountId);
    expect(account.count.cpu).toBe(1);
    expect(account.reserved.cpu).toBe(0);
  });
});

describe('restore', () => {
  it('reinstalls the ROOT volume: a new one on storage, the old one expunged and its space freed', async () => {
    const vm = await running();
    await succeeded(restoreVm(w.deps, as(user), { vmId: vm.vmId }));
    const restored = await vmOf(vm.vmId);
    expect(restored.status).toBe('Running');
    expect(restored.rootVolumeId).not.toBe(vm.rootVolumeId);
    expect((await w.bus.load('volume', restored.rootVolumeId)).state).toMatchObject({ status: 'Ready' });
    expect((await w.bus.load('volume', vm.rootVolumeId)).state).toMatchObject({ status: 'Expunged' });
    const pools = (await holdingsOf(w, vm.vmId, [vm.rootVolumeId, restored.rootVolumeId])).pools;
    expect(pools).toEqual([expect.objectContaining({ holderId: restored.rootVolumeId, status: 'Used' })]);
    expect(await accountCount()).toMatchObject({ volume: 1, primary_storage: 2 * GiB });
  });

  it('a simulator failure creating the new volume leaves the VM on its old volume and frees the new space', async () => {
    const vm = await running();
    w.driver.failWhen({ operation: 'createVolume', times: 1 });
    const job = await ended(w.bus, (await restoreVm(w.deps, as(user), { vmId: vm.vmId })).jobId);
    expect(job).toMatchObject({ status: 'failed' });
    const after = await vmOf(vm.vmId);
    expect(after.rootVolumeId).toBe(vm.rootVolumeId);
    const pools = (await holdingsOf(w, vm.vmId, [vm.rootVolumeId])).pools;
    expect(pools).toEqual([expect.objectContaining({ holderId: vm.rootVolumeId })]);
    const all = w.cloud.pools.length;
    expect(all).toBeGreaterThan(0);
  });
});
