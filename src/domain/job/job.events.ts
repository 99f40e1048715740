import { z } from 'zod';
import { type EventsOf, v1 } from '../shared/index.ts';

/** CloudStack's async job: submitted, then succeeded with a result or failed with an error code and text. */
export const jobEventSchemas = {
  JobSubmitted: v1(
    z.object({
      jobId: z.string().min(1),
      /** The command that started it, e.g. `DeployVm`; CloudStack names it `cmd`. */
      command: z.string().min(1),
      /** What the job acts on: jobs on one resource run one at a time, in order. */
      resourceType: z.string().min(1),
      resourceId: z.string().min(1),
      params: z.record(z.string(), z.unknown()),
      accountId: z.string().min(1),
      tenantDomainId: z.string().min(1),
      userId: z.string().min(1),
      submittedAt: z.string(),
    }),
  ),
  JobSucceeded: v1(
    z.object({ jobId: z.string().min(1), result: z.record(z.string(), z.unknown()), finishedAt: z.string() }),
  ),
  JobFailed: v1(
    z.object({
      jobId: z.string().min(1),
      /** CloudStack's ApiErrorCode: 431 parameter error, 530 internal error, 533 insufficient capacity, 534 resource unavailable, 535 limit exceeded. */
      errorCode: z.number().int(),
      errorText: z.string(),
      finishedAt: z.string(),
    }),
  ),
};

export type JobEvent = EventsOf<typeof jobEventSchemas>;
export type JobSubmitted = Extract<JobEvent, { type: 'JobSubmitted' }>['data'];
