import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { readModelChannel } from '../../../projections/projection.ts';
import { createNotificationListener } from '../../postgres/listen.ts';
import type { PrincipalLookup } from './authenticate.ts';

/** What an authentication answer depends on: the read models principals are built from, and sessions. */
const dependencies = new Set(['users', 'accounts', 'tenant_domains', 'credentials', 'sessions']);

export type AuthCacheOptions = {
  /** How long an answer is kept at most; 0 turns the cache off. */
  readonly ttlSeconds: number;
  readonly maxEntries?: number;
};

/**
 * Authentication answers (whose session a token is, who an API key belongs to) kept by a node, so
 * a request doesn't pay two database round trips before its own query. Never stale: the read
 * models behind a principal announce each change when it commits, and so does a logout, on any
 * node (NOTIFY); every node then drops all it holds. An answer loaded before a change is not stored
 * after it, and while the node isn't listening (connecting, reconnecting) nothing is served from
 * memory. Unknown credentials are never cached, so a session made on another node works at once.
 */
export class AuthCache {
  private readonly entries: LRUCache<string, { readonly value: NonNullable<unknown> }> | undefined;
  private readonly listener: ReturnType<typeof createNotificationListener> | undefined;
  /** Bumped by every change: a load that straddles one is not stored. */
  private generation = 0;

  constructor(pool: pg.Pool, options: AuthCacheOptions) {
    if (options.ttlSeconds <= 0) return;
    this.entries = new LRUCache({ max: options.maxEntries ?? 10_000, ttl: options.ttlSeconds * 1000 });
    this.listener = createNotificationListener(pool, readModelChannel, (model) => {
      // An empty payload is the listener's own (re)connect: changes may have been missed meanwhile.
      if (model === '' || dependencies.has(model)) this.clear();
    });
  }

  start(): void {
    this.listener?.start();
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
    this.clear();
  }

  /** The answer for `key`: remembered, or loaded (and remembered when not null). */
  async remember<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    if (!this.entries || !this.listener?.listening()) return load();
    const hit = this.entries.get(key);
    if (hit) return hit.value as T;
    const generation = this.generation;
    const value = await load();
    if (value !== null && value !== undefined && generation === this.generation && this.listener.listening())
      this.entries.set(key, { value });
    return value;
  }

  forget(key: string): void {
    this.entries?.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries?.clear();
  }
}

/** The lookups every request makes, answered through the cache (logins are not: they need the password hash fresh). */
export const cachedPrincipals = <L extends PrincipalLookup>(lookup: L, cache: AuthCache): L => ({
  ...lookup,
  byApiKey: (apiKey: string) => cache.remember(`key:${apiKey}`, () => lookup.byApiKey(apiKey)),
  byUserId: (userId: string) => cache.remember(`user:${userId}`, () => lookup.byUserId(userId)),
});
