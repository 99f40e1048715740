import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepExpiredReservations } from '../../../src/commands/capacity/index.ts';
import { deployVm } from '../../../src/commands/vm/index.ts';
import { ctx } from '../support.ts';
import { type Account, GiB } from './cloud.ts';
import {
  createWorld,
  ended,
  failingAt,
  holdingsOf,
  ledgerOf,
  stepKind,
  until,
  type World,
} from './harness.ts';

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
  await cloud.domainLimit(domain, cloud.rootDomainId, 'cpu', 8);
});
afterEach(async () => {
  await w.close();
});

const deploy = (input: Partial<Parameters<typeof deployVm>[2]> = {}, account = user) =>
  deployVm(
    w.deps,
    { caller: account.caller, ctx: ctx() },
    {
      zoneId: w.cloud.zoneId,
      serviceOfferingId: w.cloud.offeringId,
      templateId: w.cloud.templateId,
      ...input,
    },
  );

const vmOf = async (vmId: string) => (await w.bus.load('vm', vmId)).state;

/** Nothing held by the VM anywhere, and the ledgers count only what `running` VMs of 1 vCPU hold. */
const expectNothingHeld = async (vmId: string, rootVolumeId: string, running = 0) => {
  expect(await holdingsOf(w, vmId, [rootVolumeId])).toEqual({ hosts: [], pools: [] });
  const account = await ledgerOf(w, 'account', user.accountId);
  expect(account.reserved.user_vm).toBe(0);
  expect(account.count.user_vm).toBe(running);
  const dom = await ledgerOf(w, 'domain', domain.tenantDomainId);
  expect(dom.reserved.cpu).toBe(0);
  expect(dom.count.cpu).toBe(running);
};

