import type pg from 'pg';
import type { Subscription } from 'rxjs';
import type { EventStore, Position, RecordedEvent } from '../../adapters/eventstore/port.ts';
import { type Leadership, tryLead } from '../../adapters/postgres/leadership.ts';
import type { CommandBus } from '../commandBus.ts';
import type { StreamLookup } from '../storage/index.ts';
import { fireExpunge, fireSnapshotPolicy, fireSweep, type HandlerDeps, type Outcome } from './handlers.ts';
import { ingestEvent, timerEventTypes, timerKinds } from './ingest.ts';
import { dueTimers, ensureTimer, settleTimer, type Timer } from './timerStore.ts';

export type TimerSchedulerOptions = {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly pool: pg.Pool;
  /** Expunges a destroyed VM once expunge.delay has passed (the VM side implements it). */
  readonly expungeVm: (vmId: string) => Promise<void>;
  /** Expires stale reservations (hosts, pools, quota ledgers). */
  readonly sweep: () => Promise<void>;
  readonly lookup?: StreamLookup;
  /** The clock timers are due by; tests move it. */
  readonly clock?: () => Date;
  /** CloudStack's expunge.delay (default 86,400 s). */
  readonly expungeDelaySeconds?: number;
  readonly sweepIntervalMs?: number;
  /** How often the leader looks for due timers (real time). */
  readonly tickMs?: number;
  readonly standbyRetryMs?: number;
  readonly name?: string;
  readonly log?: (message: string) => void;
  /** Called after a timer's action and before it is moved on: where a test simulates a crash. */
  readonly afterFire?: (timer: Timer) => Promise<void> | void;
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry delay of a timer whose action failed unexpectedly: doubling, at most 5 minutes. */
const backoffMs = (attempts: number): number => Math.min(300_000, 1000 * 2 ** attempts);

/**
 * The one timer mechanism: a table of due timers (migration 0011), derived from events by the
 * leader (SnapshotPolicy*, VmDestroyed/Recovered/Expunged; its checkpoint moves in the same
 * transaction), and fired by the leader when due by the injected clock. One node leads at a time
 * (advisory lock through tryLead); another takes over when it dies, and finds the table as it was.
 * Ingestion and firing run one at a time in the leader, so a firing never races an edit of its row.
 */
export class TimerScheduler {
  private readonly name: string;
  private readonly clock: () => Date;
  private readonly deps: HandlerDeps;
  private leadership: Leadership | null = null;
  private subscription: Subscription | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private serial: Promise<unknown> = Promise.resolve();
  private checkpoint: Position | null = null;

  constructor(private readonly options: TimerSchedulerOptions) {
    this.name = options.name ?? 'timers';
    this.clock = options.clock ?? (() => new Date());
    this.deps = {
      bus: options.bus,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      expungeVm: options.expungeVm,
      sweep: options.sweep,
      sweepIntervalMs: options.sweepIntervalMs ?? 60_000,
    };
  }

  get leading(): boolean {
    return this.leadership !== null;
  }

  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.subscription?.unsubscribe();
    await this.loop;
    this.loop = null;
  }

  /** Resolves once the events up to `position` have made their timers. */
  async ingested(position: Position, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.checkpoint === null || this.checkpoint < position) {
      if (Date.now() > deadline) throw new Error(`timers have not ingested ${position} in time`);
      await sleep(20);
    }
  }

  /** Fires every timer due by the clock now (only while leading); resolves with how many fired. */
  runDue(): Promise<number> {
    return this.exclusive(async () => {
      if (!this.leadership || this.stopping) return 0;
      let fired = 0;
      // A timer retried at the same due time waits for the next run; one moved on fires again (catch-up).
      const attempted = new Set<string>();
      for (;;) {
        const now = this.clock();
        const due = (await dueTimers(this.options.pool, now, 1000)).filter(
          (t) => !attempted.has(`${t.timerId}@${t.dueAt.toISOString()}`),
        );
        if (due.length === 0 || this.stopping) return fired;
        for (const timer of due) {
          if (this.stopping) return fired;
          attempted.add(`${timer.timerId}@${timer.dueAt.toISOString()}`);
          await this.fire(timer, now);
          fired++;
        }
      }
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async fire(timer: Timer, now: Date): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.action(timer, now);
      await this.options.afterFire?.(timer);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.options.log?.(`timer ${timer.timerId}: ${error}`);
      if (this.stopping) return;
      // A slot is named by its due time, so a policy retries the same slot; the others back off.
      const dueAt =
        timer.kind === timerKinds.snapshotPolicy
          ? timer.dueAt
          : new Date(now.getTime() + backoffMs(timer.attempts));
      await settleTimer(this.options.pool, timer.timerId, timer.dueAt, { dueAt, error });
      return;
    }
    await settleTimer(this.options.pool, timer.timerId, timer.dueAt, outcome.next);
  }

  private action(timer: Timer, now: Date): Promise<Outcome> {
    switch (timer.kind) {
      case timerKinds.snapshotPolicy:
        return fireSnapshotPolicy(this.deps, timer);
      case timerKinds.expungeVm:
        return fireExpunge(this.deps, timer);
      case timerKinds.sweep:
        return fireSweep(this.deps, timer, now);
      default:
        return Promise.resolve({ next: null });
    }
  }

  private async ingest(event: RecordedEvent): Promise<void> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      await ingestEvent(client, event, { expungeDelaySeconds: this.options.expungeDelaySeconds ?? 86_400 });
      await this.saveCheckpoint(client, event.position);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    this.checkpoint = event.position;
  }

  private async passed(position: Position): Promise<void> {
    if (this.checkpoint !== null && position <= this.checkpoint) return;
    await this.saveCheckpoint(this.options.pool, position);
    this.checkpoint = position;
  }

  private async saveCheckpoint(db: Pick<pg.Pool, 'query'>, position: Position): Promise<void> {
    await db.query(
      `INSERT INTO workflow_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
       WHERE workflow_checkpoints.position < EXCLUDED.position`,
      [this.name, position],
    );
  }

  private async run(): Promise<void> {
    const { pool, store } = this.options;
    while (!this.stopping) {
      const leadership = await tryLead(pool, `skyledger.timers.${this.name}`).catch(() => null);
      if (!leadership) {
        await sleep(this.options.standbyRetryMs ?? 2000);
        continue;
      }
      try {
        const { rows } = await leadership.client.query<{ position: string }>(
          'SELECT position FROM workflow_checkpoints WHERE name = $1',
          [this.name],
        );
        this.checkpoint = rows[0]?.position ?? null;
        await ensureTimer(pool, {
          timerId: timerKinds.sweep,
          kind: timerKinds.sweep,
          dueAt: this.clock(),
          payload: {},
        });
        this.leadership = leadership;
        this.ticker = setInterval(() => {
          this.runDue().catch(() => undefined);
        }, this.options.tickMs ?? 1000);
        await new Promise<void>((resolve, reject) => {
          this.subscription = store
            .subscribeToAll({
              from: this.checkpoint ?? 'start',
              filter: { eventTypes: [...timerEventTypes] },
            })
            .subscribe({
              next: (m) => {
                if (m.kind === 'event') {
                  const { event } = m;
                  this.exclusive(() => this.ingest(event)).catch(reject);
                } else if (m.kind === 'checkpoint') {
                  const { position } = m;
                  this.exclusive(() => this.passed(position)).catch(reject);
                }
              },
              error: reject,
              complete: resolve,
            });
          this.subscription.add(() => resolve());
          if (this.stopping) this.subscription.unsubscribe();
          void leadership.lost.then(reject);
        });
      } catch (e) {
        this.options.log?.(`timer scheduler: ${e instanceof Error ? e.message : String(e)}; resuming`);
        await sleep(500);
      } finally {
        if (this.ticker) clearInterval(this.ticker);
        this.ticker = null;
        this.subscription?.unsubscribe();
        await this.serial;
        this.leadership = null;
        await leadership.release();
      }
    }
  }
}
