import type { Workflows } from '../jobs/workflow.ts';
import { type ImageHooks, imageWorkflows } from './images/index.ts';
import { type MaintenanceHooks, maintenanceWorkflows } from './maintenance/index.ts';
import { type TenancyHooks, tenancyWorkflows } from './tenancy/index.ts';

/**
 * The admin side of the command API: infrastructure, tenancy, offerings, images, limits, host
 * maintenance and HA. Operations take ({ bus, … }, { caller, ctx, after? }, input) and answer with
 * ids, the job id when async, and the position of their last event.
 */
export * from './images/index.ts';
export * from './infrastructure/index.ts';
export * from './limits/index.ts';
export * from './maintenance/index.ts';
export * from './offerings/index.ts';
export * from './shared.ts';
export * from './tenancy/index.ts';

/** What the VM side provides to the admin jobs (each optional: a job that needs a missing hook fails with a reason). */
export type AdminHooks = TenancyHooks & MaintenanceHooks & ImageHooks;

/** Every admin job's workflow, for the JobExecutor. */
export const adminWorkflows = (hooks: AdminHooks = {}): Workflows => ({
  ...tenancyWorkflows(hooks),
  ...maintenanceWorkflows(hooks),
  ...imageWorkflows(hooks),
});