describe('deployVm', () => {
  it('answers with the VM and job ids at once; the job runs the VM on a host and commits host, pool and quota', async () => {
    const submitted = await deploy();
    expect(await vmOf(submitted.vmId)).toMatchObject({ status: 'Stopped' });
    const job = await ended(w.bus, submitted.jobId);
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { virtualmachine: { id: submitted.vmId, state: 'Running' } },
    });
    const vm = await vmOf(submitted.vmId);
    if (vm.status === 'Initial') throw new Error('no vm');
    expect(vm.status).toBe('Running');
    expect(w.driver.isRunning(submitted.vmId)).toBe(true);
    const held = await holdingsOf(w, submitted.vmId, [vm.rootVolumeId]);
    expect(held.hosts).toEqual([
      expect.objectContaining({
        hostId: vm.placement?.hostId,
        status: 'Used',
        cpuNumber: 1,
        memoryMiB: 1024,
      }),
    ]);
    expect(held.pools).toEqual([
      expect.objectContaining({ status: 'Used', sizeBytes: w.cloud.templateBytes }),
    ]);
    expect((await w.bus.load('volume', vm.rootVolumeId)).state).toMatchObject({
      status: 'Ready',
      type: 'ROOT',
    });
    const account = await ledgerOf(w, 'account', user.accountId);
    expect(account.count).toMatchObject({
      user_vm: 1,
      cpu: 1,
      memory: 1024,
      volume: 1,
      primary_storage: 2 * GiB,
    });
    expect((await ledgerOf(w, 'domain', domain.tenantDomainId)).count.cpu).toBe(1);
    // ROOT is never limited, so its ledger is never written.
    expect(await w.store.readStream(`quota_domain-${w.cloud.rootDomainId}`)).toHaveLength(0);
  });

  it('with startVm false records the ROOT volume and counts the quota, but takes no host', async () => {
    const submitted = await deploy({ startVm: false });
    expect(await ended(w.bus, submitted.jobId)).toMatchObject({ status: 'succeeded' });
    const vm = await vmOf(submitted.vmId);
    if (vm.status === 'Initial') throw new Error('no vm');
    expect(vm.status).toBe('Stopped');
    expect(await holdingsOf(w, submitted.vmId, [vm.rootVolumeId])).toEqual({ hosts: [], pools: [] });
    expect((await ledgerOf(w, 'account', user.accountId)).count.user_vm).toBe(1);
  });

  it('refuses at once a caller acting on another account, and a user choosing the host', async () => {
    const other = await w.cloud.account(domain.tenantDomainId, domain.path);
    await expect(deploy({ accountId: user.accountId }, other)).rejects.toMatchObject({
      code: 'VM_ACCESS_DENIED',
    });
    await expect(deploy({ hostId: w.cloud.hosts[0] })).rejects.toMatchObject({ code: 'VM_HOST_ADMIN_ONLY' });
  });

  it('refuses at once an unknown offering or template', async () => {
    await expect(deploy({ serviceOfferingId: crypto.randomUUID() })).rejects.toMatchObject({
      kind: 'not_found',
    });
    await expect(deploy({ templateId: crypto.randomUUID() })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('fails the job with a limit error when the account limit is reached, leaving the VM in Error and nothing held', async () => {
    await w.cloud.accountLimit(user, 'user_vm', 0);
    const submitted = await deploy();
    const job = await ended(w.bus, submitted.jobId);
    expect(job).toMatchObject({ status: 'failed', errorCode: 532 });
    expect(job.errorText).toContain('user_vm');
    const vm = await vmOf(submitted.vmId);
    expect(vm.status).toBe('Error');
    if (vm.status === 'Initial') return;
    await expectNothingHeld(submitted.vmId, vm.rootVolumeId);
  });

  it('fails with insufficient capacity when no host can take the VM, giving the quota back', async () => {
    await w.cloud.offering(crypto.randomUUID(), { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 });
    const huge = crypto.randomUUID();
    await w.cloud.offering(huge, { cpuNumber: 8, cpuSpeedMhz: 1000, memoryMiB: 1024 });
    await w.cloud.domainLimit(domain, w.cloud.rootDomainId, 'cpu', 100);
    const submitted = await deploy({ serviceOfferingId: huge });
    expect(await ended(w.bus, submitted.jobId)).toMatchObject({ status: 'failed', errorCode: 533 });
    const vm = await vmOf(submitted.vmId);
    if (vm.status === 'Initial') throw new Error('no vm');
    expect(vm.status).toBe('Error');
    await expectNothingHeld(submitted.vmId, vm.rootVolumeId);
  });

  it.each(['createVolume', 'startVm'] as const)(
    'a simulator failure of %s fails the job with the reason and leaves nothing reserved',
    async (operation) => {
      w.driver.failWhen({ operation, times: 1 });
      const submitted = await deploy();
      const job = await ended(w.bus, submitted.jobId);
      expect(job).toMatchObject({ status: 'failed', errorCode: 530 });
      expect(job.errorText).toContain(`simulated failure of ${operation}`);
      const vm = await vmOf(submitted.vmId);
      if (vm.status === 'Initial') throw new Error('no vm');
      expect(vm.status).toBe('Error');
      expect(w.driver.isRunning(submitted.vmId)).toBe(false);
      expect((await w.bus.load('volume', vm.rootVolumeId)).state).toMatchObject({ status: 'Expunged' });
      await expectNothingHeld(submitted.vmId, vm.rootVolumeId);
    },
  );

  it('a failure injected at EACH step of the deploy leaves no capacity, storage or quota reserved', async () => {
    const seen: string[] = [];
    await w.executor.stop();
    w.restart(undefined, failingAt('-no-such-step-', seen));
    expect(await ended(w.bus, (await deploy()).jobId)).toMatchObject({ status: 'succeeded' });
    const steps = [...new Set(seen.map(stepKind))];
    expect(steps).toEqual(
      expect.arrayContaining([
        'quota-reserve',
        'create-root-volume',
        'reserve-host',
        'reserve-storage',
        'request-start',
        'commit-host',
        'quota-commit',
        'complete-start',
      ]),
    );
    for (const step of steps) {
      await w.executor.stop();
      w.restart(undefined, failingAt(step));
      const submitted = await deploy();
      const job = await ended(w.bus, submitted.jobId);
      expect(job, step).toMatchObject({
        status: 'failed',
        errorText: expect.stringContaining('injected failure'),
      });
      const vm = await vmOf(submitted.vmId);
      if (vm.status === 'Initial') throw new Error('no vm');
      expect(vm.status, step).toBe('Error');
      await expectNothingHeld(submitted.vmId, vm.rootVolumeId, 1);
    }
  });
});

describe('the reservation sweep', () => {
  it('expires host, pool and quota reservations left behind past their window, and only those', async () => {
    const running = await deploy();
    expect(await ended(w.bus, running.jobId)).toMatchObject({ status: 'succeeded' });
    // A workflow that died after reserving: its reservations stay Pending.
    const hostId = w.cloud.hosts[0]!;
    const poolId = w.cloud.pools[0]!;
    const now = w.bus.now();
    const soon = new Date(Date.now() + 60_000).toISOString();
    const c = ctx();
    const vmId = crypto.randomUUID();
    await w.bus.execute(
      'host',
      hostId,
      {
        type: 'ReserveHostCapacity',
        data: {
          hostId,
          vmId,
          reservationId: crypto.randomUUID(),
          cpuNumber: 1,
          cpuSpeedMhz: 1000,
          memoryMiB: 512,
          now,
          expiresAt: soon,
        },
      },
      c,
    );
    await w.bus.execute(
      'storagePool',
      poolId,
      {
        type: 'ReserveStorage',
        data: {
          poolId,
          volumeId: vmId,
          reservationId: crypto.randomUUID(),
          sizeBytes: GiB,
          now,
          expiresAt: soon,
        },
      },
      c,
    );
    const ledger = { scope: 'account' as const, ownerId: user.accountId };
    const limits = (await import('../../../src/domain/limits/index.ts')).defaultAccountLimits;
    await w.bus.execute(
      'quotaAccount',
      user.accountId,
      {
        type: 'ReserveQuota',
        data: {
          ledger,
          reservationId: crypto.randomUUID(),
          resources: { user_vm: 1 },
          limits,
          now,
          expiresAt: soon,
        },
      },
      c,
    );

    const early = await sweepExpiredReservations(w.deps, now);
    expect(early.expired).toBe(0);
    // $all shows a just-committed event once older transactions end: sweep until the index has seen all three.
    const later = new Date(Date.now() + 120_000).toISOString();
    const swept = { hosts: 0, pools: 0, ledgers: 0, expired: 0 };
    await until(async () => {
      const r = await sweepExpiredReservations(w.deps, later);
      for (const k of ['hosts', 'pools', 'ledgers', 'expired'] as const) swept[k] += r[k];
      return swept.expired >= 3;
    });
    expect(swept).toEqual({ hosts: 1, pools: 1, ledgers: 1, expired: 3 });
    expect(await sweepExpiredReservations(w.deps, later)).toMatchObject({ expired: 0 });
    expect(await holdingsOf(w, vmId, [vmId])).toEqual({ hosts: [], pools: [] });
    const account = await ledgerOf(w, 'account', user.accountId);
    expect(account.reserved.user_vm).toBe(0);
    // The running VM's committed reservations are not touched.
    const vm = await vmOf(running.vmId);
    if (vm.status === 'Initial') throw new Error('no vm');
    expect((await holdingsOf(w, running.vmId, [vm.rootVolumeId])).hosts).toHaveLength(1);
    expect(account.count.user_vm).toBe(1);
  });
});
