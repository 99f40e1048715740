import type { AllFilter, EventStore, RecordedEvent } from '../../adapters/eventstore/port.ts';
import type { HypervisorType } from '../../domain/hypervisor/index.ts';
import { notFound } from '../../domain/shared/index.ts';
import type { Snapshot } from '../../domain/snapshot/index.ts';
import type { StoragePool } from '../../domain/storagePool/index.ts';
import type { Vm } from '../../domain/vm/index.ts';
import type { Volume } from '../../domain/volume/index.ts';
import type { CommandBus } from '../commandBus.ts';
import type { StreamLookup } from './lookup.ts';

/** The facts storage operations read from the streams that own them (never from a lagging read model). */

export const loadVolume = async (bus: CommandBus, volumeId: string): Promise<Volume> => {
  const { state } = await bus.load('volume', volumeId);
  if (state === null || state.status === 'Expunged')
    throw notFound('VOLUME_NOT_FOUND', `Volume ${volumeId} does not exist`, { volumeId });
  return state;
};

export const loadVm = async (bus: CommandBus, vmId: string): Promise<Vm> => {
  const { state } = await bus.load('vm', vmId);
  if (state.status === 'Initial' || state.status === 'Expunged')
    throw notFound('VM_NOT_FOUND', `VM ${vmId} does not exist`, { vmId });
  return state;
};

export const loadSnapshot = async (bus: CommandBus, snapshotId: string): Promise<Snapshot> => {
  const { state } = await bus.load('snapshot', snapshotId);
  if (state === null || state.status === 'Destroyed')
    throw notFound('SNAPSHOT_NOT_FOUND', `Snapshot ${snapshotId} does not exist`, { snapshotId });
  return state;
};

export const loadPool = async (bus: CommandBus, poolId: string): Promise<StoragePool> => {
  const { state } = await bus.load('storagePool', poolId);
  if (state === null || state.removed)
    throw notFound('POOL_NOT_FOUND', `Storage pool ${poolId} does not exist`, { poolId });
  return state;
};

/** The VM a volume is attached to, or null when detached. */
export const attachedVm = async (bus: CommandBus, volume: Volume): Promise<Vm | null> =>
  volume.attachment ? loadVm(bus, volume.attachment.vmId) : null;

/**
 * The hypervisor a volume lives under: its VM's, else its pool's (a detached volume on storage).
 * null for a detached volume that was never created on storage.
 */
export const volumeHypervisor = async (
  bus: CommandBus,
  volume: Volume,
  vm: Vm | null,
): Promise<HypervisorType | null> => {
  if (vm) return vm.hypervisor;
  if (volume.poolId === null) return null;
  return (await loadPool(bus, volume.poolId)).hypervisor;
};

/** Every event of $all that passes `filter`, in order (a catch-up read: bounded by the head when it starts). */
export const scanAll = async (
  store: EventStore,
  filter: AllFilter,
  visit: (event: RecordedEvent) => void,
): Promise<void> => {
  const head = await store.headPosition();
  if (head === null) return;
  let from: string | 'start' = 'start';
  while (from === 'start' || from < head) {
    const page = await store.readAll({ from, maxCount: 1000, filter });
    for (const event of page.events) if (event.position <= head) visit(event);
    if (page.checkpoint === null || page.checkpoint === from) return;
    from = page.checkpoint;
  }
};

const attachmentEvents = ['RootVolumeAllocated', 'VolumeAttached', 'VolumeAttachStarted'];

/**
 * The volumes attached to a VM now. The VM stream doesn't list its data disks, so this looks up the
 * volumes any attach ever named for the VM and folds each one's stream for its current attachment.
 */
export const volumesOfVm = async (bus: CommandBus, lookup: StreamLookup, vmId: string): Promise<Volume[]> => {
  const candidates = await lookup.ids(attachmentEvents, 'volumeId', { field: 'vmId', value: vmId });
  const volumes = await Promise.all(candidates.map((id) => bus.load('volume', id)));
  return volumes
    .map((v) => v.state)
    .filter((v): v is Volume => v !== null && v.attachment?.vmId === vmId && v.status !== 'Expunged');
};
