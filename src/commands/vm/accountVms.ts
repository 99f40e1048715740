import { randomUUID } from 'node:crypto';
import { ownedBy } from './accountResources.ts';
import type { VmHookDeps } from './deps.ts';
import { loadVm } from './facts.ts';
import { hookFlow } from './flow.ts';
import { stopSteps } from './power.ts';

/**
 * The tenancy hook of disableAccount (not of a lock): every running VM of the account is stopped, as
 * CloudStack does. The account's VMs are read from the log, so one started a moment ago is not missed.
 */
export const stopAccountVms = async (deps: VmHookDeps, accountId: string): Promise<void> => {
  const { vms } = await ownedBy(deps.bus.store, accountId, ['vms']);
  for (const vmId of vms)
    if ((await loadVm(deps.bus, vmId)).status === 'Running')
      await stopSteps(hookFlow(deps, `disable-account:${vmId}:${randomUUID()}`, 'StopVm', vmId), vmId, false);
};
