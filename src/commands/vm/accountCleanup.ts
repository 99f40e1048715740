import type { EventStore, Position } from '../../adapters/eventstore/port.ts';
import { illegalState, isDomainError, streamName } from '../../domain/shared/index.ts';
import { aggregates } from '../aggregates.ts';
import { WorkflowInterrupted, type WorkflowTools } from '../jobs/workflow.ts';
import { stepExec } from '../storage/exec.ts';
import { deleteSnapshotSteps } from '../storage/snapshot.workflows.ts';
import { deleteVolumePolicies } from '../storage/snapshotPolicies.ts';
import { uncountDeletedTemplate } from '../storage/templates.ts';
import { detachSteps, expungeVolumeSteps } from '../storage/volume.workflows.ts';
import { destroyVolumeSteps } from '../storage/volumeLifecycle.ts';
import { ownedBy } from './accountResources.ts';
import type { VmHookDeps } from './deps.ts';
import { type Flow, flowOf, type HookActor, hookTools, reasonOf } from './flow.ts';
import { destroySteps, expungeSteps } from './retire.ts';

/**
 * The tenancy hook of deleteAccount (and of a domain deleted with cleanup): everything the account
 * owns goes, as in CloudStack's account cleanup, each resource through the steps of its own single
 * operation, so usage, capacity, the audit log and the limits of its domains follow:
 *  1. snapshot policies, first, so no timer takes a snapshot behind the cleanup's back;
 *  2. VMs: stopped, destroyed and expunged (host capacity, ROOT volume and quota released);
 *  3. DATADISK volumes: detached, deleted and expunged (pool space given back);
 *  4. snapshots: deleted;
 *  5. the templates and ISOs the account owns (public or not; never other accounts'): deleted.
 * Each resource's steps are keyed by the account and the resource, so a resumed account deletion (or
 * a second call) finds them done and records nothing twice. A resource that can't go now (busy with
 * another operation, the hypervisor failing) doesn't hold up the others: the hook fails afterwards,
 * naming each one.
 */
export const cleanupAccountResources = async (deps: VmHookDeps, accountId: string): Promise<void> => {
  const { bus } = deps;
  const deletion = await deletionOf(bus.store, accountId);
  // The scan reads up to the account's removal at least: new VMs and volumes refuse a removed owner.
  const owned = await ownedBy(
    bus.store,
    accountId,
    ['vms', 'volumes', 'snapshots', 'images'],
    deletion.position,
  );
  const toolsFor = (kind: string, resourceType: string, resourceId: string): WorkflowTools =>
    hookTools(
      deps,
      `account-cleanup:${accountId}:${kind}:${resourceId}`,
      { command: 'DeleteAccount', resourceType, resourceId },
      deletion.actor,
    );
  const failures: string[] = [];
  const each = async (kind: string, resourceType: string, ids: readonly string[], retire: Retire) => {
    for (const id of ids)
      try {
        await retire(toolsFor(kind, resourceType, id), id);
      } catch (e) {
        if (e instanceof WorkflowInterrupted) throw e;
        failures.push(`${resourceType} ${id}: ${reasonOf(e)}`);
      }
  };
  await each('policies', 'Volume', owned.volumes, (tools, volumeId) =>
    deleteVolumePolicies(stepExec(tools), bus, volumeId),
  );
  await each('vm', 'VirtualMachine', owned.vms, (tools, vmId) => retireVm(flowOf(tools, deps), vmId));
  await each('volume', 'Volume', owned.volumes, retireDataVolume);
  await each('snapshot', 'Snapshot', owned.snapshots, retireSnapshot);
  await each('image', 'Template', owned.images, retireImage);
  if (failures.length > 0)
    throw illegalState(
      'ACCOUNT_CLEANUP_INCOMPLETE',
      `Account ${accountId} is deleted, but ${failures.length} of its resources could not be removed: ${failures.join('; ')}`,
      { accountId, failures },
    );
};

