import type pg from 'pg';
import type { Subscription } from 'rxjs';
import type {
  EventStore,
  Position,
  RecordedEvent,
  SubscriptionMessage,
} from '../adapters/eventstore/port.ts';
import { isTransientError } from '../adapters/postgres/errors.ts';
import { applyBatch } from './applyBatch.ts';
import { type Checkpoint, installProjection } from './generations.ts';
import { type RowProjection, tableOf } from './projection.ts';
import { rebuildProjection } from './rebuild.ts';

export type RunnerState = 'stopped' | 'standby' | 'rebuilding' | 'running' | 'failed';

export type RunnerStatus = {
  readonly name: string;
  readonly state: RunnerState;
  readonly position: Position | null;
  readonly caughtUp: boolean;
  /** From an event's append to its batch's commit, for the last batch applied. */
  readonly lagMs: number | null;
  readonly error: string | null;
};

export type RunnerOptions = {
  readonly batchSize?: number;
  /** How long a batch waits to fill before it is applied anyway. */
  readonly maxWaitMs?: number;
  /** Attempts at one batch before the runner stops on it. */
  readonly maxAttempts?: number;
  /** How often a standby node tries to become the active one. */
  readonly standbyRetryMs?: number;
  readonly log?: (message: string) => void;
};

/** The checkpoint row moved under us (a rebuild switched generations): resume from the row. */
class CheckpointMoved extends Error {}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const lockKey = (name: string) => `skyledger.projection.${name}`;

/**
 * Runs one projection: one active runner per projection across all nodes (a session advisory
 * lock on the connection that also writes, so a node that lost its lock cannot write), catch-up
 * then live from its checkpoint, each batch and its checkpoint in one transaction with a
 * compare-and-set on the previous checkpoint. A batch that keeps failing is retried one event at
 * a time to find the culprit, which is recorded in projection_errors; the runner then stops.
 */
