import type { Position } from '../../adapters/eventstore/port.ts';
import { bytesPerGiB } from '../../domain/offering/disk/index.ts';
import { illegalState, invalid } from '../../domain/shared/index.ts';
import type { Volume, VolumeState } from '../../domain/volume/index.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandResult } from '../handleCommand.ts';
import { submitJob } from '../jobs/submitJob.ts';
import { commitQuota, releaseQuota, reserveQuota } from '../quota/index.ts';
import { type Exec, giveBackQuota, quotaScopesOf, quotaSteps, syncExec } from './exec.ts';
import { compensate, type Requester, requestKey, type StorageDeps, type Submitted } from './requests.ts';
import { ownedVolume, sizeFromOffering, volumeJobs } from './volumes.ts';

/** Resize (async), delete and recover (sync, as in CloudStack), expunge (async). */

export type ResizeVolumeInput = {
  readonly volumeId: string;
  /** The new size; with a new fixed-size offering it may be left out. */
  readonly sizeGiB?: number;
  readonly diskOfferingId?: string;
  readonly shrinkOk?: boolean;
};

export const resizeVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: ResizeVolumeInput,
): Promise<Submitted> => {
  const volume = await ownedVolume(bus, caller, input.volumeId);
  let newSizeBytes: number;
  if (input.diskOfferingId !== undefined)
    newSizeBytes = await sizeFromOffering(bus, volume, volume.zoneId, input.diskOfferingId, input.sizeGiB);
  else if (input.sizeGiB !== undefined && Number.isInteger(input.sizeGiB) && input.sizeGiB > 0)
    newSizeBytes = input.sizeGiB * bytesPerGiB;
  else
    throw invalid('VOLUME_NEW_SIZE_REQUIRED', 'Give the new size in whole GiB, or a new disk offering', {
      volumeId: volume.volumeId,
      sizeGiB: input.sizeGiB,
    });
  return submitJob(
    bus,
    {
      command: volumeJobs.resize,
      resourceType: 'Volume',
      resourceId: volume.volumeId,
      params: {
        volumeId: volume.volumeId,
        newSizeBytes,
        shrinkOk: input.shrinkOk ?? false,
        ...(input.diskOfferingId !== undefined ? { diskOfferingId: input.diskOfferingId } : {}),
      },
      accountId: volume.accountId,
      tenantDomainId: volume.tenantDomainId,
    },
    ctx,
  );
};

/**
 * deleteVolume (sync): destroys a detached DATADISK, recoverable until expunged (one never created
 * on storage is expunged at once). A destroyed volume no longer counts against the owner's limits.
 */
export const deleteVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly volumeId: string },
): Promise<{ position: Position | null }> => {
  const volume = await ownedVolume(bus, caller, input.volumeId);
  const deleted = await destroyVolumeSteps(syncExec(bus, ctx), bus, requestKey(ctx), bus.now(), volume);
  return { position: deleted.position };
};

/**
 * Destroys a detached DATADISK (expunged at once when never on storage) and gives back what it
 * counted; `key` names the quota steps, as `exec` names the others.
 */
export const destroyVolumeSteps = async (
  exec: Exec,
  bus: CommandBus,
  key: string,
  now: string,
  volume: Volume,
): Promise<CommandResult<VolumeState>> => {
  const deleted = await exec('delete', 'volume', volume.volumeId, {
    type: 'DeleteVolume',
    data: { volumeId: volume.volumeId, now },
  });
  await giveBackQuota(quotaSteps(exec, key, now), bus, volume, 'uncount', {
    volume: 1,
    primary_storage: volume.sizeBytes,
  });
  return deleted;
};

/** recoverVolume (sync): a destroyed volume comes back Ready, if the owner's limits still have room. */
export const recoverVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly volumeId: string },
): Promise<{ position: Position | null }> => {
  const volume = await ownedVolume(bus, caller, input.volumeId);
  const exec = syncExec(bus, ctx);
  const now = bus.now();
  if (volume.status !== 'Destroy')
    throw illegalState(
      'VOLUME_NOT_DESTROYED',
      `Volume ${volume.volumeId} is ${volume.status}; only a destroyed volume can be recovered`,
      {
        volumeId: volume.volumeId,
        status: volume.status,
      },
    );
  const quota = quotaSteps(exec, requestKey(ctx), now);
  const hold = await reserveQuota(
    quota,
    await quotaScopesOf(bus, volume),
    'recover',
    { volume: 1, primary_storage: volume.sizeBytes },
    quota.expiresAt,
  );
  try {
    const recovered = await exec('recover', 'volume', volume.volumeId, {
      type: 'RecoverVolume',
      data: { volumeId: volume.volumeId },
    });
    await commitQuota(quota, hold);
    return { position: recovered.position };
  } catch (e) {
    return compensate(e, () => releaseQuota(quota, hold));
  }
};

/** Expunges a destroyed volume now (CloudStack's destroyVolume with expunge=true): async. */
export const expungeVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly volumeId: string },
): Promise<Submitted> => {
  const volume = await ownedVolume(bus, caller, input.volumeId);
  if (volume.status !== 'Destroy')
    throw illegalState(
      'VOLUME_NOT_DESTROYED',
      `Volume ${volume.volumeId} is ${volume.status}; delete it before expunging it`,
      {
        volumeId: volume.volumeId,
        status: volume.status,
      },
    );
  return submitJob(
    bus,
    {
      command: volumeJobs.expunge,
      resourceType: 'Volume',
      resourceId: volume.volumeId,
      params: { volumeId: volume.volumeId },
      accountId: volume.accountId,
      tenantDomainId: volume.tenantDomainId,
    },
    ctx,
  );
};
