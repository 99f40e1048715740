import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attachVolume,
  createSnapshotPolicy,
  createTemplate,
  createVolume,
  deleteSnapshot,
  deleteSnapshotPolicies,
  listSnapshotPolicies,
  resizeVolume,
  revertSnapshot,
  takeSnapshot,
  updateSnapshotPolicy,
} from '../../../src/commands/storage/index.ts';
import { ctx } from '../support.ts';
import { type Cloud, createCloud, GiB } from './fixture.ts';

let cloud: Cloud;
beforeEach(async () => {
  cloud = await createCloud();
});
afterEach(async () => {
  await cloud.close();
});

/** A 10 GiB data volume on storage, attached to a VM of the user (Running unless told Stopped). */
const readyVolume = async (running = true) => {
  const { vmId } = await cloud.vm({ running });
  const { volumeId } = await createVolume(cloud.deps, cloud.as(cloud.user), {
    name: 'data',
    zoneId: cloud.zoneId,
    diskOfferingId: cloud.smallOffering,
  });
  await cloud.settle((await attachVolume(cloud.deps, cloud.as(cloud.user), { volumeId, vmId })).jobId);
  return { volumeId, vmId };
};

const snap = async (volumeId: string) => {
  const taken = await takeSnapshot(cloud.deps, cloud.as(cloud.user), { volumeId });
  return { ...taken, job: await cloud.settle(taken.jobId) };
};

const stopVm = async (vmId: string) => {
  await cloud.bus.execute('vm', vmId, { type: 'RequestVmStop', data: { vmId, forced: true } }, ctx());
  await cloud.bus.execute('vm', vmId, { type: 'CompleteVmStop', data: { vmId } }, ctx());
};

describe('takeSnapshot', () => {
  it('backs the volume up and counts one snapshot and its physical size', async () => {
    const { volumeId } = await readyVolume();
    const { snapshotId, job } = await snap(volumeId);
    expect(job).toMatchObject({ status: 'succeeded', result: { physicalSizeBytes: 4 * GiB } });
    expect(await cloud.snapshot(snapshotId)).toMatchObject({
      status: 'BackedUp',
      physicalSizeBytes: 4 * GiB,
      snapshotType: 'MANUAL',
    });
    expect((await cloud.volume(volumeId)).status).toBe('Ready');
    const ledger = await cloud.accountLedger();
    expect(ledger.count).toMatchObject({ snapshot: 1, secondary_storage: 4 * GiB });
    expect(ledger.reserved).toMatchObject({ snapshot: 0, secondary_storage: 0 });
  });

  it('marks the snapshot Error, the volume Ready and releases the quota when the hypervisor fails', async () => {
    const { volumeId } = await readyVolume();
    cloud.driver.failWhen({ operation: 'takeSnapshot' });
    const { snapshotId, job } = await snap(volumeId);
    expect(job.status).toBe('failed');
    expect((await cloud.snapshot(snapshotId)).status).toBe('Error');
    expect((await cloud.volume(volumeId)).status).toBe('Ready');
    const ledger = await cloud.accountLedger();
    expect(ledger.count).toMatchObject({ snapshot: 0, secondary_storage: 0 });
    expect(ledger.reserved).toMatchObject({ snapshot: 0, secondary_storage: 0 });
  });

  it('refuses a volume not on storage yet, reserving nothing', async () => {
    const { volumeId } = await createVolume(cloud.deps, cloud.as(cloud.user), {
      name: 'fresh',
      zoneId: cloud.zoneId,
      diskOfferingId: cloud.smallOffering,
    });
    await expect(takeSnapshot(cloud.deps, cloud.as(cloud.user), { volumeId })).rejects.toMatchObject({
      code: 'VOLUME_NOT_READY',
    });
    expect((await cloud.accountLedger()).reserved.snapshot).toBe(0);
  });

  it('refuses another account', async () => {
    const { volumeId } = await readyVolume();
    await expect(takeSnapshot(cloud.deps, cloud.as(cloud.otherUser), { volumeId })).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });
});

