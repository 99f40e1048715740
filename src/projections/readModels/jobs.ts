import { type JobState, jobCategory, jobDecider, jobEventSchemas } from '../../domain/job/index.ts';
import { streamReadModel } from './support.ts';

/** CloudStack's async jobs: what was asked, on which resource, by whom, and how it ended. */
export const jobs = streamReadModel<JobState>({
  name: 'jobs',
  version: 1,
  category: jobCategory,
  schemas: jobEventSchemas,
  decider: jobDecider,
  columns: `command text NOT NULL, resource_type text NOT NULL, resource_id text NOT NULL,
    account_id text NOT NULL, tenant_domain_id text NOT NULL, user_id text NOT NULL, state text NOT NULL,
    params jsonb NOT NULL, result jsonb, error_code integer, error_text text, submitted_at timestamptz NOT NULL,
    finished_at timestamptz`,
  indexes: [
    '(account_id, created_at)',
    '(resource_type, resource_id)',
    '(state, created_at)',
    '(created_at, id)',
  ],
  columnsOf: (j, event) =>
    j && {
      command: j.command,
      resource_type: j.resourceType,
      resource_id: j.resourceId,
      account_id: j.accountId,
      tenant_domain_id: j.tenantDomainId,
      user_id: j.userId,
      state: j.status,
      params: j.params,
      result: j.result ?? null,
      error_code: j.errorCode ?? null,
      error_text: j.errorText ?? null,
      submitted_at: j.submittedAt,
      // The job's state keeps no finish time: the event that ended it carries it.
      finished_at:
        j.status === 'pending' ? null : ((event.data as { finishedAt?: string }).finishedAt ?? null),
    },
  removed: () => false,
});