export class ProjectionRunner {
  private state: RunnerState = 'stopped';
  private checkpoint: Checkpoint | null = null;
  private caughtUp = false;
  private lagMs: number | null = null;
  private error: string | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private subscription: Subscription | null = null;
  /** The batch being applied: unsubscribing does not cancel it, so its connection is only released after it. */
  private applying: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private readonly batchSize: number;
  private readonly maxWaitMs: number;
  private readonly maxAttempts: number;
  private readonly standbyRetryMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    readonly projection: RowProjection,
    options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 20;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.standbyRetryMs = options.standbyRetryMs ?? 2000;
    this.log = options.log ?? (() => {});
  }

  status(): RunnerStatus {
    return {
      name: this.projection.name,
      state: this.state,
      position: this.checkpoint?.position ?? null,
      caughtUp: this.caughtUp,
      lagMs: this.lagMs,
      error: this.error,
    };
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.subscription?.unsubscribe();
    this.wake?.();
    await this.loop;
    this.loop = null;
    this.state = 'stopped';
  }

  private async run(): Promise<void> {
    let failures = 0;
    let oneAtATime = false;
    while (!this.stopping) {
      let client: pg.PoolClient | null = null;
      let broken: Error | undefined;
      // A checked-out client whose server goes away emits 'error': keep it from crashing the process.
      const onError = (e: Error) => {
        broken = e;
      };
      try {
        client = await this.pool.connect();
        client.on('error', onError);
        if (!(await this.tryLock(client))) {
          this.state = 'standby';
          client.off('error', onError);
          client.release();
          client = null;
          await this.pause(this.standbyRetryMs);
          continue;
        }
        this.checkpoint = await installProjection(client, this.projection);
        if (this.checkpoint.version !== this.projection.version) {
          this.state = 'rebuilding';
          this.log(
            `${this.projection.name}: version ${this.checkpoint.version} → ${this.projection.version}, rebuilding`,
          );
          await rebuildProjection(this.pool, this.store, this.projection);
          this.checkpoint = await installProjection(client, this.projection);
        }
        this.state = 'running';
        await this.follow(client, oneAtATime ? 1 : this.batchSize, () => {
          failures = 0;
          // A single event went through: what failed was not poison; back to full batches.
          if (oneAtATime) {
            oneAtATime = false;
            this.subscription?.unsubscribe();
          }
        });
      } catch (e) {
        if (e instanceof CheckpointMoved) continue;
        this.error = e instanceof Error ? e.message : String(e);
        if (isTransientError(e)) {
          this.log(`${this.projection.name}: ${this.error}; retrying`);
          await this.pause(1000);
          continue;
        }
        failures++;
        if (failures >= this.maxAttempts && oneAtATime && client) {
          await this.recordPoison(client, e);
          this.state = 'failed';
          this.log(`${this.projection.name}: stopped on an event it cannot apply: ${this.error}`);
          return;
        }
        if (failures >= this.maxAttempts) {
          oneAtATime = true;
          failures = 0;
        }
        this.log(`${this.projection.name}: batch failed (${this.error}); retrying`);
        await this.pause(Math.min(5000, 50 * 2 ** failures));
      } finally {
        await this.applying.catch(() => {});
        if (client) {
          if (!broken) await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
          client.off('error', onError);
          client.release(broken);
        }
      }
    }
  }

  private async tryLock(client: pg.PoolClient): Promise<boolean> {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      lockKey(this.projection.name),
    ]);
    return rows[0]!.ok;
  }

  /** Applies batches until stopped (resolves) or a batch fails (rejects). */
  /**
   * Applies batches until stopped (resolves) or a batch fails (rejects). Batches form by
   * themselves: whatever arrived while the previous batch was being applied goes next (up to
   * `batchSize`), so a runner that falls behind catches up in bigger batches instead of queueing
   * small ones; a quiet stream waits `maxWaitMs` to gather a few events.
   */
  private follow(client: pg.PoolClient, batchSize: number, onSuccess: () => void): Promise<void> {
    const from = this.checkpoint!.position ?? 'start';
    return new Promise((resolve, reject) => {
      const pending: SubscriptionMessage[] = [];
      let draining = false;
      // Once this run has ended (resolved or rejected), nothing more of it may be applied: the next
      // run, maybe one event at a time, starts again from the checkpoint on another client.
      let ended = false;
      let subscription: Subscription | undefined;
      const end = (settle: () => void) => {
        if (ended) return;
        ended = true;
        settle();
        subscription?.unsubscribe();
      };
      const fail = (e: unknown) => end(() => reject(e));
      const drain = async () => {
        if (draining) return;
        draining = true;
        try {
          await new Promise((r) => setTimeout(r, this.maxWaitMs));
          while (pending.length && !ended && !this.stopping) {
            this.applying = this.applyLive(client, pending.splice(0, batchSize)).then(onSuccess);
            await this.applying;
          }
        } catch (e) {
          fail(e);
        } finally {
          draining = false;
        }
        if (pending.length && !ended && !this.stopping) void drain();
      };
      subscription = this.store
        .subscribeToAll({ from, filter: { eventTypes: this.projection.eventTypes } })
        .subscribe({
          next: (m) => {
            pending.push(m);
            void drain();
          },
          error: fail,
          complete: () => end(resolve),
        });
      this.subscription = subscription;
      // An end while subscribing (a synchronous error) found nothing to unsubscribe yet.
      if (ended) subscription.unsubscribe();
      // Losing the connection between batches ends this run; the loop reconnects and resumes.
      client.once('error', fail);
      subscription.add(() => {
        client.off('error', fail);
        end(resolve);
      });
    });
  }

  private async applyLive(client: pg.PoolClient, batch: readonly SubscriptionMessage[]): Promise<void> {
    const events: RecordedEvent[] = [];
    let position: Position | null = null;
    for (const m of batch) {
      if (m.kind === 'event') {
        events.push(m.event);
        position = m.event.position;
      } else if (m.kind === 'checkpoint') position = m.position;
      else this.caughtUp = true;
    }
    const previous = this.checkpoint!;
    if (position === null || position === previous.position) return;
    await client.query('BEGIN');
    try {
      const moved = await client.query(
        `UPDATE projection_checkpoints SET position = $3, updated_at = now()
         WHERE name = $1 AND generation = $2 AND position IS NOT DISTINCT FROM $4`,
        [this.projection.name, previous.generation, position, previous.position],
      );
      if (moved.rowCount !== 1) throw new CheckpointMoved();
      const table = tableOf(this.projection.name, previous.generation);
      if (await applyBatch(client, this.projection, table, events))
        await client.query('UPDATE projection_checkpoints SET changed_position = $2 WHERE name = $1', [
          this.projection.name,
          position,
        ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    this.checkpoint = { ...previous, position };
    this.error = null;
    const newest = events.at(-1);
    if (newest) this.lagMs = Date.now() - newest.createdAt.getTime();
  }

  /** The batch of one that keeps failing: its event is the culprit. */
  private async recordPoison(client: pg.PoolClient, e: unknown): Promise<void> {
    // A filtered read may look only so far ahead: keep reading until the next handled event.
    let from: Position | 'start' = this.checkpoint?.position ?? 'start';
    let event: RecordedEvent | undefined;
    for (;;) {
      const read = await this.store.readAll({
        from,
        maxCount: 1,
        filter: { eventTypes: this.projection.eventTypes },
      });
      event = read.events[0];
      if (event || !read.checkpoint || read.checkpoint === from) break;
      from = read.checkpoint;
    }
    await client
      .query(
        `INSERT INTO projection_errors (name, position, event_id, event_type, error) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name, position) DO UPDATE SET error = EXCLUDED.error, failed_at = now()`,
        [
          this.projection.name,
          event?.position ?? '',
          event?.id ?? null,
          event?.type ?? null,
          String(e instanceof Error ? e.message : e),
        ],
      )
      .catch(() => {});
  }

  private pause(ms: number): Promise<void> {
    return Promise.race([sleep(ms), new Promise<void>((r) => (this.wake = r))]);
  }
}
