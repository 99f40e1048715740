import type { Volume } from '../../domain/volume/index.ts';
import { commitStorage, releaseStorage } from '../capacity/reserve.ts';
import type { Flow } from './flow.ts';

/** The ROOT volume's life on storage as the VM workflows drive it (data volumes are the storage side's). */

export const loadVolume = async (flow: Pick<Flow, 'bus'>, volumeId: string): Promise<Volume | null> =>
  (await flow.bus.load('volume', volumeId)).state;

/**
 * Creates the ROOT volume on the pool reserved for it: placed, created by the hypervisor, then the
 * pool's reservation committed. A hypervisor failure records the failed creation and is rethrown.
 */
export const createOnStorage = async (
  flow: Flow,
  volume: Volume,
  pool: { readonly poolId: string; readonly reservationId: string },
): Promise<void> => {
  const { runner } = flow;
  const { volumeId } = volume;
  await runner.step(`place-volume:${volumeId}`, 'volume', volumeId, {
    type: 'PlaceVolume',
    data: { volumeId, poolId: pool.poolId },
  });
  try {
    await flow.driver.createVolume({ volumeId, poolId: pool.poolId, sizeBytes: volume.sizeBytes });
  } catch (e) {
    await runner.step(`fail-volume-creation:${volumeId}`, 'volume', volumeId, {
      type: 'FailVolumeCreation',
      data: { volumeId, reason: e instanceof Error ? e.message : String(e) },
    });
    throw e;
  }
  await runner.step(`volume-created:${volumeId}`, 'volume', volumeId, {
    type: 'CompleteVolumeCreation',
    data: { volumeId },
  });
  await commitStorage(runner, flow.capacity, pool.poolId, pool.reservationId);
};

const destroyedStates = new Set(['Destroy', 'Expunging', 'Expunged']);

/** Removes the volume from storage now: expunged, deleted by the hypervisor, the pool's space given back. */
export const expungeVolumeNow = async (flow: Flow, volumeId: string): Promise<void> => {
  const { runner } = flow;
  const volume = await loadVolume(flow, volumeId);
  if (volume === null || volume.status === 'Expunged') return;
  if (volume.status === 'Destroy')
    await runner.step(`expunge-volume:${volumeId}`, 'volume', volumeId, {
      type: 'ExpungeVolume',
      data: { volumeId, now: runner.now(), expungeDelaySeconds: 0 },
    });
  await flow.driver.deleteVolume({ volumeId, poolId: volume.poolId });
  await runner.step(`volume-expunged:${volumeId}`, 'volume', volumeId, {
    type: 'CompleteVolumeExpunge',
    data: { volumeId },
  });
  if (volume.poolId !== null) await releaseStorage(runner, flow.capacity, volume.poolId, { volumeId });
};

/**
 * A ROOT volume that must not outlive a failed deploy: a creation under way fails, the volume is
 * destroyed (one never created on storage is expunged at once) and expunged, and whatever its pool
 * held for it is released (also `pendingPoolId`, a reservation made before the volume was created).
 */
export const removeRootVolume = async (
  flow: Flow,
  volumeId: string,
  vmId: string,
  pendingPoolId: string | null,
): Promise<void> => {
  const { runner } = flow;
  let volume = await loadVolume(flow, volumeId);
  if (volume === null) return;
  if (volume.status === 'Creating')
    await runner.step(`fail-volume-creation:${volumeId}`, 'volume', volumeId, {
      type: 'FailVolumeCreation',
      data: { volumeId, reason: 'the VM it belongs to failed to deploy' },
    });
  volume = await loadVolume(flow, volumeId);
  if (volume && !destroyedStates.has(volume.status))
    await runner.step(`destroy-root-volume:${volumeId}`, 'volume', volumeId, {
      type: 'DestroyRootVolume',
      data: { volumeId, vmId, now: runner.now() },
    });
  await expungeVolumeNow(flow, volumeId);
  if (pendingPoolId !== null) await releaseStorage(runner, flow.capacity, pendingPoolId, { volumeId });
};
