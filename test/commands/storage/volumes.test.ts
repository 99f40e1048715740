import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attachVolume,
  createVolume,
  deleteVolume,
  detachVolume,
  expungeVolume,
  recoverVolume,
  resizeVolume,
} from '../../../src/commands/storage/index.ts';
import { type Cloud, createCloud, GiB } from './fixture.ts';

let cloud: Cloud;
beforeEach(async () => {
  cloud = await createCloud();
});
afterEach(async () => {
  await cloud.close();
});

const newVolume = async (sizeOffering?: string) => {
  const { volumeId } = await createVolume(cloud.deps, cloud.as(cloud.user), {
    name: 'data',
    zoneId: cloud.zoneId,
    diskOfferingId: sizeOffering ?? cloud.smallOffering,
  });
  return volumeId;
};

/** Attaches and waits: the job's final state. */
const attach = async (volumeId: string, vmId: string) =>
  cloud.settle((await attachVolume(cloud.deps, cloud.as(cloud.user), { volumeId, vmId })).jobId);

/** What the pools hold: reservations by status, allocated bytes. */
const poolHoldings = async () =>
  Promise.all(
    cloud.poolIds.map(async (id) => {
      const pool = await cloud.poolState(id);
      return {
        allocatedBytes: pool.allocatedBytes,
        reservations: Object.values(pool.reservations).map((r) => r.status),
      };
    }),
  );

const totalAllocated = async () => (await poolHoldings()).reduce((sum, p) => sum + p.allocatedBytes, 0);

describe('createVolume', () => {
  it('records an Allocated DATADISK and counts one volume and its size on the account and its domain', async () => {
    const volumeId = await newVolume();
    expect(await cloud.volume(volumeId)).toMatchObject({
      status: 'Allocated',
      type: 'DATADISK',
      sizeBytes: 10 * GiB,
      poolId: null,
    });
    for (const ledger of [await cloud.accountLedger(), await cloud.domainLedger()]) {
      expect(ledger.count).toMatchObject({ volume: 1, primary_storage: 10 * GiB });
      expect(ledger.reserved).toMatchObject({ volume: 0, primary_storage: 0 });
    }
  });

  it('refuses a volume above the account primary_storage limit and leaves nothing reserved or counted', async () => {
    await expect(
      createVolume(cloud.deps, cloud.as(cloud.user), {
        name: 'huge',
        zoneId: cloud.zoneId,
        diskOfferingId: cloud.customOffering,
        sizeGiB: 300,
      }),
    ).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    const ledger = await cloud.accountLedger();
    expect(ledger.count.primary_storage).toBe(0);
    expect(ledger.reserved.primary_storage).toBe(0);
  });

  it('refuses a user creating a volume for another account', async () => {
    await expect(
      createVolume(cloud.deps, cloud.as(cloud.user), {
        name: 'theirs',
        zoneId: cloud.zoneId,
        diskOfferingId: cloud.smallOffering,
        accountId: cloud.otherAccountId,
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_ACCESS_DENIED', kind: 'forbidden' });
  });

  it('returns the same volume for a retried request with the same idempotency key', async () => {
    const request = { name: 'once', zoneId: cloud.zoneId, diskOfferingId: cloud.smallOffering };
    const a = await createVolume(cloud.deps, cloud.as(cloud.user, { idempotencyKey: 'vol-1' }), request);
    const b = await createVolume(cloud.deps, cloud.as(cloud.user, { idempotencyKey: 'vol-1' }), request);
    expect(b.volumeId).toBe(a.volumeId);
    expect((await cloud.accountLedger()).count.volume).toBe(1);
  });
});

describe('attachVolume', () => {
  it('places an Allocated volume on a pool of the running VM cluster, creates it and hot-plugs it', async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    const job = await attach(volumeId, vmId);
    expect(job).toMatchObject({ status: 'succeeded', result: { volumeId, vmId, deviceId: 1 } });
    const volume = await cloud.volume(volumeId);
    expect(volume).toMatchObject({ status: 'Ready', attachment: { vmId, deviceId: 1 } });
    expect(cloud.poolIds).toContain(volume.poolId);
    const pool = await cloud.poolState(volume.poolId!);
    expect(Object.values(pool.reservations)).toEqual([
      expect.objectContaining({ holderId: volumeId, status: 'Used' }),
    ]);
  });

  it('gives concurrent attaches to one VM different device ids', async () => {
    const { vmId } = await cloud.vm();
    const volumes = await Promise.all([newVolume(), newVolume(), newVolume()]);
    const jobs = await Promise.all(
      volumes.map((volumeId) => attachVolume(cloud.deps, cloud.as(cloud.user), { volumeId, vmId })),
    );
    for (const { jobId } of jobs) expect((await cloud.settle(jobId)).status).toBe('succeeded');
    const devices = await Promise.all(
      volumes.map(async (id) => (await cloud.volume(id)).attachment?.deviceId),
    );
    expect(new Set(devices).size).toBe(3);
    expect(devices).not.toContain(0);
  });

  it('releases the pool space and returns the volume to Allocated when the hypervisor fails to create it', async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    cloud.driver.failWhen({ operation: 'createVolume' });
    const job = await attach(volumeId, vmId);
    expect(job).toMatchObject({ status: 'failed', errorCode: 530 });
    expect(await cloud.volume(volumeId)).toMatchObject({
      status: 'Allocated',
      poolId: null,
      attachment: null,
    });
    expect(await totalAllocated()).toBe(0);
    expect((await cloud.accountLedger()).reserved.primary_storage).toBe(0);
  });

  it('leaves a created volume detached, its space held by the volume alone, when the hot-plug fails', async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    cloud.driver.failWhen({ operation: 'attachVolume' });
    expect((await attach(volumeId, vmId)).status).toBe('failed');
    const volume = await cloud.volume(volumeId);
    expect(volume).toMatchObject({ status: 'Ready', attachment: null });
    expect(await totalAllocated()).toBe(10 * GiB);
    expect((await poolHoldings()).flatMap((p) => p.reservations)).toEqual(['Used']);
  });

  it('places the disk next to a stopped VM ROOT volume and attaches it on record', async () => {
    const { vmId } = await cloud.vm({ running: false });
    const volumeId = await newVolume();
    expect((await attach(volumeId, vmId)).status).toBe('succeeded');
    expect(await cloud.volume(volumeId)).toMatchObject({
      status: 'Ready',
      attachment: { vmId, deviceId: 1 },
    });
  });

  it('attaches on record only to a VM whose ROOT volume is not on storage yet', async () => {
    const { vmId } = await cloud.vm({ running: false, rootOnPool: false });
    const volumeId = await newVolume();
    expect((await attach(volumeId, vmId)).status).toBe('succeeded');
    expect(await cloud.volume(volumeId)).toMatchObject({
      status: 'Allocated',
      poolId: null,
      attachment: { vmId },
    });
    expect(await totalAllocated()).toBe(0);
  });

  it('fails the job when no pool has room, holding nothing', async () => {
    // A root admin is unlimited, so only the pools (1,000 GiB each) can refuse 2,000 GiB.
    const { vmId } = await cloud.vm({ accountId: cloud.adminAccountId });
    const { volumeId } = await createVolume(cloud.deps, cloud.as(cloud.admin), {
      name: 'huge',
      zoneId: cloud.zoneId,
      diskOfferingId: cloud.customOffering,
      sizeGiB: 2000,
    });
    const { jobId } = await attachVolume(cloud.deps, cloud.as(cloud.admin), { volumeId, vmId });
    expect(await cloud.settle(jobId)).toMatchObject({ status: 'failed', errorCode: 533 });
    expect(await totalAllocated()).toBe(0);
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Allocated', attachment: null });
  });

  it('refuses to attach a volume to a VM of another account', async () => {
    const { vmId } = await cloud.vm({ accountId: cloud.otherAccountId });
    const volumeId = await newVolume();
    await expect(attachVolume(cloud.deps, cloud.as(cloud.admin), { volumeId, vmId })).rejects.toMatchObject({
      code: 'VOLUME_VM_OWNER_MISMATCH',
    });
  });
});

