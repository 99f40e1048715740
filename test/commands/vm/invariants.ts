import { expect } from 'vitest';
import { freeCpuMhz, freeMemoryMiB } from '../../../src/domain/capacity/index.ts';
import type { Vm } from '../../../src/domain/vm/index.ts';
import type { World } from './harness.ts';

/**
 * What must hold after any number of concurrent or resumed workflows, folded from the streams
 * themselves: no host or pool past its capacity, nothing Pending, each running VM holding exactly
 * one used host reservation of its size and one used pool reservation, and the quota ledgers counting
 * exactly the VMs that exist (none reserved).
 */
export const checkInvariants = async (w: World, vmIds: readonly string[]) => {
  const vms: Vm[] = [];
  for (const vmId of vmIds) {
    const { state } = await w.bus.load('vm', vmId);
    if (state.status !== 'Initial') vms.push(state);
  }
  const running = vms.filter((vm) => vm.status === 'Running');
  const byHolder = new Map<string, { kind: string; status: string; cpu: number; memory: number }[]>();
  const hold = (id: string, entry: { kind: string; status: string; cpu: number; memory: number }) =>
    byHolder.set(id, [...(byHolder.get(id) ?? []), entry]);

  for (const hostId of w.cloud.hosts) {
    const host = (await w.bus.load('host', hostId)).state!;
    expect(freeCpuMhz(host.size, host.load), `cpu of host ${hostId}`).toBeGreaterThanOrEqual(0);
    expect(freeMemoryMiB(host.size, host.load), `memory of host ${hostId}`).toBeGreaterThanOrEqual(0);
    for (const r of Object.values(host.reservations))
      hold(r.holderId, { kind: 'host', status: r.status, cpu: r.cpuNumber, memory: r.memoryMiB });
  }
  for (const poolId of w.cloud.pools) {
    const pool = (await w.bus.load('storagePool', poolId)).state!;
    expect(pool.allocatedBytes, `pool ${poolId}`).toBeLessThanOrEqual(
      pool.capacityBytes * pool.overprovisioning,
    );
    for (const r of Object.values(pool.reservations))
      hold(r.holderId, { kind: 'pool', status: r.status, cpu: 0, memory: 0 });
  }
  const pending = [...byHolder.values()].flat().filter((r) => r.status === 'Pending');
  expect(pending, 'reservations left Pending').toEqual([]);
  for (const vm of running) {
    expect(byHolder.get(vm.vmId), `host reservations of ${vm.vmId}`).toEqual([
      { kind: 'host', status: 'Used', cpu: vm.size.cpuNumber, memory: vm.size.memoryMiB },
    ]);
    expect(byHolder.get(vm.rootVolumeId), `pool reservations of ${vm.rootVolumeId}`).toEqual([
      { kind: 'pool', status: 'Used', cpu: 0, memory: 0 },
    ]);
  }
  const holders = new Set([...running.map((vm) => vm.vmId), ...running.map((vm) => vm.rootVolumeId)]);
  expect(
    [...byHolder.keys()].filter((h) => !holders.has(h)),
    'reservations of VMs not running',
  ).toEqual([]);
  return { vms, running };
};

/** Each ledger counts exactly the running VMs it limits, within its limit, and holds nothing reserved. */
export const checkLedger = async (
  w: World,
  scope: 'account' | 'domain',
  ownerId: string,
  vms: readonly Vm[],
  limits: { user_vm?: number; cpu?: number },
) => {
  const ledger = (await w.bus.load(scope === 'account' ? 'quotaAccount' : 'quotaDomain', ownerId)).state;
  const mine = vms.filter((vm) => (scope === 'account' ? vm.accountId : vm.tenantDomainId) === ownerId);
  expect(ledger.reserved.user_vm, `reserved user_vm of ${scope} ${ownerId}`).toBe(0);
  expect(ledger.reserved.cpu, `reserved cpu of ${scope} ${ownerId}`).toBe(0);
  if (limits.user_vm !== undefined) {
    expect(ledger.count.user_vm).toBe(mine.length);
    expect(ledger.count.user_vm).toBeLessThanOrEqual(limits.user_vm);
  }
  if (limits.cpu !== undefined) {
    expect(ledger.count.cpu).toBe(mine.reduce((n, vm) => n + vm.size.cpuNumber, 0));
    expect(ledger.count.cpu).toBeLessThanOrEqual(limits.cpu);
  }
  return ledger;
};
