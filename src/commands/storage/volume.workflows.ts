import { insufficientCapacity } from '../../domain/shared/index.ts';
import type { Vm } from '../../domain/vm/index.ts';
import type { Volume } from '../../domain/volume/index.ts';
import type { CommandOf } from '../aggregates.ts';
import type { Workflow, WorkflowTools } from '../jobs/workflow.ts';
import { type Exec, stepExec } from './exec.ts';
import { loadPool, loadVm, loadVolume, volumesOfVm } from './facts.ts';
import { allLookup, type StreamLookup } from './lookup.ts';
import {
  commitStorage,
  type PlaceVolume,
  releaseStorage,
  releaseVolumeStorage,
  reserveOnFirstPool,
} from './pools.ts';
import { compensate, reasonOf } from './requests.ts';
import { withSizeChange } from './sizing.ts';

/** Where a VM's new data disk must live: the cluster (and host) its ROOT volume runs from. */
type Target = { readonly clusterId: string; readonly hostId?: string };

/**
 * A Running VM needs the disk on storage to hot-plug it, in its cluster. A Stopped VM whose ROOT
 * volume is on a pool gets it placed in that pool's cluster; one never started takes it on record,
 * to be created with the VM.
 */
const targetOf = async (tools: WorkflowTools, vm: Vm): Promise<Target | null> => {
  if (vm.placement) return { clusterId: vm.placement.clusterId, hostId: vm.placement.hostId };
  const root = await tools.bus.load('volume', vm.rootVolumeId);
  const poolId = root.state?.poolId;
  if (!poolId) return null;
  const pool = await loadPool(tools.bus, poolId);
  return { clusterId: pool.clusterId ?? '', ...(pool.hostId ? { hostId: pool.hostId } : {}) };
};

/**
 * Puts an Allocated volume on primary storage: pools proposed by the strategy, space reserved on the
 * first that accepts, PlaceVolume, the hypervisor creates it, CompleteVolumeCreation, storage
 * committed. Any failure gives the space back and returns the volume to Allocated.
 */
const createOnStorage = async (
  tools: WorkflowTools,
  placeVolume: PlaceVolume,
  volume: Volume,
  vm: Vm,
  target: Target,
): Promise<void> => {
  const { bus, driver, job } = tools;
  const exec = stepExec(tools);
  const offering = volume.diskOfferingId
    ? (await bus.load('diskOffering', volume.diskOfferingId)).state
    : null;
  const scoped = offering && offering.status !== 'None' ? offering : null;
  const poolIds = await placeVolume(bus, {
    volumeId: volume.volumeId,
    sizeBytes: volume.sizeBytes,
    storageTags: scoped?.storageTags ?? [],
    localStorage: scoped?.storageType === 'local',
    hypervisor: vm.hypervisor,
    zoneId: volume.zoneId,
    clusterId: target.clusterId,
    ...(target.hostId ? { hostId: target.hostId } : {}),
  });
  if (poolIds.length === 0)
    throw insufficientCapacity(
      'STORAGE_POOL_UNAVAILABLE',
      `No primary storage pool in the VM's cluster can take volume ${volume.volumeId} (${volume.sizeBytes} bytes)`,
      { volumeId: volume.volumeId, clusterId: target.clusterId, sizeBytes: volume.sizeBytes },
    );
  const hold = await reserveOnFirstPool(exec, {
    poolIds,
    holderId: volume.volumeId,
    reservationId: `${volume.volumeId}:${job.jobId}`,
    sizeBytes: volume.sizeBytes,
    now: tools.now(),
  });
  try {
    await exec('place', 'volume', volume.volumeId, {
      type: 'PlaceVolume',
      data: { volumeId: volume.volumeId, poolId: hold.poolId },
    });
    await driver.createVolume({
      volumeId: volume.volumeId,
      poolId: hold.poolId,
      sizeBytes: volume.sizeBytes,
    });
    await exec('create-complete', 'volume', volume.volumeId, {
      type: 'CompleteVolumeCreation',
      data: { volumeId: volume.volumeId },
    });
    await commitStorage(exec, hold);
  } catch (e) {
    await compensate(
      e,
      async () => {
        if ((await loadVolume(bus, volume.volumeId)).status === 'Creating')
          await exec('create-fail', 'volume', volume.volumeId, {
            type: 'FailVolumeCreation',
            data: { volumeId: volume.volumeId, reason: reasonOf(e) },
          });
      },
      () => releaseStorage(exec, hold),
    );
  }
};

type VolumeCommand = CommandOf<'volume'>;

/** Records a hypervisor operation's bracket: complete it when the driver succeeds, fail it otherwise. */
export const bracket = async (
  exec: Exec,
  volumeId: string,
  run: () => Promise<unknown>,
  complete: VolumeCommand,
  fail: (reason: string) => VolumeCommand,
): Promise<void> => {
  try {
    await run();
  } catch (e) {
    const failure = fail(reasonOf(e));
    await compensate(e, () => exec(failure.type, 'volume', volumeId, failure));
  }
  await exec(complete.type, 'volume', volumeId, complete);
};

