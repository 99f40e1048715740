import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Expiring login sessions shared by every node (PostgreSQL); tokens are random, stored hashed. */
export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly ttlSeconds = 3600,
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
    const { rows } = await this.pool.query<{ user_id: string }>(
      'SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > now()',
      [hashOf(token)],
    );
    return rows[0]?.user_id ?? null;
  }

  async revoke(token: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [hashOf(token)]);
  }
}
