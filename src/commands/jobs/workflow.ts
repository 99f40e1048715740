import type { HypervisorDriver } from '../../adapters/hypervisor/port.ts';
import type { JobSubmitted } from '../../domain/job/index.ts';
import type { AggregateName, CommandOf, StateOf } from '../aggregates.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import type { CommandResult } from '../handleCommand.ts';

/** What a workflow (the steps of one async job) works with. */
export type WorkflowTools = {
  readonly job: JobSubmitted;
  readonly bus: CommandBus;
  readonly driver: HypervisorDriver;
  /**
   * Runs a command as the named step of this job. The step's name keys the command, so a job
   * that is resumed after a crash gets the first result back instead of recording the step twice.
   */
  step<K extends AggregateName>(
    name: string,
    aggregate: K,
    id: string,
    command: CommandOf<K>,
  ): Promise<CommandResult<StateOf<K>>>;
  now(): string;
};

/** The steps of one kind of job; returns the job's result (CloudStack's jobresult). */
export type Workflow = (tools: WorkflowTools) => Promise<Record<string, unknown>>;

export type Workflows = Readonly<Record<string, Workflow>>;

/** The context of a job's step: actor and correlation of the job, a key unique to the step. */
export const stepContext = (job: JobSubmitted, name: string): CommandContext => ({
  commandId: `${job.jobId}:${name}`,
  idempotencyKey: `${job.jobId}:${name}`,
  correlationId: job.jobId,
  causationId: job.jobId,
  actor: { userId: job.userId, accountId: job.accountId, tenantDomainId: job.tenantDomainId },
});

/** Thrown into a workflow between steps when its executor stops: the job stays pending for the next leader. */
export class WorkflowInterrupted extends Error {
  constructor() {
    super('the job executor is stopping');
    this.name = 'WorkflowInterrupted';
  }
}

export const workflowTools = (
  job: JobSubmitted,
  bus: CommandBus,
  driver: HypervisorDriver,
  stopping: () => boolean = () => false,
): WorkflowTools => ({
  job,
  bus,
  driver,
  step: (name, aggregate, id, command) => {
    if (stopping()) return Promise.reject(new WorkflowInterrupted());
    return bus.execute(aggregate, id, command, stepContext(job, name));
  },
  now: () => bus.now(),
});