describe('deleteSnapshot', () => {
  it('destroys the snapshot and stops counting it', async () => {
    const { volumeId } = await readyVolume();
    const { snapshotId } = await snap(volumeId);
    const { jobId } = await deleteSnapshot(cloud.deps, cloud.as(cloud.user), { snapshotId });
    expect((await cloud.settle(jobId)).status).toBe('succeeded');
    expect((await cloud.snapshot(snapshotId)).status).toBe('Destroyed');
    expect((await cloud.accountLedger()).count).toMatchObject({ snapshot: 0, secondary_storage: 0 });
  });

  it('keeps the snapshot BackedUp and counted when the hypervisor fails to delete it', async () => {
    const { volumeId } = await readyVolume();
    const { snapshotId } = await snap(volumeId);
    cloud.driver.failWhen({ operation: 'deleteSnapshot' });
    const { jobId } = await deleteSnapshot(cloud.deps, cloud.as(cloud.user), { snapshotId });
    expect((await cloud.settle(jobId)).status).toBe('failed');
    expect((await cloud.snapshot(snapshotId)).status).toBe('BackedUp');
    expect((await cloud.accountLedger()).count.snapshot).toBe(1);
  });
});

describe('revertSnapshot', () => {
  it('fails while the VM runs, leaving the volume as it was', async () => {
    const { volumeId } = await readyVolume();
    const { snapshotId } = await snap(volumeId);
    const { jobId } = await revertSnapshot(cloud.deps, cloud.as(cloud.user), { snapshotId });
    expect(await cloud.settle(jobId)).toMatchObject({
      status: 'failed',
      errorText: expect.stringContaining('stop it'),
    });
    expect((await cloud.volume(volumeId)).status).toBe('Ready');
  });

  it('reverts a volume of a stopped VM to the size it had, giving back the quota and keeping the pool whole', async () => {
    const { volumeId, vmId } = await readyVolume();
    const { snapshotId } = await snap(volumeId);
    const grown = await resizeVolume(cloud.deps, cloud.as(cloud.user), { volumeId, sizeGiB: 20 });
    expect((await cloud.settle(grown.jobId)).status).toBe('succeeded');
    await stopVm(vmId);
    const { jobId } = await revertSnapshot(cloud.deps, cloud.as(cloud.user), { snapshotId });
    expect((await cloud.settle(jobId)).status).toBe('succeeded');
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Ready', sizeBytes: 10 * GiB });
    expect((await cloud.accountLedger()).count.primary_storage).toBe(10 * GiB);
  });

  it('leaves the volume Ready at its size when the hypervisor fails the revert', async () => {
    const { volumeId } = await readyVolume(false);
    const { snapshotId } = await snap(volumeId);
    await cloud.settle(
      (await resizeVolume(cloud.deps, cloud.as(cloud.user), { volumeId, sizeGiB: 5, shrinkOk: true })).jobId,
    );
    cloud.driver.failWhen({ operation: 'revertSnapshot' });
    const { jobId } = await revertSnapshot(cloud.deps, cloud.as(cloud.user), { snapshotId });
    expect((await cloud.settle(jobId)).status).toBe('failed');
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Ready', sizeBytes: 5 * GiB });
    const ledger = await cloud.accountLedger();
    expect(ledger.count.primary_storage).toBe(5 * GiB);
    expect(ledger.reserved.primary_storage).toBe(0);
  });
});

