import type { Host } from '../../../domain/host/index.ts';
import { illegalState } from '../../../domain/shared/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import type { Workflow, WorkflowTools } from '../../jobs/workflow.ts';
import { requireHost } from '../infrastructure/hosts.ts';
import { links, liveChildren } from '../links.ts';
import {
  type AdminDeps,
  type Invocation,
  type Positioned,
  requireRootAdmin,
  submitAdminJob,
  submittedAt,
} from '../shared.ts';
import { loadVms, vmIdsOnHost } from './vmsOnHost.ts';

/**
 * Moves a running VM off its host (live migration), to `targetHostId` or wherever placement finds
 * room. The VM side implements it (reserve on the target, migrate, release the source); the
 * maintenance workflow only calls it.
 */
export type MigrateVm = (vmId: string, targetHostId?: string) => Promise<void>;

export type MaintenanceHooks = { readonly migrateVm?: MigrateVm };

const hostJob = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  hostId: string,
  command: string,
): Promise<Positioned & { jobId: string }> => {
  requireRootAdmin(caller, 'change the maintenance state of hosts');
  await requireHost(bus, hostId);
  return submitAdminJob(bus, ctx, { command, resourceType: 'Host', resourceId: hostId, params: { hostId } });
};

/** prepareHostForMaintenance (async): PrepareForMaintenance, its VMs migrated away, then Maintenance. */
export const prepareHostForMaintenance = (
  deps: AdminDeps,
  invocation: Invocation,
  input: { readonly hostId: string },
) => hostJob(deps, invocation, input.hostId, 'PrepareHostForMaintenance');

/** cancelHostMaintenance (async): back to Enabled; it queues behind a preparation still under way. */
export const cancelHostMaintenance = (
  deps: AdminDeps,
  invocation: Invocation,
  input: { readonly hostId: string },
) => hostJob(deps, invocation, input.hostId, 'CancelHostMaintenance');

/** The counts PrepareHostForMaintenance refuses on: other hosts of the cluster preparing, and VMs in flux. */
const maintenanceFacts = async (bus: CommandBus, host: Host, after: string | null) => {
  const others = (await liveChildren(bus.store, links.hostsOfCluster, host.clusterId, after)).filter(
    (id) => id !== host.hostId,
  );
  const siblings = await Promise.all(others.map(async (id) => (await bus.load('host', id)).state));
  const vms = await loadVms(bus, vmIdsOnHost(host));
  const count = (status: string) => vms.filter((vm) => vm.status === status).length;
  return {
    clusterHostsPreparing: siblings.filter((h) => h?.resourceState === 'PrepareForMaintenance').length,
    vmsStarting: count('Starting'),
    vmsStopping: count('Stopping'),
    vmsInError: count('Error'),
    vmsMigratingIn: vms.filter(
      (vm) => vm.status === 'Migrating' && vm.migrationTarget?.hostId === host.hostId,
    ).length,
  };
};

const failMaintenance = async (
  tools: WorkflowTools,
  host: Host,
  message: string,
  details: Record<string, unknown>,
) => {
  await tools.step('fail', 'host', host.hostId, {
    type: 'FailHostMaintenance',
    data: { hostId: host.hostId, reason: 'UnableToMigrate' },
  });
  return illegalState('HOST_MAINTENANCE_FAILED', message, { hostId: host.hostId, ...details });
};

/**
 * The steps of prepareHostForMaintenance. The VMs to move are read from the host's ledger, so a
 * resumed job only moves what is still there. A VM that can't be moved leaves the host in
 * ErrorInPrepareForMaintenance and fails the job with the reason.
 */
const prepare =
  (hooks: MaintenanceHooks): Workflow =>
  async (tools) => {
    const { hostId } = tools.job.params as { hostId: string };
    const host = await requireHost(tools.bus, hostId);
    const facts = await maintenanceFacts(tools.bus, host, await submittedAt(tools));
    const prepared = (
      await tools.step('prepare', 'host', hostId, {
        type: 'PrepareHostForMaintenance',
        data: { hostId, ...facts },
      })
    ).state as Host;
    const moved: string[] = [];
    for (const vmId of vmIdsOnHost(prepared)) {
      try {
        if (hooks.migrateVm === undefined) throw new Error('no VM migration is wired into this server');
        await hooks.migrateVm(vmId);
        moved.push(vmId);
      } catch (e) {
        throw await failMaintenance(
          tools,
          prepared,
          `VM ${vmId} could not be migrated off host ${prepared.name}: ${e instanceof Error ? e.message : String(e)}`,
          { vmId },
        );
      }
    }
    const left = vmIdsOnHost(await requireHost(tools.bus, hostId));
    if (left.length > 0)
      throw await failMaintenance(tools, prepared, `Host ${prepared.name} still holds ${left.length} VM(s)`, {
        vmIds: left,
      });
    const { state } = await tools.step('complete', 'host', hostId, {
      type: 'CompleteHostMaintenance',
      data: { hostId },
    });
    return { hostId, resourceState: (state as Host).resourceState, migratedVmIds: moved };
  };

export const maintenanceWorkflows = (hooks: MaintenanceHooks): Record<string, Workflow> => ({
  PrepareHostForMaintenance: prepare(hooks),
  CancelHostMaintenance: async (tools) => {
    const { hostId } = tools.job.params as { hostId: string };
    const { state } = await tools.step('cancel', 'host', hostId, {
      type: 'CancelHostMaintenance',
      data: { hostId },
    });
    return { hostId, resourceState: (state as Host).resourceState };
  },
});
