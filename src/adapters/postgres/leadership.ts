import type pg from 'pg';

/**
 * Cluster-wide single-runner election: a session advisory lock on a dedicated connection. The
 * holder keeps the connection for as long as it leads; if its process or connection dies,
 * PostgreSQL drops the lock and another node's next attempt wins.
 */
export type Leadership = {
  readonly client: pg.PoolClient;
  /** Resolves when the connection behind the lock is lost (leadership with it). */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
};

export const tryLead = async (pool: pg.Pool, key: string): Promise<Leadership | null> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  let onLost: (e: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    onLost = (e) => {
      broken = e;
      resolve(e);
    };
  });
  client.on('error', onLost);
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      key,
    ]);
    if (rows[0]!.ok)
      return {
        client,
        lost,
        async release() {
          if (!broken) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
          client.off('error', onLost);
          client.release(broken);
        },
      };
  } catch (e) {
    broken = e as Error;
  }
  client.off('error', onLost);
  client.release(broken);
  return null;
};