type Retire = (tools: WorkflowTools, id: string) => Promise<void>;

/** Whether `e` is the domain's refusal with one of these codes. */
const refused = (e: unknown, ...codes: readonly string[]): boolean =>
  isDomainError(e) && codes.includes(e.code);

/**
 * Where the log recorded the account's removal (scans wait for it) and whom the cleanup acts for: the
 * user who deleted it, on the account's behalf, as a job on one of its resources would.
 */
const deletionOf = async (
  store: EventStore,
  accountId: string,
): Promise<{ position: Position; actor: HookActor }> => {
  const events = await store.readStream(streamName(aggregates.account.category, accountId));
  const deleted = events.findLast((e) => e.type === 'AccountDeleted');
  if (!deleted)
    throw illegalState('ACCOUNT_NOT_REMOVED', `Account ${accountId} is not deleted: its resources stay`, {
      accountId,
    });
  const { tenantDomainId } = deleted.data as { tenantDomainId: string };
  const userId = deleted.metadata.actor?.userId ?? 'system';
  return { position: deleted.position, actor: { accountId, tenantDomainId, userId } };
};

/**
 * Stopped, destroyed and expunged. One destroyed (or expunged) before its account was deleted only
 * has what is left of its expunge done: the destroy step, not the cleanup's, is refused.
 */
const retireVm = async (flow: Flow, vmId: string): Promise<void> => {
  try {
    await destroySteps(flow, { vmId, expunge: true, expungeRecoverAllowed: true, dataVolumeIdsToDelete: [] });
  } catch (e) {
    if (!refused(e, 'VM_ALREADY_DESTROYED', 'VM_EXPUNGING', 'VM_EXPUNGED')) throw e;
    await expungeSteps(flow, vmId);
  }
};

/**
 * A DATADISK detached (from a VM expunged by now: nothing to unplug), deleted and expunged; one
 * deleted before (or already expunged) only has what is left of its expunge done.
 */
const retireDataVolume: Retire = async (tools, volumeId) => {
  const { bus } = tools;
  const volume = (await bus.load('volume', volumeId)).state;
  if (volume === null || volume.type !== 'DATADISK') return;
  if (volume.attachment) await detachSteps(tools, volumeId, volume.attachment.vmId);
  try {
    await destroyVolumeSteps(stepExec(tools), bus, tools.job.jobId, tools.now(), volume);
  } catch (e) {
    if (!refused(e, 'VOLUME_ALREADY_DESTROYED')) throw e;
  }
  const destroyed = (await bus.load('volume', volumeId)).state;
  if (destroyed) await expungeVolumeSteps(tools, destroyed);
};

const goneSnapshotStates = new Set(['Destroyed', 'Error']);

/** Deleted, unless it is deleted already or failed (an Error snapshot never counted). */
const retireSnapshot: Retire = async (tools, snapshotId) => {
  const snapshot = (await tools.bus.load('snapshot', snapshotId)).state;
  if (snapshot === null) return;
  try {
    await deleteSnapshotSteps(tools, snapshot);
  } catch (e) {
    if (!(refused(e, 'SNAPSHOT_ILLEGAL_STATE') && goneSnapshotStates.has(snapshot.status))) throw e;
  }
};

/**
 * Deleted in every zone, forced: VMs of other accounts deployed from it keep running, as with a
 * forced deleteTemplate. What a template made from the account's storage counted is given back.
 */
const retireImage: Retire = async (tools, imageId) => {
  const image = (await tools.bus.load('image', imageId)).state;
  if (image.status === 'None') return;
  try {
    const deleted = await tools.step('delete', 'image', imageId, {
      type: 'DeleteTemplate',
      // inUseByVms only matters to a delete that isn't forced.
      data: { imageId, kind: image.kind, forced: true, inUseByVms: false, now: tools.now() },
    });
    await uncountDeletedTemplate(tools, deleted);
  } catch (e) {
    if (!refused(e, 'IMAGE_DELETED')) throw e;
  }
};
