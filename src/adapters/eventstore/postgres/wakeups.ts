import type pg from 'pg';
import { Subject } from 'rxjs';

/** The NOTIFY channel; the payload is always empty: a notification only says "read again". */
export const notifyChannel = 'skyledger_events';

const localWakeups = new WeakMap<pg.Pool, Subject<void>>();

/** Wake-ups of appends made in this process on the same pool: they need no round trip. */
export const localAppends = (pool: pg.Pool): Subject<void> => {
  let subject = localWakeups.get(pool);
  if (!subject) {
    subject = new Subject<void>();
    localWakeups.set(pool, subject);
  }
  return subject;
};

// Not inside the append transaction: a committing transaction that has notified holds a
// database-wide lock through its commit, which would serialise all appends. A lost notification
// costs nothing (subscribers poll), so this one need not wait for its commit to reach the disk.
const notifySql = `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${notifyChannel}', '')`;

export type AppendNotifier = {
  /** After an append commits: one NOTIFY soon, shared by the appends that commit meanwhile. */
  notify(): void;
  /** Waits for the NOTIFY in flight, if any. */
  drain(): Promise<void>;
};

export const createAppendNotifier = (pool: pg.Pool): AppendNotifier => {
  let inFlight: Promise<void> | undefined;
  let again = false;
  const send = async () => {
    do {
      again = false;
      await pool.query(notifySql).catch(() => {});
    } while (again);
    inFlight = undefined;
  };
  return {
    notify() {
      if (inFlight) again = true;
      else inFlight = send();
    },
    drain: async () => {
      await inFlight;
    },
  };
};
