import type { Position } from '../../adapters/eventstore/port.ts';
import { assertDiskOfferingAvailable, resolveDiskSize } from '../../domain/offering/disk/index.ts';
import { illegalState, invalid, notFound } from '../../domain/shared/index.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';
import type { CommandBus } from '../commandBus.ts';
import { submitJob } from '../jobs/submitJob.ts';
import { assertOfferingUsable } from '../offeringAvailability.ts';
import { commitQuota, releaseQuota, reserveQuota } from '../quota/index.ts';
import { authorize, type Ownership, tenantDomainChain } from './access.ts';
import { quotaScopesOf, quotaSteps, syncExec } from './exec.ts';
import { loadSnapshot, loadVm, loadVolume } from './facts.ts';
import {
  compensate,
  newId,
  ownerOf,
  type Requester,
  requestKey,
  type StorageDeps,
  type Submitted,
} from './requests.ts';

/**
 * Volume operations (cloudstack-api.md §6.6): createVolume and deleteVolume are synchronous, as in
 * CloudStack; attach, detach, resize and expunge answer with a job (see volume.workflows.ts).
 */

export const volumeJobs = {
  attach: 'attachVolume',
  detach: 'detachVolume',
  resize: 'resizeVolume',
  expunge: 'expungeVolume',
} as const;

export type CreateVolumeInput = {
  readonly name: string;
  readonly zoneId?: string;
  readonly diskOfferingId?: string;
  /** For a custom-size offering. */
  readonly sizeGiB?: number;
  /** Creates the volume from a BackedUp snapshot: its zone and size come from the snapshot. */
  readonly snapshotId?: string;
  /** The owner, when an admin creates the volume for another account. */
  readonly accountId?: string;
  readonly volumeId?: string;
};

export const sizeFromOffering = async (
  bus: CommandBus,
  owner: Ownership,
  zoneId: string,
  diskOfferingId: string,
  sizeGiB?: number,
): Promise<number> => {
  const { state } = await bus.load('diskOffering', diskOfferingId);
  assertOfferingUsable(assertDiskOfferingAvailable, diskOfferingId, state, {
    zoneId,
    // An offering restricted to the owner's domain or any ancestor is available.
    tenantDomainIds: (await tenantDomainChain(bus, owner.tenantDomainId)).map((d) => d.tenantDomainId),
  });
  if (state.status === 'None') throw new Error('unreachable: an available offering exists');
  return resolveDiskSize(state, sizeGiB).sizeBytes;
};

/** What the new volume is made of: its zone, size and source, from the offering or the snapshot. */
const sourceOf = async (bus: CommandBus, caller: Caller, owner: Ownership, input: CreateVolumeInput) => {
  if (input.snapshotId !== undefined) {
    const snapshot = await loadSnapshot(bus, input.snapshotId);
    await authorize(bus, caller, snapshot, `snapshot ${snapshot.snapshotId}`);
    return {
      zoneId: snapshot.zoneId,
      sizeBytes: snapshot.volumeSizeBytes,
      fromSnapshotId: snapshot.snapshotId,
      fromSnapshotState: snapshot.status as string,
      diskOfferingId: input.diskOfferingId,
    };
  }
  if (input.diskOfferingId === undefined || input.zoneId === undefined)
    throw invalid(
      'VOLUME_SOURCE_REQUIRED',
      'Give a disk offering and a zone, or a snapshot to create the volume from',
      { diskOfferingId: input.diskOfferingId, zoneId: input.zoneId },
    );
  const { state: zone } = await bus.load('zone', input.zoneId);
  if (zone === null)
    throw notFound('ZONE_NOT_FOUND', `Zone ${input.zoneId} does not exist`, { zoneId: input.zoneId });
  return {
    zoneId: input.zoneId,
    sizeBytes: await sizeFromOffering(bus, owner, input.zoneId, input.diskOfferingId, input.sizeGiB),
    diskOfferingId: input.diskOfferingId,
  };
};

/**
 * createVolume: a DATADISK record, Allocated until its first attach places it on storage. Counts
 * one volume and its size of primary_storage against the owner's limits (reserved first, committed
 * once the volume exists, released if the volume is refused).
 */
