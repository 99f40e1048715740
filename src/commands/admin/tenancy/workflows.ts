import type { Account } from '../../../domain/tenancy/account/index.ts';
import type { TenantDomain } from '../../../domain/tenancy/tenantDomain/index.ts';
import type { Workflow, WorkflowTools } from '../../jobs/workflow.ts';
import { links, liveChildren } from '../links.ts';
import { hasCode, type StepRunner, stepsOfJob, submittedAt } from '../shared.ts';
import { releaseAccountName } from './accounts.ts';
import { removeUser } from './users.ts';

/** What the VM side does for an account's resources; Skyledger wires the VM helper's functions here. */
export type TenancyHooks = {
  /** Destroys the account's VMs, volumes, snapshots… before the account is deleted. */
  readonly cleanupAccountResources?: (accountId: string) => Promise<void>;
  /** Stops the account's running VMs when it is disabled (not when locked). */
  readonly stopAccountVms?: (accountId: string) => Promise<void>;
};

/**
 * Deletes an account and everything hanging off it, as repeatable steps: the account is marked
 * removed first (nothing new can be done with it), then its resources go (hook), then every user
 * it ever had is deleted and its username freed, then the account name is freed in the domain.
 */
const removeAccount = async (
  tools: WorkflowTools,
  steps: StepRunner,
  hooks: TenancyHooks,
  accountId: string,
  inDomain?: string,
): Promise<void> => {
  const deleted = await steps
    .run(`account:${accountId}:delete`, 'account', accountId, {
      type: 'DeleteAccount',
      data: { accountId, now: steps.now() },
    })
    .catch((e) => {
      // A name reserved by a create that never recorded its account: only the name is left to free.
      if (inDomain !== undefined && hasCode(e, 'ACCOUNT_NOT_FOUND')) return null;
      throw e;
    });
  if (deleted === null)
    return void (await releaseAccountName(steps, inDomain!, accountId, `account:${accountId}:`));
  const { tenantDomainId } = deleted.state as Account;
  await hooks.cleanupAccountResources?.(accountId);
  for (const userId of await liveChildren(
    tools.bus.store,
    links.usersEverOfAccount,
    accountId,
    await submittedAt(tools),
  ))
    await removeUser(steps, tenantDomainId, userId, `user:${userId}:`);
  await releaseAccountName(steps, tenantDomainId, accountId, `account:${accountId}:`);
};

/**
 * Deletes a domain: without cleanup the domain refuses while it has children or accounts; with it,
 * the deletion starts (nothing new may join), children and accounts go first, depth first, then
 * the domain, then its name is freed in the parent. A resumed job finds each step already done.
 */
const removeDomain = async (
  tools: WorkflowTools,
  steps: StepRunner,
  hooks: TenancyHooks,
  tenantDomainId: string,
  cleanup: boolean,
): Promise<void> => {
  const deleteOnce = (step: string) =>
    steps.run(`domain:${tenantDomainId}:${step}`, 'tenantDomain', tenantDomainId, {
      type: 'DeleteTenantDomain',
      data: { tenantDomainId, cleanup, now: steps.now() },
    });
  let domain = (await deleteOnce('delete')).state as TenantDomain;
  if (domain.status === 'deleting') {
    for (const childId of Object.keys(domain.children))
      await removeDomain(tools, steps, hooks, childId, true);
    for (const accountId of Object.keys(domain.accounts))
      await removeAccount(tools, steps, hooks, accountId, tenantDomainId);
    domain = (await deleteOnce('delete-emptied')).state as TenantDomain;
  }
  if (domain.parentId !== null)
    await steps.run(`domain:${tenantDomainId}:free-name`, 'tenantDomain', domain.parentId, {
      type: 'RemoveChildDomain',
      data: { tenantDomainId: domain.parentId, childId: tenantDomainId },
    });
};

export const tenancyWorkflows = (hooks: TenancyHooks): Record<string, Workflow> => ({
  DeleteTenantDomain: async (tools) => {
    const { tenantDomainId, cleanup } = tools.job.params as { tenantDomainId: string; cleanup: boolean };
    await removeDomain(tools, stepsOfJob(tools), hooks, tenantDomainId, cleanup);
    return { success: true };
  },
  DeleteAccount: async (tools) => {
    const { accountId } = tools.job.params as { accountId: string };
    await removeAccount(tools, stepsOfJob(tools), hooks, accountId);
    return { success: true };
  },
  DisableAccount: async (tools) => {
    const { accountId, lock } = tools.job.params as { accountId: string; lock: boolean };
    const { state } = await tools.step('disable', 'account', accountId, {
      type: 'DisableAccount',
      data: { accountId, lock, now: tools.now() },
    });
    if (!lock) await hooks.stopAccountVms?.(accountId);
    return { accountId, state: state.status };
  },
  DisableUser: async (tools) => {
    const { userId } = tools.job.params as { userId: string };
    const { state } = await tools.step('disable', 'user', userId, {
      type: 'DisableUser',
      data: { userId, now: tools.now() },
    });
    return { userId, state: state.status };
  },
});
