import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployVm } from '../../../src/commands/vm/index.ts';
import { ctx } from '../support.ts';
import { type Account, GiB } from './cloud.ts';
import { createWorld, ended, type World } from './harness.ts';
import { checkInvariants, checkLedger } from './invariants.ts';

let w: World;

beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.close();
});

const accountLimit = 6;
const domainCpuLimit = 10;

describe('concurrent deploys', () => {
  it('200 concurrent deploys into a tight cloud: no host, pool or limit exceeded, every job ended, reservations equal the running VMs', async () => {
    const { cloud } = w;
    await cloud.base();
    // 6 hosts × 4 cores / 4 GiB: 24 one-core VMs at most; pools take 12 ROOT disks each.
    await cloud.infrastructure({
      clusters: 2,
      hostsPerCluster: 3,
      host: { cpuCores: 4, cpuSpeedMhz: 1000, memoryMiB: 4096 },
      poolBytes: 30 * GiB,
    });
    // 3 domains of 2 accounts: accounts may run 6 VMs, domains 10 cores (30 > 24: both bind).
    const domains = [];
    const accounts: Account[] = [];
    for (const name of ['alpha', 'beta', 'gamma']) {
      const domain = await cloud.domain(cloud.rootDomainId, 'ROOT', name);
      await cloud.domainLimit(domain, cloud.rootDomainId, 'cpu', domainCpuLimit);
      domains.push(domain);
      for (let i = 0; i < 2; i++) {
        const account = await cloud.account(domain.tenantDomainId, domain.path);
        await cloud.accountLimit(account, 'user_vm', accountLimit);
        accounts.push(account);
      }
    }

    const submitted = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const account = accounts[i % accounts.length]!;
        return deployVm(
          w.deps,
          { caller: account.caller, ctx: ctx() },
          { zoneId: cloud.zoneId, serviceOfferingId: cloud.offeringId, templateId: cloud.templateId },
        );
      }),
    );
    const jobs = await Promise.all(submitted.map((s) => ended(w.bus, s.jobId, 240_000)));

    for (const job of jobs) {
      expect(['succeeded', 'failed']).toContain(job.status);
      if (job.status === 'failed') {
        expect(job.errorText).toMatch(/\S/);
        expect([532, 533]).toContain(job.errorCode);
      }
    }
    const { vms, running } = await checkInvariants(
      w,
      submitted.map((s) => s.vmId),
    );
    const succeeded = jobs.filter((j) => j.status === 'succeeded');
    expect(running).toHaveLength(succeeded.length);
    expect(vms.filter((vm) => vm.status !== 'Running').every((vm) => vm.status === 'Error')).toBe(true);
    // The cloud is full or every limit reached: tight capacity really was contended.
    expect(running.length).toBeGreaterThanOrEqual(20);
    expect(running.length).toBeLessThanOrEqual(24);
    for (const account of accounts)
      await checkLedger(w, 'account', account.accountId, running, { user_vm: accountLimit });
    for (const domain of domains)
      await checkLedger(w, 'domain', domain.tenantDomainId, running, { cpu: domainCpuLimit });
    for (const vm of running) expect(w.driver.isRunning(vm.vmId)).toBe(true);
  }, 300_000);
});
