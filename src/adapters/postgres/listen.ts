import pg from 'pg';

export type NotificationListener = {
  /** Connects on first call; later calls do nothing. */
  start(): void;
  stop(): Promise<void>;
  /** Whether LISTEN is in place now: notifications sent while it is not are lost. */
  listening(): boolean;
};

const reconnectStartMs = 100;
const reconnectMaxMs = 5000;

/**
 * LISTEN to a channel on a dedicated connection (a pooled one would be handed to others). It
 * reconnects with backoff when the connection drops, and wakes once (with an empty payload) after
 * each connect, since notifications sent while it was away are lost.
 */
export const createNotificationListener = (
  pool: pg.Pool,
  channel: string,
  wake: (payload: string) => void,
): NotificationListener => {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
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
    const candidate = new pg.Client({ ...pool.options, application_name: `skyledger-listen-${channel}` });
    const lost = () => {
      if (client !== candidate) return;
      client = undefined;
      candidate.end().catch(() => {});
      retry();
    };
    candidate.on('error', lost);
    candidate.on('end', lost);
    candidate.on('notification', (n) => wake(n.payload ?? ''));
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${channel}`);
    } catch {
      await candidate.end().catch(() => {});
      return retry();
    }
    if (stopped) return void (await candidate.end().catch(() => {}));
    client = candidate;
    failures = 0;
    wake('');
  };

  function connect() {
    timer = undefined;
    connecting = open().finally(() => {
      connecting = undefined;
    });
  }

  return {
    listening: () => client !== undefined,
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