describe('createTemplate', () => {
  it('makes a template from a snapshot, downloaded in the zone, counted as a template', async () => {
    const { volumeId } = await readyVolume();
    const { snapshotId } = await snap(volumeId);
    const { templateId, jobId } = await createTemplate(cloud.deps, cloud.as(cloud.user), {
      name: 'golden',
      osType: 'Ubuntu 24.04',
      snapshotId,
    });
    expect((await cloud.settle(jobId)).status).toBe('succeeded');
    const image = (await cloud.bus.load('image', templateId)).state;
    expect(image).toMatchObject({
      status: 'Active',
      source: { type: 'snapshot', snapshotId },
      hypervisor: 'Simulator',
    });
    expect(image.status !== 'None' && image.zones[cloud.zoneId]).toMatchObject({
      status: 'DOWNLOADED',
      ready: true,
    });
    const ledger = await cloud.accountLedger();
    expect(ledger.count.template).toBe(1);
    expect(ledger.reserved).toMatchObject({ template: 0, secondary_storage: 0 });
  });

  it('records the failed copy and releases the template quota when the hypervisor fails', async () => {
    const { volumeId } = await readyVolume();
    const { snapshotId } = await snap(volumeId);
    cloud.driver.failWhen({ operation: 'createTemplate' });
    const { templateId, jobId } = await createTemplate(cloud.deps, cloud.as(cloud.user), {
      name: 'broken',
      osType: 'Ubuntu 24.04',
      snapshotId,
    });
    expect((await cloud.settle(jobId)).status).toBe('failed');
    const image = (await cloud.bus.load('image', templateId)).state;
    expect(image.status !== 'None' && image.zones[cloud.zoneId]?.status).toBe('DOWNLOAD_ERROR');
    const ledger = await cloud.accountLedger();
    expect(ledger.count.template).toBe(0);
    expect(ledger.reserved).toMatchObject({ template: 0, secondary_storage: 0 });
  });

  it('refuses a volume of a running VM, releasing what it reserved', async () => {
    const { volumeId } = await readyVolume();
    await expect(
      createTemplate(cloud.deps, cloud.as(cloud.user), { name: 'hot', osType: 'Linux', volumeId }),
    ).rejects.toMatchObject({ code: 'IMAGE_SOURCE_VM_NOT_STOPPED' });
    const ledger = await cloud.accountLedger();
    expect(ledger.reserved.template).toBe(0);
    expect(ledger.count.template).toBe(0);
  });

  it('makes a template from the volume of a stopped VM', async () => {
    const { volumeId } = await readyVolume(false);
    const { templateId, jobId } = await createTemplate(cloud.deps, cloud.as(cloud.user), {
      name: 'from-volume',
      osType: 'Linux',
      volumeId,
    });
    expect((await cloud.settle(jobId)).status).toBe('succeeded');
    expect((await cloud.bus.load('image', templateId)).state).toMatchObject({
      source: { type: 'volume', volumeId },
    });
  });
});

describe('snapshot policies', () => {
  it('creates a policy, and creating again for the same volume and interval updates it', async () => {
    const { volumeId } = await readyVolume();
    const first = await createSnapshotPolicy(cloud.deps, cloud.as(cloud.user), {
      volumeId,
      intervalType: 'DAILY',
      schedule: '00:03',
      timezone: 'Europe/Berlin',
      maxSnaps: 3,
    });
    const again = await createSnapshotPolicy(cloud.deps, cloud.as(cloud.user), {
      volumeId,
      intervalType: 'DAILY',
      schedule: '30:04',
      timezone: 'Europe/Berlin',
      maxSnaps: 5,
    });
    expect(again.policy).toMatchObject({ policyId: first.policy.policyId, schedule: '30:04', maxSnaps: 5 });
    const listed = await listSnapshotPolicies(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect(listed).toHaveLength(1);
  });

  it('updates and deletes a policy by its id alone', async () => {
    const { volumeId } = await readyVolume();
    const { policy } = await createSnapshotPolicy(cloud.deps, cloud.as(cloud.user), {
      volumeId,
      intervalType: 'HOURLY',
      schedule: '15',
      timezone: 'UTC',
      maxSnaps: 2,
    });
    const updated = await updateSnapshotPolicy(cloud.deps, cloud.as(cloud.user), {
      policyId: policy.policyId,
      maxSnaps: 4,
    });
    expect(updated.policy.maxSnaps).toBe(4);
    await deleteSnapshotPolicies(cloud.deps, cloud.as(cloud.user), { ids: [policy.policyId] });
    expect(await listSnapshotPolicies(cloud.deps, cloud.as(cloud.user), { volumeId })).toEqual([]);
  });

  it('refuses a malformed schedule and maxsnaps above the interval limit', async () => {
    const { volumeId } = await readyVolume();
    const base = { volumeId, intervalType: 'WEEKLY' as const, timezone: 'UTC', maxSnaps: 2 };
    await expect(
      createSnapshotPolicy(cloud.deps, cloud.as(cloud.user), { ...base, schedule: '00:03:9' }),
    ).rejects.toMatchObject({ code: 'SCHEDULE_DAY_OF_WEEK_INVALID' });
    await expect(
      createSnapshotPolicy(
        { ...cloud.deps, settings: { intervalMaxSnaps: { WEEKLY: 1 } } },
        cloud.as(cloud.user),
        {
          ...base,
          schedule: '00:03:2',
        },
      ),
    ).rejects.toMatchObject({ code: 'MAX_SNAPS_ABOVE_INTERVAL_LIMIT' });
  });

  it('refuses another account policy on the volume', async () => {
    const { volumeId } = await readyVolume();
    await expect(
      createSnapshotPolicy(cloud.deps, cloud.as(cloud.otherUser), {
        volumeId,
        intervalType: 'DAILY',
        schedule: '00:03',
        timezone: 'UTC',
        maxSnaps: 1,
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
