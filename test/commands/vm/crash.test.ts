import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import { CapacityIndex } from '../../../src/commands/capacity/index.ts';
import { deployVm } from '../../../src/commands/vm/index.ts';
import { ctx } from '../support.ts';
import { type Account, GiB } from './cloud.ts';
import { createWorld, ended, until, type World } from './harness.ts';
import { checkInvariants, checkLedger } from './invariants.ts';

let w: World;
let user: Account;

beforeEach(async () => {
  // The hypervisor is slow enough that the executor stops with jobs at every step.
  w = await createWorld(new SimulatorDriver({ latencyMs: { startVm: 150, createVolume: 50 } }));
  const { cloud } = w;
  await cloud.base();
  await cloud.infrastructure({
    clusters: 2,
    hostsPerCluster: 3,
    host: { cpuCores: 8, cpuSpeedMhz: 1000, memoryMiB: 8192 },
    poolBytes: 200 * GiB,
  });
  const domain = await cloud.domain(cloud.rootDomainId, 'ROOT', 'acme');
  user = await cloud.account(domain.tenantDomainId, domain.path);
  await cloud.accountLimit(user, 'user_vm', 40);
  await cloud.accountLimit(user, 'volume', 40);
});
afterEach(async () => {
  await w.close();
});

const eventsOf = async (stream: string) => (await w.store.readStream(stream)).map((e) => e.type);

describe('crash and resume', () => {
  it('deploys interrupted by a stopped executor are finished by the next one: each once, nothing reserved twice', async () => {
    const submitted = await Promise.all(
      Array.from({ length: 30 }, () =>
        deployVm(
          w.deps,
          { caller: user.caller, ctx: ctx() },
          { zoneId: w.cloud.zoneId, serviceOfferingId: w.cloud.offeringId, templateId: w.cloud.templateId },
        ),
      ),
    );
    // Let the executor get well into them, then stop it (as a crash would, between steps).
    await until(async () => w.executor.running >= 10);
    await new Promise((r) => setTimeout(r, 120));
    await w.executor.stop();
    const pending = [];
    for (const s of submitted)
      if ((await w.bus.load('job', s.jobId)).state?.status === 'pending') pending.push(s);
    expect(pending.length).toBeGreaterThan(0);

    // A new process: a fresh capacity index that only knows what the streams say.
    w.restart(new CapacityIndex({ store: w.store }));
    const jobs = await Promise.all(submitted.map((s) => ended(w.bus, s.jobId, 60_000)));
    expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);

    for (const s of submitted) {
      const ends = (await eventsOf(`job-${s.jobId}`)).filter((t) => t !== 'JobSubmitted');
      expect(ends).toEqual(['JobSucceeded']);
      const vmEvents = await eventsOf(`vm-${s.vmId}`);
      expect(vmEvents.filter((t) => t === 'VmStarted')).toHaveLength(1);
      expect(vmEvents.filter((t) => t === 'VmStartRequested')).toHaveLength(1);
    }
    const { running } = await checkInvariants(
      w,
      submitted.map((s) => s.vmId),
    );
    expect(running).toHaveLength(30);
    await checkLedger(w, 'account', user.accountId, running, { user_vm: 40 });
  }, 120_000);
});
