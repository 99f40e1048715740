import type { PinnedScope } from '../../domain/placement/index.ts';
import { notFound } from '../../domain/shared/index.ts';
import type { StoragePool } from '../../domain/storagePool/index.ts';
import type { Vm } from '../../domain/vm/index.ts';
import type { Volume } from '../../domain/volume/index.ts';
import { commitHost, releaseHost, releaseStorage, reservationIdOf } from '../capacity/reserve.ts';
import { domainIdsOf, type Owner } from '../quota/limits.ts';
import { loadVm } from './facts.ts';
import type { Flow } from './flow.ts';
import { type Placement, type PlacementFacts, place } from './placement.ts';
import { createOnStorage, loadVolume, removeRootVolume } from './volumes.ts';

/**
 * Starting a VM somewhere (deploy, start, HA restart): a host reserved (and a pool when the ROOT
 * volume is not on storage yet), the volume created, the VM started by the hypervisor, the
 * reservations committed, the VM Running. `Progress` records how far it got, so `undoPowerOn` gives
 * back exactly what was taken.
 */

export type PowerOn = {
  readonly vm: Vm;
  readonly owner: Owner;
  readonly facts: PlacementFacts;
  readonly pinned: PinnedScope;
  readonly exclude?: readonly string[];
  /** Names the reservations, so two power-ons of one job never share one. */
  readonly purpose: string;
  /** Runs once the VM runs and its capacity is committed, before it is recorded Running (deploy: commit quota). */
  readonly beforeComplete?: () => Promise<void>;
};

export type Progress = {
  placement: Placement | null;
  /** The hypervisor was asked to start the VM: it may be running there. */
  startAttempted: boolean;
};

export const newProgress = (): Progress => ({ placement: null, startAttempted: false });

const rootVolumeOf = async (flow: Flow, vm: Vm): Promise<Volume> => {
  const volume = await loadVolume(flow, vm.rootVolumeId);
  if (volume === null)
    throw notFound('VM_ROOT_VOLUME_NOT_FOUND', `VM ${vm.name} has no ROOT volume ${vm.rootVolumeId}`, {
      vmId: vm.vmId,
      rootVolumeId: vm.rootVolumeId,
    });
  return volume;
};

/** A volume already on a pool ties the VM to the hosts that reach that pool. */
const pinnedByPool = (pool: StoragePool | null): PinnedScope => {
  if (pool === null) return {};
  if (pool.scope === 'Host' && pool.hostId) return { hostId: pool.hostId };
  if (pool.scope === 'Cluster' && pool.clusterId) return { clusterId: pool.clusterId };
  return {};
};

/** The stopped VM's last host, and whether it still keeps the VM's capacity there. */
const lastHostOf = (flow: Flow, vm: Vm) => {
  if (vm.lastHostId === null) return undefined;
  const host = flow.capacity.host(vm.lastHostId);
  const held = Object.values(host?.reservations ?? {}).some(
    (r) => r.holderId === vm.vmId && r.status === 'Kept',
  );
  return { hostId: vm.lastHostId, held };
};

export const powerOn = async (flow: Flow, p: PowerOn, progress: Progress): Promise<Placement> => {
  const { runner, driver } = flow;
  const { vm } = p;
  const volume = await rootVolumeOf(flow, vm);
  const onPool = volume.poolId === null ? null : flow.capacity.pool(volume.poolId);
  const lastHost = lastHostOf(flow, vm);
  const placement = await place(runner, flow.capacity, flow.settings, {
    vm,
    size: vm.size,
    facts: p.facts,
    ownerIsRootAdmin: p.owner.account.type === 'RootAdmin',
    ownerDomainIds: domainIdsOf(p.owner),
    pinned: { ...p.pinned, ...pinnedByPool(onPool) },
    ...(p.exclude ? { exclude: p.exclude } : {}),
    ...(lastHost ? { lastHost } : {}),
    reservationId: reservationIdOf(runner.key, `host:${p.purpose}`),
    ...(volume.poolId === null
      ? {
          volume: {
            volumeId: volume.volumeId,
            sizeBytes: volume.sizeBytes,
            reservationId: reservationIdOf(runner.key, `storage:${p.purpose}`),
          },
        }
      : {}),
  });
  progress.placement = placement;
  if (placement.pool) await createOnStorage(flow, volume, placement.pool);
  const { host } = placement;
  await runner.step(`request-start:${p.purpose}`, 'vm', vm.vmId, {
    type: 'RequestVmStart',
    data: { vmId: vm.vmId, hostId: host.hostId, podId: host.podId, clusterId: host.clusterId },
  });
  progress.startAttempted = true;
  await driver.startVm({ vmId: vm.vmId, hostId: host.hostId, ...vm.size });
  await commitHost(runner, flow.capacity, host.hostId, placement.reservationId);
  await p.beforeComplete?.();
  await runner.step(`complete-start:${p.purpose}`, 'vm', vm.vmId, {
    type: 'CompleteVmStart',
    data: { vmId: vm.vmId },
  });
  // Started elsewhere: the capacity kept on the last host is no longer the VM's.
  if (lastHost?.held && lastHost.hostId !== host.hostId)
    await releaseHost(runner, flow.capacity, lastHost.hostId, { vmId: vm.vmId });
  return placement;
};

/**
 * Gives back what a failed power-on took, whatever step failed: the VM stopped on the hypervisor,
 * recorded as failed (`toError` for a failed creation: it ends in Error, and its ROOT volume goes),
 * the host and pool reservations released. Every undo is attempted; the first failure is rethrown.
 */
export const undoPowerOn = async (
  flow: Flow,
  vmId: string,
  progress: Progress,
  reason: string,
  { toError }: { readonly toError: boolean },
): Promise<void> => {
  const { runner } = flow;
  const failures: unknown[] = [];
  const attempt = async (undo: () => Promise<unknown>) => {
    try {
      await undo();
    } catch (e) {
      failures.push(e);
    }
  };
  const { placement } = progress;
  if (progress.startAttempted && placement)
    await flow.driver.stopVm({ vmId, hostId: placement.host.hostId, forced: true }).catch(() => {});
  await attempt(async () => {
    const vm = await loadVm(flow.bus, vmId);
    const created = toError && vm.status === 'Stopped' && !vm.everStarted;
    if (vm.status === 'Starting' || created)
      await runner.step('fail-start', 'vm', vmId, {
        type: 'FailVmStart',
        data: { vmId, reason, toError: toError && !vm.everStarted },
      });
    if (toError) await removeRootVolume(flow, vm.rootVolumeId, vmId, placement?.pool?.poolId ?? null);
    else if (placement?.pool) {
      const volume = await loadVolume(flow, vm.rootVolumeId);
      // Created on storage: the volume stays and keeps its space; otherwise the space goes back.
      if (volume?.poolId === null)
        await releaseStorage(runner, flow.capacity, placement.pool.poolId, {
          reservationId: placement.pool.reservationId,
        });
    }
  });
  if (placement)
    await attempt(() =>
      releaseHost(runner, flow.capacity, placement.host.hostId, { reservationId: placement.reservationId }),
    );
  if (failures.length > 0) throw failures[0];
};
