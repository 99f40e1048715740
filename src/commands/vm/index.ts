import type { Workflows } from '../jobs/workflow.ts';
import { changeServiceOffering, scaleVm, scaleWorkflow } from './change.ts';
import { deployVm, deployWorkflow } from './deployVm.ts';
import type { VmDeps } from './deps.ts';
import { migrateVm, migrateWorkflow } from './migrate.ts';
import { rebootVm, rebootWorkflow, startVm, startWorkflow, stopVm, stopWorkflow } from './power.ts';
import { restoreVm, restoreWorkflow } from './restore.ts';
import { destroyVm, destroyWorkflow, expungeVirtualMachine, expungeWorkflow, recoverVm } from './retire.ts';

/**
 * The VM operations and their workflows. Async operations (CloudStack's isasync, cloudstack-api.md
 * §4.1) answer with a job id; recover and change of offering are sync. The workflows share the
 * capacity index and the settings of `deps`, so the map is built from them; the job command names
 * are the keys.
 */
export const vmWorkflows = (deps: VmDeps): Workflows => ({
  DeployVm: deployWorkflow(deps),
  StartVm: startWorkflow(deps),
  StopVm: stopWorkflow(deps),
  RebootVm: rebootWorkflow(deps),
  DestroyVm: destroyWorkflow(deps),
  ExpungeVm: expungeWorkflow(deps),
  RestoreVm: restoreWorkflow(deps),
  MigrateVm: migrateWorkflow(deps),
  ScaleVm: scaleWorkflow(deps),
});

/** Every VM operation the API calls, by CloudStack command. */
export const vmOperations = {
  deployVirtualMachine: deployVm,
  startVirtualMachine: startVm,
  stopVirtualMachine: stopVm,
  rebootVirtualMachine: rebootVm,
  destroyVirtualMachine: destroyVm,
  recoverVirtualMachine: recoverVm,
  expungeVirtualMachine,
  restoreVirtualMachine: restoreVm,
  migrateVirtualMachine: migrateVm,
  changeServiceForVirtualMachine: changeServiceOffering,
  scaleVirtualMachine: scaleVm,
} as const;

export { cleanupAccountResources } from './accountCleanup.ts';
export { stopAccountVms } from './accountVms.ts';
export { type ChangeOfferingInput, changeOfferingInput, changeServiceOffering, scaleVm } from './change.ts';
export { type DeployVmInput, deployVm, deployVmInput } from './deployVm.ts';
export * from './deps.ts';
export {
  type MigrateVmInput,
  migrateVm,
  migrateVmInput,
  migrateVmNow,
  restartVmElsewhere,
} from './migrate.ts';
export {
  rebootVm,
  type StartVmInput,
  type StopVmInput,
  startVm,
  startVmInput,
  stopVm,
  stopVmInput,
} from './power.ts';
export { type RestoreVmInput, restoreVm, restoreVmInput } from './restore.ts';
export {
  type DestroyVmInput,
  destroyVm,
  destroyVmInput,
  expungeVirtualMachine,
  expungeVm,
  recoverVm,
} from './retire.ts';
