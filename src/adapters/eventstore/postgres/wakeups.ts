import pg from 'pg';
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

export type NotificationListener = {
  /** Connects on first call; later calls do nothing. */
  start(): void;
  stop(): Promise<void>;
};

const reconnectStartMs = 100;
const reconnectMaxMs = 5000;

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to others). It reconnects with
 * backoff when the connection drops, and wakes once after each connect, since notifications sent
 * while it was away are lost.
 */
export const createNotificationListener = (pool: pg.Pool, wake: () => void): NotificationListener => {
  let started = false;
  let stopped = false;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const retry = () => {
    if (stopped) return;
    failures += 1;
    timer = setTimeout(connect, Math.min(reconnectStartMs * 2 ** (failures - 1), reconnectMaxMs));
  };

  const open = async () => {
    const candidate = new pg.Client({ ...pool.options, application_name: 'skyledger-eventstore-listen' });
    const lost = () => {
      if (client !== candidate) return;
      client = undefined;
      candidate.end().catch(() => {});
      retry();
    };
    candidate.on('error', lost);
    candidate.on('end', lost);
    candidate.on('notification', () => wake());
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${notifyChannel}`);
    } catch {
      await candidate.end().catch(() => {});
      return retry();
    }
    if (stopped) return void (await candidate.end().catch(() => {}));
    client = candidate;
    failures = 0;
    wake();
  };

  function connect() {
    timer = undefined;
    connecting = open().finally(() => {
      connecting = undefined;
    });
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      connect();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await connecting;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
};
