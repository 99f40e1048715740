import { randomUUID } from 'node:crypto';
import { scanEvents } from '../admin/links.ts';
import type { VmHookDeps } from './deps.ts';
import { loadVm } from './facts.ts';
import { hookFlow } from './flow.ts';
import { stopSteps } from './power.ts';

/**
 * The tenancy hook of disableAccount (not of a lock): every running VM of the account is stopped, as
 * CloudStack does. The account's VMs are read from the log (a VM never changes account), so one
 * started a moment ago is not missed by a lagging read model.
 */
export const stopAccountVms = async (deps: VmHookDeps, accountId: string): Promise<void> => {
  const vmIds: string[] = [];
  await scanEvents(deps.bus.store, ['VmCreated'], (event) => {
    const data = event.data as { vmId: string; accountId: string };
    if (data.accountId === accountId) vmIds.push(data.vmId);
  });
  for (const vmId of vmIds)
    if ((await loadVm(deps.bus, vmId)).status === 'Running')
      await stopSteps(hookFlow(deps, `disable-account:${vmId}:${randomUUID()}`, 'StopVm', vmId), vmId, false);
};
