import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployVm } from '../../../src/commands/vm/index.ts';
import { ctx } from '../support.ts';
import { GiB } from './cloud.ts';
import { createWorld, ended, type World } from './harness.ts';

let w: World;

beforeEach(async () => {
  w = await createWorld();
  await w.cloud.base();
  await w.cloud.infrastructure({
    clusters: 2,
    hostsPerCluster: 2,
    host: { cpuCores: 4, cpuSpeedMhz: 1000, memoryMiB: 4096 },
    poolBytes: 100 * GiB,
  });
});
afterEach(async () => {
  await w.close();
});

describe('deployVm', () => {
  it('answers with the VM and job ids at once, and the job brings the VM to Running on a host', async () => {
    const { cloud } = w;
    const user = await cloud.account(cloud.rootDomainId, 'ROOT');
    const submitted = await deployVm(
      w.deps,
      { caller: user.caller, ctx: ctx() },
      {
        zoneId: cloud.zoneId,
        serviceOfferingId: cloud.offeringId,
        templateId: cloud.templateId,
      },
    );
    const job = await ended(w.bus, submitted.jobId);
    expect(job).toMatchObject({ status: 'succeeded' });
    const vm = (await w.bus.load('vm', submitted.vmId)).state;
    expect(vm).toMatchObject({ status: 'Running' });
    expect(w.driver.isRunning(submitted.vmId)).toBe(true);
    void randomUUID;
  });
});
