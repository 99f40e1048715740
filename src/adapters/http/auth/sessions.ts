import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { readModelChannel } from '../../../projections/projection.ts';
import { AuthCache } from './authCache.ts';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

type Session = { readonly userId: string; readonly expiresAt: number };

/** Expiring login sessions shared by every node (PostgreSQL); tokens are random, stored hashed. */
export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly ttlSeconds = 3600,
    private readonly cache = new AuthCache(pool, { ttlSeconds: 0 }),
  ) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    await this.pool.query('DELETE FROM sessions WHERE expires_at < now()');
    await this.pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
      hashOf(token),
      userId,
      expiresAt,
    ]);
    return { token, expiresAt };
  }

  /** The user of a live session, or null when unknown or expired. */
  async userOf(token: string): Promise<string | null> {
    const hash = hashOf(token);
    const session = await this.cache.remember<Session>(`session:${hash}`, async () => {
      const { rows } = await this.pool.query<{ user_id: string; expires_at: Date }>(
        'SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > now()',
        [hash],
      );
      return rows[0] ? { userId: rows[0].user_id, expiresAt: rows[0].expires_at.getTime() } : null;
    });
    return session && session.expiresAt > Date.now() ? session.userId : null;
  }

  /** Ends a session; every node's cache forgets it (NOTIFY at commit). */
  async revoke(token: string): Promise<void> {
    const hash = hashOf(token);
    this.cache.forget(`session:${hash}`);
    await this.pool.query(
      `WITH gone AS (DELETE FROM sessions WHERE token_hash = $1) SELECT pg_notify($2, 'sessions')`,
      [hash, readModelChannel],
    );
  }
}