describe('detachVolume', () => {
  it('unplugs the disk from the running VM and records it detached', async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    await attach(volumeId, vmId);
    const { jobId } = await detachVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.settle(jobId)).status).toBe('succeeded');
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Ready', attachment: null });
  });

  it('keeps the volume attached when the hypervisor fails to unplug it', async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    await attach(volumeId, vmId);
    cloud.driver.failWhen({ operation: 'detachVolume' });
    const { jobId } = await detachVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.settle(jobId)).status).toBe('failed');
    expect((await cloud.volume(volumeId)).attachment?.vmId).toBe(vmId);
  });

  it('refuses to detach a volume that is not attached', async () => {
    const volumeId = await newVolume();
    await expect(detachVolume(cloud.deps, cloud.as(cloud.user), { volumeId })).rejects.toMatchObject({
      code: 'VOLUME_NOT_ATTACHED',
    });
  });
});

describe('resizeVolume', () => {
  const readyVolume = async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    await attach(volumeId, vmId);
    return volumeId;
  };
  const resize = async (volumeId: string, sizeGiB: number, shrinkOk = false) =>
    cloud.settle(
      (await resizeVolume(cloud.deps, cloud.as(cloud.user), { volumeId, sizeGiB, shrinkOk })).jobId,
    );

  it('grows a volume: quota and pool bytes follow the new size', async () => {
    const volumeId = await readyVolume();
    expect((await resize(volumeId, 25)).status).toBe('succeeded');
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Ready', sizeBytes: 25 * GiB });
    const ledger = await cloud.accountLedger();
    expect(ledger.count.primary_storage).toBe(25 * GiB);
    expect(ledger.reserved.primary_storage).toBe(0);
    expect(await totalAllocated()).toBe(25 * GiB);
    expect((await poolHoldings()).flatMap((p) => p.reservations)).toEqual(['Used', 'Used']);
  });

  it('gives back the extra quota and pool bytes when the hypervisor fails the resize', async () => {
    const volumeId = await readyVolume();
    cloud.driver.failWhen({ operation: 'resizeVolume' });
    expect((await resize(volumeId, 25)).status).toBe('failed');
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Ready', sizeBytes: 10 * GiB });
    const ledger = await cloud.accountLedger();
    expect(ledger.count.primary_storage).toBe(10 * GiB);
    expect(ledger.reserved.primary_storage).toBe(0);
    expect(await totalAllocated()).toBe(10 * GiB);
  });

  it('fails a growth beyond the account limit with 532 and holds nothing more', async () => {
    const volumeId = await readyVolume();
    expect(await resize(volumeId, 250)).toMatchObject({ status: 'failed', errorCode: 532 });
    expect((await cloud.accountLedger()).reserved.primary_storage).toBe(0);
    expect(await totalAllocated()).toBe(10 * GiB);
  });

  it('refuses to shrink without shrinkok, and shrinks with it, giving quota back', async () => {
    const volumeId = await readyVolume();
    expect((await resize(volumeId, 5)).status).toBe('failed');
    expect((await cloud.volume(volumeId)).sizeBytes).toBe(10 * GiB);
    expect((await resize(volumeId, 5, true)).status).toBe('succeeded');
    expect((await cloud.volume(volumeId)).sizeBytes).toBe(5 * GiB);
    expect((await cloud.accountLedger()).count.primary_storage).toBe(5 * GiB);
  });

  it('resizes a volume not yet on storage on record, quota included', async () => {
    const volumeId = await newVolume();
    expect((await resize(volumeId, 15)).status).toBe('succeeded');
    expect(await cloud.volume(volumeId)).toMatchObject({ status: 'Allocated', sizeBytes: 15 * GiB });
    expect((await cloud.accountLedger()).count.primary_storage).toBe(15 * GiB);
  });
});

