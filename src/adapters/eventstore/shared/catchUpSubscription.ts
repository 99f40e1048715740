import { Observable } from 'rxjs';
import type { Position, SubscriptionMessage } from '../port.ts';
import type { Page } from './readOptions.ts';

export type CatchUpOptions = {
  /** Reads the page of $all after `from` (exclusive). */
  readonly readPage: (from: Position | 'start') => Promise<Page>;
  readonly from: Position | 'start';
  /** Hints that new events may be visible (in-process appends, LISTEN/NOTIFY). */
  readonly wakeups: Observable<unknown>;
  /** Emits when the store closes: the subscription completes. */
  readonly closing: Observable<unknown>;
  /** Poll this often without a wake-up, so a lost hint only delays. */
  readonly pollIntervalMs: number;
  /** Errors worth retrying (a dropped connection); any other ends the subscription with the error. */
  readonly isTransient: (error: unknown) => boolean;
  /** Once live, reads at most this often, so a busy log costs one read per interval, not per append. */
  readonly minLiveReadIntervalMs?: number;
};

/** First re-poll delay while events wait behind a running older writer, doubled up to the poll interval. */
const pendingDelayMs = 5;
const backoffStartMs = 100;
const backoffMaxMs = 5000;

/**
 * Catch-up-then-live subscription over pages of $all: reads pages until it has seen everything
 * visible, says `caughtUp` once, then reads again on every wake-up or poll. Events arrive in $all
 * order, each once; `checkpoint` messages carry the subscription past filtered-out events.
 */
export const catchUpSubscription = (options: CatchUpOptions): Observable<SubscriptionMessage> =>
  new Observable<SubscriptionMessage>((subscriber) => {
    let cursor = options.from;
    let woken = false;
    let wakePause: (() => void) | undefined;
    let stopPause: (() => void) | undefined;

    // A wake-up during a read is remembered (woken), so the pause after it returns at once.
    const pause = (ms: number, wakeable: boolean) =>
      new Promise<void>((resolve) => {
        if (wakeable && woken) return resolve();
        const done = () => {
          clearTimeout(timer);
          wakePause = undefined;
          stopPause = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        stopPause = done;
        wakePause = wakeable ? done : undefined;
      });
    const wake = () => {
      woken = true;
      wakePause?.();
    };

    const deliver = (page: Page): void => {
      for (const event of page.events) {
        if (subscriber.closed) return;
        subscriber.next({ kind: 'event', event });
        cursor = event.position;
      }
      if (
        page.checkpoint !== null &&
        (cursor === 'start' || page.checkpoint > cursor) &&
        !subscriber.closed
      ) {
        cursor = page.checkpoint;
        subscriber.next({ kind: 'checkpoint', position: cursor });
      }
    };

    const run = async () => {
      let caughtUp = false;
      let failures = 0;
      let pendingDelay = pendingDelayMs;
      let lastReadAt = 0;
      while (!subscriber.closed) {
        const spacing = caughtUp ? lastReadAt + (options.minLiveReadIntervalMs ?? 0) - Date.now() : 0;
        if (spacing > 0) await pause(spacing, false);
        if (subscriber.closed) return;
        woken = false;
        lastReadAt = Date.now();
        let page: Page;
        try {
          page = await options.readPage(cursor);
          failures = 0;
        } catch (error) {
          if (subscriber.closed) return;
          if (!options.isTransient(error)) return subscriber.error(error);
          failures += 1;
          await pause(Math.min(backoffStartMs * 2 ** (failures - 1), backoffMaxMs), false);
          continue;
        }
        if (subscriber.closed) return;
        deliver(page);
        if (subscriber.closed || !page.exhausted) continue;
        if (!caughtUp) {
          caughtUp = true;
          subscriber.next({ kind: 'caughtUp', position: cursor === 'start' ? null : cursor });
        }
        if (page.pending) {
          await pause(pendingDelay, true);
          pendingDelay = Math.min(pendingDelay * 2, options.pollIntervalMs);
        } else {
          pendingDelay = pendingDelayMs;
          await pause(options.pollIntervalMs, true);
        }
      }
    };

    const wakeups = options.wakeups.subscribe(() => wake());
    const closing = options.closing.subscribe(() => subscriber.complete());
    run().catch((error: unknown) => subscriber.error(error));
    return () => {
      wakeups.unsubscribe();
      closing.unsubscribe();
      stopPause?.();
    };
  });
