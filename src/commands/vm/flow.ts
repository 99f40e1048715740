import { randomUUID } from 'node:crypto';
import type { HypervisorDriver } from '../../adapters/hypervisor/port.ts';
import type { ComputeRequest } from '../../domain/capacity/index.ts';
import type { JobSubmitted } from '../../domain/job/index.ts';
import type { ResourceAmounts } from '../../domain/limits/index.ts';
import type { Vm } from '../../domain/vm/index.ts';
import type { CapacityIndex } from '../capacity/capacityIndex.ts';
import { type Runner, requestRunner, workflowRunner } from '../capacity/steps.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import { deterministicEventId } from '../eventIds.ts';
import { submitJob } from '../jobs/submitJob.ts';
import { WorkflowInterrupted, type WorkflowTools, workflowTools } from '../jobs/workflow.ts';
import { type Submitted, settingsOf, type VmDeps, type VmHookDeps, type VmSettings } from './deps.ts';

/** What every VM workflow works with: its steps, the capacity index, the settings and the hypervisor. */
export type Flow = {
  readonly runner: Runner;
  readonly bus: CommandBus;
  readonly capacity: CapacityIndex;
  readonly settings: VmSettings;
  readonly driver: HypervisorDriver;
};

export const flowOf = (tools: WorkflowTools, deps: VmDeps): Flow => ({
  runner: workflowRunner(tools),
  bus: tools.bus,
  capacity: deps.capacity,
  settings: settingsOf(deps),
  driver: tools.driver,
});

/** Whom a hook's steps are recorded for: the system, unless the hook acts on someone's request. */
export type HookActor = Pick<JobSubmitted, 'accountId' | 'tenantDomainId' | 'userId'>;

const systemActor: HookActor = { accountId: 'system', tenantDomainId: 'system', userId: 'system' };

/**
 * Steps outside any job (the expunge timer, host maintenance, HA, account cleanup), keyed by `key` so
 * a repeated call for the same purpose finds its earlier steps instead of repeating them.
 */
export const hookTools = (
  deps: VmHookDeps,
  key: string,
  job: Pick<JobSubmitted, 'command' | 'resourceType' | 'resourceId'>,
  actor: HookActor = systemActor,
): WorkflowTools =>
  workflowTools(
    { jobId: key, ...job, params: {}, ...actor, submittedAt: deps.bus.now() },
    deps.bus,
    deps.driver,
  );

/** A VM flow outside any job, keyed as `hookTools`. */
export const hookFlow = (
  deps: VmHookDeps,
  key: string,
  command: string,
  resourceId: string,
  actor?: HookActor,
): Flow => flowOf(hookTools(deps, key, { command, resourceType: 'VirtualMachine', resourceId }, actor), deps);

/** A flow for a sync operation: its commands keyed by the request's idempotency key or command id. */
export const requestFlow = (deps: VmDeps, ctx: CommandContext): Omit<Flow, 'driver'> => ({
  runner: requestRunner(deps.bus, ctx),
  bus: deps.bus,
  capacity: deps.capacity,
  settings: settingsOf(deps),
});

/** A new id, or with an idempotency key the same id for the same request every time. */
export const newId = (ctx: CommandContext, purpose: string): string =>
  ctx.idempotencyKey ? deterministicEventId(ctx.idempotencyKey, purpose, 0) : randomUUID();

/** Submits a job on the VM (jobs on one VM run one at a time, in order), owned by the VM's account. */
export const submitVmJob = async (
  bus: CommandBus,
  ctx: CommandContext,
  command: string,
  vm: Pick<Vm, 'vmId' | 'accountId' | 'tenantDomainId'>,
  params: Record<string, unknown>,
): Promise<Submitted> => {
  const { jobId, position } = await submitJob(
    bus,
    {
      command,
      resourceType: 'VirtualMachine',
      resourceId: vm.vmId,
      params: { vmId: vm.vmId, ...params },
      accountId: vm.accountId,
      tenantDomainId: vm.tenantDomainId,
    },
    ctx,
  );
  return { vmId: vm.vmId, jobId, position };
};

/** What a VM counts against its owner's limits while it is not destroyed. */
export const computeResources = (size: ComputeRequest): ResourceAmounts => ({
  user_vm: 1,
  cpu: size.cpuNumber,
  memory: size.memoryMiB,
});

/** What its ROOT volume counts. */
export const rootVolumeResources = (sizeBytes: number): ResourceAmounts => ({
  volume: 1,
  primary_storage: sizeBytes,
});

export const plus = (a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts => ({ ...a, ...b });

/** The cpu and memory a change of size adds (positive part) and gives back (negative part). */
export const sizeDelta = (
  from: ComputeRequest,
  to: ComputeRequest,
): { readonly more: ResourceAmounts; readonly less: ResourceAmounts } => {
  const cpu = to.cpuNumber - from.cpuNumber;
  const memory = to.memoryMiB - from.memoryMiB;
  const pick = (sign: 1 | -1): ResourceAmounts =>
    Object.fromEntries(
      Object.entries({ cpu: sign * cpu, memory: sign * memory }).filter(([, amount]) => amount > 0),
    );
  return { more: pick(1), less: pick(-1) };
};

export const isEmpty = (amounts: ResourceAmounts): boolean => Object.keys(amounts).length === 0;

/** CloudStack's jobresult for VM jobs: `{ virtualmachine: {...} }`. */
export const vmResult = (vm: Vm): Record<string, unknown> => ({
  virtualmachine: {
    id: vm.vmId,
    name: vm.name,
    displayname: vm.displayName,
    state: vm.status,
    account: vm.accountId,
    domainid: vm.tenantDomainId,
    zoneid: vm.zoneId,
    hostid: vm.placement?.hostId ?? null,
    serviceofferingid: vm.serviceOfferingId,
    templateid: vm.image.kind === 'template' ? vm.image.templateId : null,
    isoid: vm.image.kind === 'iso' ? vm.image.isoId : null,
    cpunumber: vm.size.cpuNumber,
    cpuspeed: vm.size.cpuSpeedMhz,
    memory: vm.size.memoryMiB,
    hypervisor: vm.hypervisor,
    rootvolumeid: vm.rootVolumeId,
  },
});

export const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Runs every undo of a failed workflow, in order, even when one fails: what an undo could not give
 * back still expires with its reservation. An interrupted undo (the executor stopping) is rethrown,
 * so the job stays pending and the next executor finishes the compensation.
 */
export const compensate = async (undos: readonly (() => Promise<unknown>)[]): Promise<void> => {
  let interrupted: unknown = null;
  for (const undo of undos) {
    try {
      await undo();
    } catch (e) {
      if (e instanceof WorkflowInterrupted) interrupted = e;
    }
  }
  if (interrupted) throw interrupted;
};