const attachWorkflow =
  (placeVolume: PlaceVolume, lookup?: StreamLookup): Workflow =>
  async (tools) => {
    const { bus, driver, job } = tools;
    const exec = stepExec(tools);
    const { volumeId, vmId } = job.params as { volumeId: string; vmId: string };
    const deviceId = job.params.deviceId as number | undefined;
    const vm = await loadVm(bus, vmId);
    const volume = await loadVolume(bus, volumeId);
    if (volume.status === 'Allocated') {
      const target = await targetOf(tools, vm);
      if (target) await createOnStorage(tools, placeVolume, volume, vm, target);
    }
    const attached = await volumesOfVm(bus, lookup ?? allLookup(bus.store), vmId);
    const result = await exec('attach', 'volume', volumeId, {
      type: 'AttachVolume',
      data: {
        volumeId,
        vmId,
        vmState: vm.status,
        vmZoneId: vm.zoneId,
        hypervisor: vm.hypervisor,
        attachedDataVolumeCount: attached.filter((v) => v.type === 'DATADISK').length,
        usedDeviceIds: attached.flatMap((v) => (v.attachment ? [v.attachment.deviceId] : [])),
        ...(deviceId !== undefined ? { deviceId } : {}),
      },
    });
    const event = result.events[0] as { type: string; data: { deviceId: number } } | undefined;
    const chosen = event?.data.deviceId ?? null;
    // A running VM hot-plugs the disk: VolumeAttachStarted … the hypervisor … completed or failed.
    if (event?.type === 'VolumeAttachStarted' && chosen !== null)
      await bracket(
        exec,
        volumeId,
        () => driver.attachVolume({ volumeId, vmId, hostId: vm.placement?.hostId ?? null, deviceId: chosen }),
        { type: 'CompleteVolumeAttach', data: { volumeId } },
        (reason) => ({ type: 'FailVolumeAttach', data: { volumeId, reason } }),
      );
    return { volumeId, vmId, deviceId: chosen };
  };

/**
 * Detaches a data volume from its VM: the hypervisor unplugs it first while the VM runs (a failure
 * leaves it attached, as it still is). A VM already expunged has nothing left to unplug it from.
 */
export const detachSteps = async (tools: WorkflowTools, volumeId: string, vmId: string): Promise<void> => {
  const { bus, driver } = tools;
  const volume = await loadVolume(bus, volumeId);
  const { state: vm } = await bus.load('vm', vmId);
  if (vm.status === 'Running' && volume.poolId !== null && volume.attachment?.vmId === vmId)
    await driver.detachVolume({ volumeId, vmId, hostId: vm.placement?.hostId ?? null });
  await tools.step('detach', 'volume', volumeId, { type: 'DetachVolume', data: { volumeId } });
};

const detachWorkflow: Workflow = async (tools) => {
  const { volumeId, vmId } = tools.job.params as { volumeId: string; vmId: string };
  await loadVm(tools.bus, vmId);
  await detachSteps(tools, volumeId, vmId);
  return { volumeId, vmId };
};

/** resizeVolume: the size change and its quota and pool bytes (see withSizeChange). */
const resizeWorkflow: Workflow = async (tools) => {
  const { bus, driver, job } = tools;
  const exec = stepExec(tools);
  const { volumeId, newSizeBytes, shrinkOk } = job.params as {
    volumeId: string;
    newSizeBytes: number;
    shrinkOk: boolean;
  };
  const diskOfferingId = job.params.diskOfferingId as string | undefined;
  const volume = await loadVolume(bus, volumeId);
  await withSizeChange(tools, volume, newSizeBytes, async () => {
    const started = await exec('resize', 'volume', volumeId, {
      type: 'ResizeVolume',
      data: {
        volumeId,
        newSizeBytes,
        shrinkOk,
        ...(diskOfferingId !== undefined ? { newDiskOfferingId: diskOfferingId } : {}),
        vmHasVmSnapshots: false,
      },
    });
    if (started.events[0]?.type === 'VolumeResizeStarted')
      await bracket(
        exec,
        volumeId,
        () => driver.resizeVolume({ volumeId, poolId: volume.poolId ?? '', newSizeBytes }),
        { type: 'CompleteVolumeResize', data: { volumeId } },
        (reason) => ({ type: 'FailVolumeResize', data: { volumeId, reason } }),
      );
  });
  return { volumeId, sizeBytes: newSizeBytes };
};

/**
 * Takes a destroyed volume off storage: the hypervisor deletes the disk, then the pool gives back
 * everything the volume held. `volume` is its state before: one already expunged (a resumed job)
 * only has its pool space left to give back.
 */
export const expungeVolumeSteps = async (tools: WorkflowTools, volume: Volume): Promise<void> => {
  const exec = stepExec(tools);
  const { volumeId, poolId } = volume;
  if (volume.status !== 'Expunged') {
    await exec('expunge', 'volume', volumeId, {
      type: 'ExpungeVolume',
      data: { volumeId, now: tools.now(), expungeDelaySeconds: 0 },
    });
    await bracket(
      exec,
      volumeId,
      () => tools.driver.deleteVolume({ volumeId, poolId }),
      { type: 'CompleteVolumeExpunge', data: { volumeId } },
      (reason) => ({ type: 'FailVolumeExpunge', data: { volumeId, reason } }),
    );
  }
  if (poolId !== null) await releaseVolumeStorage(exec, tools.bus, poolId, volumeId);
};

const expungeWorkflow: Workflow = async (tools) => {
  const { volumeId } = tools.job.params as { volumeId: string };
  await expungeVolumeSteps(tools, await loadVolume(tools.bus, volumeId));
  return { volumeId };
};

export const volumeWorkflows = (
  placeVolume: PlaceVolume,
  lookup?: StreamLookup,
): Record<string, Workflow> => ({
  attachVolume: attachWorkflow(placeVolume, lookup),
  detachVolume: detachWorkflow,
  resizeVolume: resizeWorkflow,
  expungeVolume: expungeWorkflow,
});
