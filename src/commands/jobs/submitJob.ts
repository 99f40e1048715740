import { randomUUID } from 'node:crypto';
import type { Position } from '../../adapters/eventstore/port.ts';
import type { JobSubmitted } from '../../domain/job/index.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import { deterministicEventId } from '../eventIds.ts';

export type JobRequest = Omit<
  JobSubmitted,
  'jobId' | 'submittedAt' | 'accountId' | 'tenantDomainId' | 'userId'
> & {
  readonly jobId?: string;
  /** The owner of the job (the resource's account): defaults to the caller. */
  readonly accountId?: string;
  readonly tenantDomainId?: string;
};

/** Records a job as submitted; the executor picks it up. Answers at once with its id. */
export const submitJob = async (
  bus: CommandBus,
  request: JobRequest,
  ctx: CommandContext,
): Promise<{ jobId: string; position: Position | null }> => {
  // A retried request with the same idempotency key finds the job it submitted the first time.
  const jobId =
    request.jobId ?? (ctx.idempotencyKey ? deterministicEventId(ctx.idempotencyKey, 'job', 0) : randomUUID());
  const { actor } = ctx;
  const result = await bus.execute(
    'job',
    jobId,
    {
      type: 'SubmitJob',
      data: {
        jobId,
        command: request.command,
        resourceType: request.resourceType,
        resourceId: request.resourceId,
        params: request.params,
        accountId: request.accountId ?? actor.accountId ?? 'system',
        tenantDomainId: request.tenantDomainId ?? actor.tenantDomainId ?? 'system',
        userId: actor.userId ?? 'system',
        submittedAt: bus.now(),
      },
    },
    ctx,
  );
  return { jobId, position: result.position };
};
