import type { Host } from '../../../domain/host/index.ts';
import type { Vm } from '../../../domain/vm/index.ts';
import type { CommandBus } from '../../commandBus.ts';

/**
 * The VMs a host holds, from its own ledger: every reservation not merely Kept for a stopped VM is
 * a VM placed there (starting, running, stopping, or migrating in).
 */
export const vmIdsOnHost = (host: Host): string[] =>
  [
    ...new Set(
      Object.values(host.reservations)
        .filter((r) => r.status !== 'Kept')
        .map((r) => r.holderId),
    ),
  ].sort();

export const loadVms = async (bus: CommandBus, vmIds: readonly string[]): Promise<Vm[]> => {
  const states = await Promise.all(vmIds.map(async (vmId) => (await bus.load('vm', vmId)).state));
  return states.filter((s): s is Vm => s.status !== 'Initial');
};

/** A VM on host-local storage can't be restarted elsewhere: its disk died with the host. */
export const usesLocalStorage = async (bus: CommandBus, vm: Vm): Promise<boolean> => {
  const offering = (await bus.load('serviceOffering', vm.serviceOfferingId)).state;
  if (offering.status !== 'None' && offering.storageType === 'local') return true;
  const poolId = (await bus.load('volume', vm.rootVolumeId)).state?.poolId ?? null;
  if (poolId === null) return false;
  const pool = (await bus.load('storagePool', poolId)).state;
  return pool?.scope === 'Host';
};
