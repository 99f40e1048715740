import { conflict, type Decider, illegalState } from '../shared/index.ts';
import type { JobEvent, JobSubmitted } from './job.events.ts';

export const jobCategory = 'job';

export type JobStatus = 'pending' | 'succeeded' | 'failed';

export type JobState =
  | null
  | (JobSubmitted & {
      status: JobStatus;
      result?: Record<string, unknown>;
      errorCode?: number;
      errorText?: string;
    });

export type JobCommand =
  | { type: 'SubmitJob'; data: JobSubmitted }
  | { type: 'CompleteJob'; data: { jobId: string; result: Record<string, unknown>; now: string } }
  | { type: 'FailJob'; data: { jobId: string; errorCode: number; errorText: string; now: string } };

const initialState = (): JobState => null;

const evolve = (state: JobState, event: JobEvent): JobState => {
  switch (event.type) {
    case 'JobSubmitted':
      return state ?? { ...event.data, status: 'pending' };
    case 'JobSucceeded':
      return state && { ...state, status: 'succeeded', result: event.data.result };
    case 'JobFailed':
      return (
        state && {
          ...state,
          status: 'failed',
          errorCode: event.data.errorCode,
          errorText: event.data.errorText,
        }
      );
  }
};

/** A job ends once: a second, identical ending (a redelivered step) records nothing. */
const finish = (state: JobState, jobId: string, outcome: JobStatus, event: JobEvent): JobEvent[] => {
  if (!state) throw illegalState('JOB_NOT_FOUND', `Job ${jobId} does not exist`, { jobId });
  if (state.status === 'pending') return [event];
  if (state.status === outcome) return [];
  throw illegalState('JOB_ALREADY_FINISHED', `Job ${jobId} already ${state.status}`, {
    jobId,
    status: state.status,
  });
};

const decide = (command: JobCommand, state: JobState): JobEvent[] => {
  switch (command.type) {
    case 'SubmitJob':
      if (state)
        throw conflict('JOB_EXISTS', `Job ${command.data.jobId} already exists`, {
          jobId: command.data.jobId,
        });
      return [{ type: 'JobSubmitted', data: command.data }];
    case 'CompleteJob': {
      const { jobId, result, now } = command.data;
      return finish(state, jobId, 'succeeded', {
        type: 'JobSucceeded',
        data: { jobId, result, finishedAt: now },
      });
    }
    case 'FailJob': {
      const { jobId, errorCode, errorText, now } = command.data;
      return finish(state, jobId, 'failed', {
        type: 'JobFailed',
        data: { jobId, errorCode, errorText, finishedAt: now },
      });
    }
  }
};

export const jobDecider: Decider<JobCommand, JobState, JobEvent> = { initialState, evolve, decide };
