import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp } from '../../src/adapters/http/app.ts';
import { createAuthenticator, type Principal } from '../../src/adapters/http/auth/authenticate.ts';
import { SessionStore } from '../../src/adapters/http/auth/sessions.ts';
import { sign } from '../../src/adapters/http/auth/signature.ts';
import { createMetrics } from '../../src/adapters/http/metrics.ts';
import { route } from '../../src/adapters/http/route.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { json } from '../support/http.ts';

const alice: Principal = {
  caller: {
    userId: 'u-alice',
    accountId: 'a1',
    tenantDomainId: 'd1',
    tenantDomainPath: 'ROOT',
    roleType: 'User',
  },
  active: true,
};
const bob: Principal = { caller: { ...alice.caller, userId: 'u-bob' }, active: false };
const keys: Record<string, { principal: Principal; secret: string }> = {
  'key-alice': { principal: alice, secret: 'alice-secret' },
  'key-bob': { principal: bob, secret: 'bob-secret' },
};

let db: TestDatabase;
let sessions: SessionStore;
let server: Server;
let base: string;
const clock = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  sessions = new SessionStore(db.pool, 60);
  const authenticate = createAuthenticator({
    sessions,
    now: () => clock,
    decryptSecret: (encrypted) => encrypted.replace(/^enc:/, ''),
    lookup: {
      byApiKey: async (apiKey) => {
        const k = keys[apiKey];
        return k ? { principal: k.principal, encryptedSecret: `enc:${k.secret}` } : null;
      },
      byUserId: async (userId) =>
        Object.values(keys).find((k) => k.principal.caller.userId === userId)?.principal ?? null,
    },
  });
  const routes = [
    route({
      method: 'get',
      path: '/v1/me',
      summary: 'me',
      tags: ['auth'],
      query: z.object({}).passthrough(),
      responses: { 200: { description: 'me' } },
      handler: async ({ caller }) => ({ status: 200, body: { userId: caller?.userId } }),
    }),
    route({
      method: 'post',
      path: '/v1/echo',
      summary: 'echo',
      tags: ['auth'],
      query: z.object({}).passthrough(),
      body: z.object({ text: z.string() }),
      responses: { 200: { description: 'echo' } },
      handler: async ({ body }) => ({ status: 200, body }),
    }),
  ];
  const app = createHttpApp({
    routes,
    authenticate,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    ready: async () => ({ ready: true, checks: {} }),
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await db.drop();
});

const signedUrl = (method: string, path: string, params: Record<string, string>, secret: string) => {
  const signature = sign({ ...params, method, path }, secret);
  return `${base}${path}?${new URLSearchParams({ ...params, signature })}`;
};

describe('REST authentication', () => {
  it('accepts a CloudStack-signed API key request', async () => {
    const res = await fetch(signedUrl('GET', '/v1/me', { apiKey: 'key-alice' }, 'alice-secret'));
    expect(await json(res)).toEqual({ userId: 'u-alice' });
  });

  it('refuses a signature made with the wrong secret', async () => {
    const res = await fetch(signedUrl('GET', '/v1/me', { apiKey: 'key-alice' }, 'wrong'));
    expect(res.status).toBe(401);
  });

  it('refuses a signature replayed on another operation (method and path are signed)', async () => {
    const url = signedUrl('GET', '/v1/me', { apiKey: 'key-alice' }, 'alice-secret');
    const replay = await fetch(url.replace('/v1/me', '/v1/echo'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    expect(replay.status).toBe(401);
  });

  it('signs the body through contentSha256 and refuses a tampered body', async () => {
    const body = '{"text":"hello"}';
    const contentSha256 = createHash('sha256').update(body).digest('hex');
    const url = signedUrl('POST', '/v1/echo', { apiKey: 'key-alice', contentSha256 }, 'alice-secret');
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await json(ok)).toEqual({ text: 'hello' });
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"evil"}',
    });
    expect(tampered.status).toBe(401);
  });

  it('refuses an expired signatureVersion=3 request and accepts a fresh one', async () => {
    const params = (expires: string) => ({ apiKey: 'key-alice', signatureVersion: '3', expires });
    expect(
      (await fetch(signedUrl('GET', '/v1/me', params('2025-12-31T23:59:00Z'), 'alice-secret'))).status,
    ).toBe(401);
    expect(
      (await fetch(signedUrl('GET', '/v1/me', params('2026-01-01T00:10:00+0000'), 'alice-secret'))).status,
    ).toBe(200);
  });

  it('refuses an unknown key, a missing signature, and no credentials at all', async () => {
    expect((await fetch(signedUrl('GET', '/v1/me', { apiKey: 'nobody' }, 'x'))).status).toBe(401);
    expect((await fetch(`${base}/v1/me?apiKey=key-alice`)).status).toBe(401);
    const none = await fetch(`${base}/v1/me`);
    expect(none.status).toBe(401);
    expect((await json(none)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a disabled user even with a valid signature', async () => {
    expect((await fetch(signedUrl('GET', '/v1/me', { apiKey: 'key-bob' }, 'bob-secret'))).status).toBe(401);
  });

  it('accepts a live session token, refuses it once revoked or expired', async () => {
    const { token } = await sessions.create('u-alice');
    const me = () => fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await json(await me())).toEqual({ userId: 'u-alice' });
    await sessions.revoke(token);
    expect((await me()).status).toBe(401);
    const old = await sessions.create('u-alice');
    await db.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    expect((await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${old.token}` } })).status).toBe(
      401,
    );
  });

  it('stores only a hash of each session token', async () => {
    const { token } = await sessions.create('u-alice');
    const { rows } = await db.pool.query('SELECT token_hash FROM sessions');
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });
});
