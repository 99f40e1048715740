import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { capabilitiesOf } from '../../domain/hypervisor/index.ts';
import type { PinnedScope } from '../../domain/placement/index.ts';
import { illegalState, notFound } from '../../domain/shared/index.ts';
import { commitHost, releaseHost, reservationIdOf } from '../capacity/reserve.ts';
import { type Workflow, WorkflowInterrupted } from '../jobs/workflow.ts';
import { domainIdsOf, loadOwner } from '../quota/limits.ts';
import type { Request, Submitted, VmDeps, VmHookDeps } from './deps.ts';
import { loadOwnedVm, loadVm, requireRootAdmin } from './facts.ts';
import { compensate, type Flow, flowOf, hookFlow, reasonOf, submitVmJob, vmResult } from './flow.ts';
import { loadPlacementFacts, type Placement, place } from './placement.ts';
import { startSteps } from './power.ts';
import { loadVolume } from './volumes.ts';

/**
 * migrateVirtualMachine (async, root admin): capacity reserved on the target host first (its stream
 * decides), the VM moved by the hypervisor, the target committed and the source released; a failed
 * move releases the target and leaves the VM running on the source. Also the hooks host maintenance
 * and HA call: `migrateVmNow` and `restartVmElsewhere`.
 */

export const migrateVmInput = z.object({ vmId: z.string().min(1), hostId: z.string().min(1).optional() });
export type MigrateVmInput = z.infer<typeof migrateVmInput>;

export const migrateVm = async (deps: VmDeps, req: Request, raw: MigrateVmInput): Promise<Submitted> => {
  const input = migrateVmInput.parse(raw);
  requireRootAdmin(req.caller, 'migrate a VM');
  const { vm } = await loadOwnedVm(deps.bus, req.caller, input.vmId);
  if (vm.status !== 'Running')
    throw illegalState('VM_NOT_RUNNING', `VM ${vm.name} is ${vm.status}; only a Running VM can be migrated`, {
      vmId: vm.vmId,
      state: vm.status,
    });
  if (input.hostId !== undefined && (await deps.bus.load('host', input.hostId)).state === null)
    throw notFound('HOST_NOT_FOUND', `Host ${input.hostId} does not exist`, { hostId: input.hostId });
  return submitVmJob(deps.bus, req.ctx, 'MigrateVm', vm, { hostId: input.hostId ?? null });
};

/** Where a running VM may go: reachable from its ROOT volume's pool, and in its cluster when the hypervisor says so. */
const reachable = async (flow: Flow, rootVolumeId: string, sourceClusterId: string, cluster: boolean) => {
  const volume = await loadVolume(flow, rootVolumeId);
  const pool = volume?.poolId ? flow.capacity.pool(volume.poolId) : null;
  const pinned: PinnedScope = {
    ...(cluster ? { clusterId: sourceClusterId } : {}),
    ...(pool?.scope === 'Cluster' && pool.clusterId ? { clusterId: pool.clusterId } : {}),
  };
  return { pinned, usesLocalStorage: pool?.scope === 'Host' };
};