describe('deleteVolume, recoverVolume, expungeVolume', () => {
  const detachedReadyVolume = async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    await attach(volumeId, vmId);
    await cloud.settle((await detachVolume(cloud.deps, cloud.as(cloud.user), { volumeId })).jobId);
    return volumeId;
  };

  it('refuses to delete an attached volume', async () => {
    const { vmId } = await cloud.vm();
    const volumeId = await newVolume();
    await attach(volumeId, vmId);
    await expect(deleteVolume(cloud.deps, cloud.as(cloud.user), { volumeId })).rejects.toMatchObject({
      code: 'VOLUME_ATTACHED',
    });
  });

  it('expunges a volume never created on storage at once and stops counting it', async () => {
    const volumeId = await newVolume();
    await deleteVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.volume(volumeId)).status).toBe('Expunged');
    expect((await cloud.accountLedger()).count).toMatchObject({ volume: 0, primary_storage: 0 });
  });

  it('destroys, recovers and destroys again, then expunges: quota and pool follow each step', async () => {
    const volumeId = await detachedReadyVolume();
    await deleteVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.volume(volumeId)).status).toBe('Destroy');
    expect((await cloud.accountLedger()).count).toMatchObject({ volume: 0, primary_storage: 0 });
    expect(await totalAllocated()).toBe(10 * GiB);

    await recoverVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.volume(volumeId)).status).toBe('Ready');
    expect((await cloud.accountLedger()).count).toMatchObject({ volume: 1, primary_storage: 10 * GiB });

    await deleteVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    const { jobId } = await expungeVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.settle(jobId)).status).toBe('succeeded');
    expect((await cloud.volume(volumeId)).status).toBe('Expunged');
    expect(await totalAllocated()).toBe(0);
    expect((await cloud.accountLedger()).count).toMatchObject({ volume: 0, primary_storage: 0 });
  });

  it('keeps a volume whose expunge the hypervisor fails destroyed, its pool space still held', async () => {
    const volumeId = await detachedReadyVolume();
    await deleteVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    cloud.driver.failWhen({ operation: 'deleteVolume' });
    const { jobId } = await expungeVolume(cloud.deps, cloud.as(cloud.user), { volumeId });
    expect((await cloud.settle(jobId)).status).toBe('failed');
    expect((await cloud.volume(volumeId)).status).toBe('Destroy');
    expect(await totalAllocated()).toBe(10 * GiB);
  });

  it('refuses to recover a volume that is not destroyed', async () => {
    const volumeId = await newVolume();
    await expect(recoverVolume(cloud.deps, cloud.as(cloud.user), { volumeId })).rejects.toMatchObject({
      code: 'VOLUME_NOT_DESTROYED',
    });
  });
});