export const createVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: CreateVolumeInput,
): Promise<{ volumeId: string; position: Position | null }> => {
  const owner = await ownerOf(bus, caller, input.accountId);
  await authorize(bus, caller, owner, `account ${owner.accountId}`);
  const source = await sourceOf(bus, caller, owner, input);
  const volumeId = input.volumeId ?? newId(ctx, 'volume');
  const exec = syncExec(bus, ctx);
  const now = bus.now();
  const quota = quotaSteps(exec, requestKey(ctx), now);
  const hold = await reserveQuota(
    quota,
    await quotaScopesOf(bus, owner),
    'volume',
    { volume: 1, primary_storage: source.sizeBytes },
    quota.expiresAt,
  );
  try {
    const created = await exec('create', 'volume', volumeId, {
      type: 'CreateVolume',
      data: {
        volumeId,
        type: 'DATADISK',
        name: input.name,
        ...owner,
        zoneId: source.zoneId,
        sizeBytes: source.sizeBytes,
        ...(source.diskOfferingId !== undefined ? { diskOfferingId: source.diskOfferingId } : {}),
        ...('fromSnapshotId' in source
          ? { fromSnapshotId: source.fromSnapshotId, fromSnapshotState: source.fromSnapshotState }
          : {}),
        now,
      },
    });
    await commitQuota(quota, hold);
    return { volumeId, position: created.position };
  } catch (e) {
    return compensate(e, () => releaseQuota(quota, hold));
  }
};

/** The volume, once the caller is known to own it (or to administer its owner). */
export const ownedVolume = async (bus: CommandBus, caller: Requester['caller'], volumeId: string) => {
  const volume = await loadVolume(bus, volumeId);
  await authorize(bus, caller, volume, `volume ${volumeId}`);
  return volume;
};

export const attachVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly volumeId: string; readonly vmId: string; readonly deviceId?: number },
): Promise<Submitted> => {
  const volume = await ownedVolume(bus, caller, input.volumeId);
  const vm = await loadVm(bus, input.vmId);
  await authorize(bus, caller, vm, `VM ${vm.vmId}`);
  if (vm.accountId !== volume.accountId)
    throw invalid(
      'VOLUME_VM_OWNER_MISMATCH',
      `Volume ${volume.volumeId} and VM ${vm.vmId} belong to different accounts; a volume is attached to a VM of its own account`,
      {
        volumeId: volume.volumeId,
        vmId: vm.vmId,
        volumeAccountId: volume.accountId,
        vmAccountId: vm.accountId,
      },
    );
  if (volume.attachment)
    throw illegalState(
      'VOLUME_ALREADY_ATTACHED',
      `Volume ${volume.volumeId} is already attached to VM ${volume.attachment.vmId}`,
      {
        volumeId: volume.volumeId,
        vmId: volume.attachment.vmId,
      },
    );
  // Attach and detach run in the VM's job queue: one at a time per VM, so device ids never clash.
  return submitJob(
    bus,
    {
      command: volumeJobs.attach,
      resourceType: 'VirtualMachine',
      resourceId: vm.vmId,
      params: {
        volumeId: volume.volumeId,
        vmId: vm.vmId,
        ...(input.deviceId !== undefined ? { deviceId: input.deviceId } : {}),
      },
      accountId: volume.accountId,
      tenantDomainId: volume.tenantDomainId,
    },
    ctx,
  );
};

export const detachVolume = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly volumeId: string },
): Promise<Submitted> => {
  const volume = await ownedVolume(bus, caller, input.volumeId);
  if (volume.type === 'ROOT')
    throw illegalState(
      'VOLUME_IS_ROOT',
      `Volume ${volume.volumeId} is the ROOT volume of its VM and can't be detached`,
      {
        volumeId: volume.volumeId,
      },
    );
  if (!volume.attachment)
    throw illegalState('VOLUME_NOT_ATTACHED', `Volume ${volume.volumeId} is not attached to a VM`, {
      volumeId: volume.volumeId,
    });
  return submitJob(
    bus,
    {
      command: volumeJobs.detach,
      resourceType: 'VirtualMachine',
      resourceId: volume.attachment.vmId,
      params: { volumeId: volume.volumeId, vmId: volume.attachment.vmId },
      accountId: volume.accountId,
      tenantDomainId: volume.tenantDomainId,
    },
    ctx,
  );
};