export const migrateSteps = async (flow: Flow, vmId: string, targetHostId: string | null): Promise<void> => {
  const { runner, bus } = flow;
  const vm = await loadVm(bus, vmId);
  const source = vm.placement;
  if (!source || (vm.status !== 'Running' && vm.status !== 'Migrating'))
    throw illegalState('VM_NOT_RUNNING', `VM ${vm.name} is ${vm.status}; only a Running VM can be migrated`, {
      vmId,
      state: vm.status,
    });
  const reservationId = reservationIdOf(runner.key, 'host:migrate');
  await flow.capacity.refresh();
  const landed = flow.capacity.hostOfReservation(reservationId)?.ownerId;
  if (vm.status === 'Running' && landed === source.hostId) {
    // A resumed job whose VM already moved: only the source may still hold it.
    for (const hostId of flow.capacity.hostsHolding(vmId))
      if (hostId !== landed) await releaseHost(runner, flow.capacity, hostId, { vmId });
    return;
  }
  const liveMigration = capabilitiesOf(vm.hypervisor).liveMigration;
  const { pinned, usesLocalStorage } = await reachable(
    flow,
    vm.rootVolumeId,
    source.clusterId,
    liveMigration === 'cluster',
  );
  let target: Placement | null = null;
  try {
    target = await place(runner, flow.capacity, flow.settings, {
      vm,
      size: vm.size,
      facts: await loadPlacementFacts(bus, vm.serviceOfferingId),
      ownerIsRootAdmin: true,
      ownerDomainIds: domainIdsOf(await loadOwner(bus, vm.accountId, { allowRemoved: true })),
      pinned: { ...pinned, ...(targetHostId ? { hostId: targetHostId } : {}) },
      exclude: [source.hostId],
      reservationId,
    });
    const { host } = target;
    await runner.step('request-migration', 'vm', vmId, {
      type: 'RequestVmMigration',
      data: {
        vmId,
        targetHostId: host.hostId,
        targetPodId: host.podId,
        targetClusterId: host.clusterId,
        usesLocalStorage,
        callerIsRootAdmin: true,
      },
    });
    await flow.driver.migrateVm({ vmId, sourceHostId: source.hostId, targetHostId: host.hostId });
    await commitHost(runner, flow.capacity, host.hostId, target.reservationId);
    await runner.step('complete-migration', 'vm', vmId, { type: 'CompleteVmMigration', data: { vmId } });
    await releaseHost(runner, flow.capacity, source.hostId, { vmId });
  } catch (e) {
    if (e instanceof WorkflowInterrupted) throw e;
    const placed = target;
    await compensate([
      async () => {
        if ((await loadVm(bus, vmId)).status === 'Migrating')
          await runner.step('fail-migration', 'vm', vmId, {
            type: 'FailVmMigration',
            data: { vmId, reason: reasonOf(e) },
          });
      },
      async () =>
        placed &&
        (await releaseHost(runner, flow.capacity, placed.host.hostId, {
          reservationId: placed.reservationId,
        })),
    ]);
    throw e;
  }
};

const migrateParams = z.object({ vmId: z.string(), hostId: z.string().nullable() });

export const migrateWorkflow =
  (deps: VmDeps): Workflow =>
  async (tools) => {
    const flow = flowOf(tools, deps);
    const params = migrateParams.parse(tools.job.params);
    await migrateSteps(flow, params.vmId, params.hostId);
    return vmResult(await loadVm(flow.bus, params.vmId));
  };

/** For host maintenance: moves a running VM off its host now (to `targetHostId` when given). */
export const migrateVmNow = async (deps: VmHookDeps, vmId: string, targetHostId?: string): Promise<void> => {
  await migrateSteps(
    hookFlow(deps, `migrate:${vmId}:${randomUUID()}`, 'MigrateVm', vmId),
    vmId,
    targetHostId ?? null,
  );
};

/**
 * For HA: the VM's host is down. The VM is recorded stopped by the host failure and its capacity
 * there released; an HA-enabled VM is then started on another host.
 */
export const restartVmElsewhere = async (deps: VmHookDeps, vmId: string): Promise<void> => {
  const flow = hookFlow(deps, `ha:${vmId}:${randomUUID()}`, 'RestartVm', vmId);
  const { runner, bus } = flow;
  let vm = await loadVm(bus, vmId);
  const downHostId = vm.placement?.hostId ?? vm.lastHostId;
  if (!downHostId) throw notFound('VM_NOT_PLACED', `VM ${vm.name} is on no host`, { vmId });
  if (vm.placement) {
    await runner.step('host-down', 'vm', vmId, {
      type: 'HostDownForVm',
      data: { vmId, hostId: downHostId, reason: `host ${downHostId} is down` },
    });
    vm = await loadVm(bus, vmId);
  }
  await releaseHost(runner, flow.capacity, downHostId, { vmId });
  if (vm.haEnabled) await startSteps(flow, vm, { exclude: [downHostId], purpose: 'ha' });
};
