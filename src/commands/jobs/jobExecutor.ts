import type pg from 'pg';
import type { Subscription } from 'rxjs';
import type { EventStore, Position } from '../../adapters/eventstore/port.ts';
import type { HypervisorDriver } from '../../adapters/hypervisor/port.ts';
import { type Leadership, tryLead } from '../../adapters/postgres/leadership.ts';
import type { JobSubmitted } from '../../domain/job/index.ts';
import type { CommandBus } from '../commandBus.ts';
import { jobErrorOf } from '../errorCodes.ts';
import { stepContext, WorkflowInterrupted, type Workflows, workflowTools } from './workflow.ts';

export type JobExecutorOptions = {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly pool: pg.Pool;
  readonly driver: HypervisorDriver;
  readonly workflows: Workflows;
  /** Names the executor's lock and checkpoint; one executor of a name runs across all nodes. */
  readonly name?: string;
  readonly standbyRetryMs?: number;
  readonly log?: (message: string) => void;
  /** Told of every job this executor ends, with its time from submission (for metrics). */
  readonly onJobEnded?: (ended: JobEnded) => void;
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs async jobs: follows JobSubmitted events from its checkpoint; jobs on one resource run one
 * at a time in submission order, jobs on different resources in parallel. The checkpoint only
 * passes a job once it has ended (and every job before it), so a restart resumes unfinished jobs;
 * their steps are keyed by job and step name, so nothing already done is recorded twice.
 */
export type JobEnded = {
  readonly command: string;
  readonly outcome: 'succeeded' | 'failed';
  readonly seconds: number;
};

export class JobExecutor {
  private readonly name: string;
  private readonly queues = new Map<string, Promise<void>>();
  /** Submitted jobs not yet ended, in $all order, for the checkpoint's low-water mark. */
  private readonly inFlight: { position: Position; done: boolean }[] = [];
  private checkpoint: Position | null = null;
  private leadership: Leadership | null = null;
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private persisting: Promise<unknown> = Promise.resolve();
  running = 0;

  constructor(private readonly options: JobExecutorOptions) {
    this.name = options.name ?? 'jobs';
  }

  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  /** Stops taking jobs; jobs under way finish their current step and are resumed by the next leader. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.subscription?.unsubscribe();
    await this.loop;
    this.loop = null;
  }

  /** Resolves once every job taken so far has ended. */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  private async run(): Promise<void> {
    const { pool, store } = this.options;
    while (!this.stopping) {
      this.leadership = await tryLead(pool, `skyledger.workflow.${this.name}`).catch(() => null);
      if (!this.leadership) {
        await sleep(this.options.standbyRetryMs ?? 2000);
        continue;
      }
      try {
        const { rows } = await this.leadership.client.query<{ position: string }>(
          'SELECT position FROM workflow_checkpoints WHERE name = $1',
          [this.name],
        );
        this.checkpoint = rows[0]?.position ?? null;
        this.inFlight.length = 0;
        await new Promise<void>((resolve, reject) => {
          this.subscription = store
            .subscribeToAll({ from: this.checkpoint ?? 'start', filter: { eventTypes: ['JobSubmitted'] } })
            .subscribe({
              next: (m) => {
                if (m.kind === 'event') this.take(m.event.data as JobSubmitted, m.event.position);
                else if (m.kind === 'checkpoint') this.passed(m.position);
              },
              error: reject,
              complete: resolve,
            });
          this.subscription.add(() => resolve());
          // stop() may have come before the subscription existed: end it now.
          if (this.stopping) this.subscription.unsubscribe();
          void this.leadership?.lost.then(reject);
        });
      } catch (e) {
        this.options.log?.(`job executor: ${e instanceof Error ? e.message : String(e)}; resuming`);
        await sleep(500);
      } finally {
        await this.idle();
        await this.persisting;
        await this.leadership.release();
        this.leadership = null;
      }
    }
  }

  private take(job: JobSubmitted, position: Position): void {
    const entry = { position, done: false };
    this.inFlight.push(entry);
    const key = `${job.resourceType}:${job.resourceId}`;
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(() => this.execute(job))
      .then((ended) => {
        // An interrupted job keeps the checkpoint before it, so the next leader runs it again.
        entry.done = ended;
        if (ended) this.advance();
      })
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
  }

  /** A stretch of $all with no job in it: nothing to wait for once the jobs before it have ended. */
  private passed(position: Position): void {
    if (this.inFlight.length === 0) this.save(position);
  }

  private advance(): void {
    let last: Position | null = null;
    while (this.inFlight[0]?.done) last = this.inFlight.shift()!.position;
    if (last) this.save(last);
  }

  private save(position: Position): void {
    if (this.checkpoint !== null && position <= this.checkpoint) return;
    this.checkpoint = position;
    const client = this.leadership?.client;
    if (!client) return;
    this.persisting = this.persisting.then(() =>
      client
        .query(
          `INSERT INTO workflow_checkpoints (name, position) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
           WHERE workflow_checkpoints.position < EXCLUDED.position`,
          [this.name, position],
        )
        .catch(() => {}),
    );
  }

  private ended(job: JobSubmitted, outcome: JobEnded['outcome']): void {
    const seconds = (Date.now() - Date.parse(job.submittedAt)) / 1000;
    this.options.onJobEnded?.({ command: job.command, outcome, seconds: Math.max(0, seconds) });
  }

  /** Runs a job unless it has ended; true when it has ended (now or before), false when interrupted. */
  private async execute(job: JobSubmitted): Promise<boolean> {
    if (this.stopping) return false;
    const { bus, driver, workflows } = this.options;
    const { state } = await bus.load('job', job.jobId);
    if (state?.status !== 'pending') return true;
    this.running++;
    try {
      const workflow = workflows[job.command];
      if (!workflow) throw new Error(`no workflow runs ${job.command} jobs`);
      const result = await workflow(workflowTools(job, bus, driver, () => this.stopping));
      if (this.stopping) return false;
      await bus.execute(
        'job',
        job.jobId,
        { type: 'CompleteJob', data: { jobId: job.jobId, result, now: bus.now() } },
        stepContext(job, 'complete'),
      );
      this.ended(job, 'succeeded');
      return true;
    } catch (e) {
      if (this.stopping || e instanceof WorkflowInterrupted) return false;
      const { errorCode, errorText } = jobErrorOf(e);
      await bus
        .execute(
          'job',
          job.jobId,
          { type: 'FailJob', data: { jobId: job.jobId, errorCode, errorText, now: bus.now() } },
          stepContext(job, 'fail'),
        )
        .catch((failure) =>
          this.options.log?.(`job ${job.jobId}: could not record its failure: ${String(failure)}`),
        );
      this.ended(job, 'failed');
      return true;
    } finally {
      this.running--;
    }
  }
}
