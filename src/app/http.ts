import type express from 'express';
import type { Logger } from 'pino';
import { createHttpApp } from '../adapters/http/app.ts';
import { AuthCache, cachedPrincipals } from '../adapters/http/auth/authCache.ts';
import { createAuthenticator } from '../adapters/http/auth/authenticate.ts';
import { readModelPrincipals } from '../adapters/http/auth/credentials.ts';
import { SessionStore } from '../adapters/http/auth/sessions.ts';
import type { Metrics } from '../adapters/http/metrics.ts';
import type { Route } from '../adapters/http/route.ts';
import { decrypt } from '../commands/admin/tenancy/secrets.ts';
import type { Application } from './application.ts';

/** What the HTTP routes of a node work with: the application, its sessions and principals. */
export type HttpContext = {
  readonly app: Application;
  readonly sessions: SessionStore;
  readonly principals: ReturnType<typeof readModelPrincipals>;
  readonly metrics: Metrics;
  readonly rateLimitPerMinute: number;
  /** Stops what the context runs (the authentication cache's listener). */
  close(): Promise<void>;
};

export type HttpOptions = {
  readonly sessionTtlSeconds?: number;
  /** How long a node keeps authentication answers (see AuthCache); 0 turns the cache off. */
  readonly authCacheSeconds?: number;
  /** Requests per minute per API key or session (per address when anonymous). */
  readonly rateLimitPerMinute?: number;
};

export const httpContext = (app: Application, options: HttpOptions = {}): HttpContext => {
  const cache = new AuthCache(app.pool, { ttlSeconds: options.authCacheSeconds ?? 60 });
  cache.start();
  return {
    app,
    sessions: new SessionStore(app.pool, options.sessionTtlSeconds ?? 3600, cache),
    principals: cachedPrincipals(readModelPrincipals(app.pool), cache),
    metrics: app.metrics,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 6000,
    close: () => cache.stop(),
  };
};

/** The express app of a node: the given routes behind authentication, with readiness from the database and projections. */
export const createNodeHttpApp = (
  context: HttpContext,
  routes: readonly Route[],
  logger: Logger,
  mounts: readonly { path: string; router: express.Router }[] = [],
) => {
  const { app, sessions, principals, metrics } = context;
  return createHttpApp({
    routes,
    mounts,
    logger,
    metrics,
    rateLimitPerMinute: context.rateLimitPerMinute,
    authenticate: createAuthenticator({
      lookup: principals,
      sessions,
      decryptSecret: (encrypted) => decrypt(encrypted, app.encryptionKey),
    }),
    ready: async () => {
      await app.pool.query('SELECT 1');
      const projections = app.runners.map((r) => r.status());
      const failed = projections.filter((p) => p.state === 'failed').map((p) => p.name);
      return {
        ready: failed.length === 0,
        checks: {
          database: 'ok',
          projections: Object.fromEntries(
            projections.map((p) => [p.name, { state: p.state, lagMs: p.lagMs }]),
          ),
          ...(failed.length ? { failed } : {}),
        },
      };
    },
  });
};
