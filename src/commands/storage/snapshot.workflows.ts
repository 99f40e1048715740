import type { Snapshot } from '../../domain/snapshot/index.ts';
import type { Workflow, WorkflowTools } from '../jobs/workflow.ts';
import { commitQuota, type QuotaHold, releaseQuota } from '../quota/index.ts';
import { giveBackQuota, quotaSteps, stepExec } from './exec.ts';
import { attachedVm, loadSnapshot, loadVolume } from './facts.ts';
import { compensate, reasonOf } from './requests.ts';
import { withSizeChange } from './sizing.ts';
import { bracket } from './volume.workflows.ts';

// Snapshot states from which a failure is recorded (Allocated, Creating, BackingUp → Error).
const failable = new Set(['Allocated', 'Creating', 'BackingUp']);

/**
 * createSnapshot: the volume is Snapshotting while the hypervisor copies it; the snapshot ends
 * BackedUp with its physical size. The job was submitted with one snapshot and the volume's size of
 * secondary_storage reserved: it commits that and gives back what the backup did not take. Any
 * failure: snapshot Error, volume Ready again, the whole reservation released.
 */
const createWorkflow: Workflow = async (tools) => {
  const { bus, driver, job } = tools;
  const exec = stepExec(tools);
  const { snapshotId, volumeId, quota } = job.params as {
    snapshotId: string;
    volumeId: string;
    quota: QuotaHold;
  };
  const snapshot = await loadSnapshot(bus, snapshotId);
  let backedUp = 0;
  try {
    await exec('begin', 'volume', volumeId, { type: 'BeginVolumeSnapshot', data: { volumeId, snapshotId } });
    await exec('start', 'snapshot', snapshotId, { type: 'StartSnapshotCreation', data: { snapshotId } });
    const { physicalSizeBytes } = await driver.takeSnapshot({
      snapshotId,
      volumeId,
      sizeBytes: snapshot.volumeSizeBytes,
    });
    backedUp = physicalSizeBytes;
    await exec('backed-up', 'snapshot', snapshotId, {
      type: 'CompleteSnapshotBackup',
      data: { snapshotId, physicalSizeBytes },
    });
    await exec('end', 'volume', volumeId, { type: 'EndVolumeSnapshot', data: { volumeId, snapshotId } });
    await commitQuota(quotaSteps(exec, job.jobId, tools.now()), quota);
  } catch (e) {
    const reason = reasonOf(e);
    await compensate(
      e,
      async () => {
        if (failable.has((await loadSnapshot(bus, snapshotId)).status))
          await exec('fail', 'snapshot', snapshotId, { type: 'FailSnapshot', data: { snapshotId, reason } });
      },
      async () => {
        const volume = await loadVolume(bus, volumeId);
        if (volume.pending?.kind === 'snapshot' && volume.pending.snapshotId === snapshotId)
          await exec('end', 'volume', volumeId, {
            type: 'EndVolumeSnapshot',
            data: { volumeId, snapshotId },
          });
      },
      () => releaseQuota(quotaSteps(exec, job.jobId, tools.now()), quota),
    );
  }
  await giveBackQuota(quotaSteps(exec, job.jobId, tools.now()), bus, snapshot, 'unused', {
    secondary_storage: Math.max(0, snapshot.volumeSizeBytes - backedUp),
  });
  return { snapshotId, volumeId, physicalSizeBytes: backedUp };
};

/**
 * deleteSnapshot: Destroying, the hypervisor removes it, Destroyed; its usage stops counting.
 * `snapshot` is its state before (the sizes to give back).
 */
export const deleteSnapshotSteps = async (tools: WorkflowTools, snapshot: Snapshot): Promise<void> => {
  const { bus, driver, job } = tools;
  const exec = stepExec(tools);
  const { snapshotId } = snapshot;
  await exec('delete', 'snapshot', snapshotId, { type: 'DeleteSnapshot', data: { snapshotId } });
  try {
    await driver.deleteSnapshot({ snapshotId });
  } catch (e) {
    const reason = reasonOf(e);
    await compensate(e, () =>
      exec('delete-fail', 'snapshot', snapshotId, {
        type: 'FailSnapshotDeletion',
        data: { snapshotId, reason },
      }),
    );
  }
  await exec('destroyed', 'snapshot', snapshotId, { type: 'CompleteSnapshotDeletion', data: { snapshotId } });
  await giveBackQuota(quotaSteps(exec, job.jobId, tools.now()), bus, snapshot, 'uncount', {
    snapshot: 1,
    secondary_storage: snapshot.physicalSizeBytes ?? 0,
  });
};

const deleteWorkflow: Workflow = async (tools) => {
  const { snapshotId } = tools.job.params as { snapshotId: string };
  await deleteSnapshotSteps(tools, await loadSnapshot(tools.bus, snapshotId));
  return { snapshotId };
};

/**
 * revertSnapshot: the snapshot accepts the revert (hypervisor, VM stopped), the volume brackets it
 * and takes the size it had when the snapshot was taken, with the quota and pool bytes that follow.
 */
const revertWorkflow: Workflow = async (tools) => {
  const { bus, driver, job } = tools;
  const exec = stepExec(tools);
  const { snapshotId, volumeId } = job.params as { snapshotId: string; volumeId: string };
  const snapshot = await loadSnapshot(bus, snapshotId);
  const volume = await loadVolume(bus, volumeId);
  const vm = await attachedVm(bus, volume);
  await exec('request', 'snapshot', snapshotId, {
    type: 'RevertSnapshot',
    data: {
      snapshotId,
      volumeState: volume.status,
      attachedVmState: vm?.status ?? null,
      vmHasVmSnapshots: false,
    },
  });
  await withSizeChange(tools, volume, snapshot.volumeSizeBytes, async () => {
    await exec('begin', 'volume', volumeId, {
      type: 'BeginVolumeRevert',
      data: {
        volumeId,
        snapshotId,
        snapshotSizeBytes: snapshot.volumeSizeBytes,
        vmState: vm?.status ?? null,
        vmHasVmSnapshots: false,
      },
    });
    await bracket(
      exec,
      volumeId,
      () => driver.revertSnapshot({ snapshotId, volumeId }),
      { type: 'CompleteVolumeRevert', data: { volumeId, snapshotId } },
      (reason) => ({ type: 'FailVolumeRevert', data: { volumeId, snapshotId, reason } }),
    );
  });
  return { snapshotId, volumeId };
};

export const snapshotWorkflows: Record<string, Workflow> = {
  createSnapshot: createWorkflow,
  deleteSnapshot: deleteWorkflow,
  revertSnapshot: revertWorkflow,
};
