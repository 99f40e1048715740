import type { Workflows } from '../jobs/workflow.ts';
import { deployWorkflow } from './deployVm.ts';
import type { VmDeps } from './deps.ts';

/**
 * The VM operations (deploy and the lifecycle) and their workflows. The workflows share the
 * capacity index and settings of `deps`, so the map is built from them.
 */
export const vmWorkflows = (deps: VmDeps): Workflows => ({
  DeployVm: deployWorkflow(deps),
});

export { type DeployVmInput, deployVm, deployVmInput } from './deployVm.ts';
export * from './deps.ts';
