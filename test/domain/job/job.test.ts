import { describe, it } from 'vitest';
import { type JobEvent, type JobSubmitted, jobDecider } from '../../../src/domain/job/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';

const spec = DeciderSpecification.for(jobDecider);
const now = '2026-01-01T00:00:00.000Z';
const submitted: JobSubmitted = {
  jobId: 'j1',
  command: 'StartVm',
  resourceType: 'VirtualMachine',
  resourceId: 'vm1',
  params: {},
  accountId: 'a1',
  tenantDomainId: 'd1',
  userId: 'u1',
  submittedAt: now,
};
const given: JobEvent[] = [{ type: 'JobSubmitted', data: submitted }];

describe('job', () => {
  describe('when new', () => {
    it('is submitted pending', () =>
      spec
        .given([])
        .when({ type: 'SubmitJob', data: submitted })
        .then([{ type: 'JobSubmitted', data: submitted }]));
    it('cannot complete a job that was never submitted', () =>
      spec
        .given([])
        .when({ type: 'CompleteJob', data: { jobId: 'j1', result: {}, now } })
        .thenThrows('JOB_NOT_FOUND'));
  });

  describe('when pending', () => {
    it('refuses a second submission of the same id', () =>
      spec.given(given).when({ type: 'SubmitJob', data: submitted }).thenThrows('JOB_EXISTS'));
    it('succeeds with its result', () =>
      spec
        .given(given)
        .when({ type: 'CompleteJob', data: { jobId: 'j1', result: { vmId: 'vm1' }, now } })
        .then([{ type: 'JobSucceeded', data: { jobId: 'j1', result: { vmId: 'vm1' }, finishedAt: now } }]));
    it('fails with an error code and text', () =>
      spec
        .given(given)
        .when({ type: 'FailJob', data: { jobId: 'j1', errorCode: 533, errorText: 'no host', now } })
        .then([
          { type: 'JobFailed', data: { jobId: 'j1', errorCode: 533, errorText: 'no host', finishedAt: now } },
        ]));
  });

  describe('when finished', () => {
    const succeeded: JobEvent[] = [
      ...given,
      { type: 'JobSucceeded', data: { jobId: 'j1', result: {}, finishedAt: now } },
    ];
    it('records nothing for a repeated success (a redelivered step)', () =>
      spec
        .given(succeeded)
        .when({ type: 'CompleteJob', data: { jobId: 'j1', result: {}, now } })
        .thenNothingHappened());
    it('refuses to fail a job that already succeeded', () =>
      spec
        .given(succeeded)
        .when({ type: 'FailJob', data: { jobId: 'j1', errorCode: 530, errorText: 'x', now } })
        .thenThrows('JOB_ALREADY_FINISHED'));
  });
});
