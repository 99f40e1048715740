import type { SnapshotType } from '../../domain/snapshot/index.ts';
import { assertVolumeReady } from '../../domain/volume/index.ts';
import type { CommandBus } from '../commandBus.ts';
import { submitJob } from '../jobs/submitJob.ts';
import { releaseQuota, reserveQuota } from '../quota/index.ts';
import { authorize } from './access.ts';
import { quotaScopesOf, quotaSteps, syncExec } from './exec.ts';
import { attachedVm, loadSnapshot, loadVolume, volumeHypervisor } from './facts.ts';
import {
  compensate,
  newId,
  type Requester,
  requestKey,
  type StorageDeps,
  type Submitted,
} from './requests.ts';

export const snapshotJobs = {
  create: 'createSnapshot',
  delete: 'deleteSnapshot',
  revert: 'revertSnapshot',
} as const;

/** yyyyMMddHHmmss of an instant, as CloudStack stamps snapshot names. */
const stamp = (iso: string): string => iso.replace(/[-:T]/g, '').slice(0, 14);

export type TakeSnapshotInput = {
  readonly volumeId: string;
  readonly name?: string;
  readonly snapshotId?: string;
  /** Set by the recurring scheduler: the policy that takes it and its interval. */
  readonly policy?: { readonly policyId: string; readonly type: Exclude<SnapshotType, 'MANUAL'> };
  /** The instant the snapshot stands for (a recurring slot); now when absent. */
  readonly at?: string;
};

/**
 * createSnapshot (async): the snapshot is recorded at once (Allocated) with one snapshot and the
 * volume's size of secondary_storage reserved against the owner's limits; the job takes it through
 * the hypervisor and keeps only the backed-up size counted.
 */
export const takeSnapshot = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: TakeSnapshotInput,
): Promise<Submitted & { snapshotId: string }> => {
  const volume = await loadVolume(bus, input.volumeId);
  await authorize(bus, caller, volume, `volume ${volume.volumeId}`);
  const vm = await attachedVm(bus, volume);
  const hypervisor = await volumeHypervisor(bus, volume, vm);
  if (hypervisor === null) {
    assertVolumeReady(volume.volumeId, volume.status, 'taking a snapshot');
    throw new Error(`volume ${volume.volumeId} is ${volume.status} without a pool`);
  }
  const snapshotId = input.snapshotId ?? newId(ctx, 'snapshot');
  const now = bus.now();
  const exec = syncExec(bus, ctx);
  const quota = quotaSteps(exec, requestKey(ctx), now);
  const hold = await reserveQuota(
    quota,
    await quotaScopesOf(bus, volume),
    'snapshot',
    { snapshot: 1, secondary_storage: volume.sizeBytes },
    quota.expiresAt,
  );
  try {
    await exec('take', 'snapshot', snapshotId, {
      type: 'TakeSnapshot',
      data: {
        snapshotId,
        volumeId: volume.volumeId,
        accountId: volume.accountId,
        tenantDomainId: volume.tenantDomainId,
        zoneId: volume.zoneId,
        name: input.name ?? `${volume.name}_${stamp(input.at ?? now)}`,
        hypervisor,
        vmRunning: vm?.status === 'Running',
        volumeState: volume.status,
        volumeSizeBytes: volume.sizeBytes,
        type: input.policy?.type ?? 'MANUAL',
        ...(input.policy ? { policyId: input.policy.policyId } : {}),
        now: input.at ?? now,
      },
    });
  } catch (e) {
    return compensate(e, () => releaseQuota(quota, hold));
  }
  const job = await submitJob(
    bus,
    {
      command: snapshotJobs.create,
      resourceType: 'Volume',
      resourceId: volume.volumeId,
      params: { snapshotId, volumeId: volume.volumeId, quota: hold },
      accountId: volume.accountId,
      tenantDomainId: volume.tenantDomainId,
    },
    ctx,
  );
  return { ...job, snapshotId };
};

const ownedSnapshot = async (bus: CommandBus, caller: Requester['caller'], snapshotId: string) => {
  const snapshot = await loadSnapshot(bus, snapshotId);
  await authorize(bus, caller, snapshot, `snapshot ${snapshotId}`);
  return snapshot;
};

export const deleteSnapshot = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly snapshotId: string },
): Promise<Submitted> => {
  const snapshot = await ownedSnapshot(bus, caller, input.snapshotId);
  return submitJob(
    bus,
    {
      command: snapshotJobs.delete,
      resourceType: 'Snapshot',
      resourceId: snapshot.snapshotId,
      params: { snapshotId: snapshot.snapshotId },
      accountId: snapshot.accountId,
      tenantDomainId: snapshot.tenantDomainId,
    },
    ctx,
  );
};

/** revertSnapshot (async): runs in the volume's queue, after any snapshot or resize of it. */
export const revertSnapshot = async (
  { bus }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly snapshotId: string },
): Promise<Submitted> => {
  const snapshot = await ownedSnapshot(bus, caller, input.snapshotId);
  return submitJob(
    bus,
    {
      command: snapshotJobs.revert,
      resourceType: 'Volume',
      resourceId: snapshot.volumeId,
      params: { snapshotId: snapshot.snapshotId, volumeId: snapshot.volumeId },
      accountId: snapshot.accountId,
      tenantDomainId: snapshot.tenantDomainId,
    },
    ctx,
  );
};
