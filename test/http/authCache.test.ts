import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/adapters/http/auth/signature.ts';
import { restRoutes } from '../../src/adapters/http/rest/index.ts';
import { createNodeHttpApp, type HttpContext, httpContext } from '../../src/app/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { expectStatus, type Keys } from './rest/admin/support.ts';

/**
 * The per-node authentication cache: a second node on the same database (its own context, so its
 * own cache, kept for an hour) serves known credentials from memory, yet sees every change made
 * through the first node as soon as the changed read model commits — never after its TTL.
 */

let server: TestServer;
let nodeB: { context: HttpContext; server: Server; base: string };
let user: { userId: string; keys: Keys; password: string };

const startNode = async (authCacheSeconds: number) => {
  const context = httpContext(server.app, { authCacheSeconds });
  const http = createNodeHttpApp(context, restRoutes(context), pino({ level: 'silent' })).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((r) => http.once('listening', r));
  return { context, server: http, base: `http://127.0.0.1:${(http.address() as { port: number }).port}` };
};

const login = async (base: string) => {
  const res = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cached', password: user.password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
};

const meStatus = async (base: string, token: string) =>
  (await fetch(`${base}/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status;

/** Polls for at most 5 s (the cache keeps answers for an hour): a change must reach it by notification. */
const soon = async (check: () => Promise<boolean>) => {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the change did not reach the cache');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const listenerPids = async () =>
  (
    await server.db.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
         AND application_name = 'skyledger-listen-skyledger_read_models' AND query LIKE 'LISTEN%'`,
    )
  ).rows.map((r) => r.pid);

beforeAll(async () => {
  server = await startTestServer(restRoutes);
  const password = 'pw-cached-123456';
  const account = await expectStatus(server, 201, 'POST', '/v1/accounts', {
    username: 'cached',
    firstname: 'C',
    lastname: 'D',
    email: 'c@example.com',
    password,
    tenantDomainId: (await expectStatus(server, 200, 'GET', '/v1/auth/me')).tenantDomainId,
    accountType: 'User',
  });
  const keys = await expectStatus(server, 201, 'POST', `/v1/users/${account.userId}/keys`);
  user = { userId: account.userId, keys, password };
  nodeB = await startNode(3600);
  await soon(async () => (await listenerPids()).length >= 2);
}, 60_000);

afterAll(async () => {
  nodeB?.server.closeAllConnections();
  await new Promise((r) => nodeB?.server.close(r));
  await nodeB?.context.close();
  await server?.close();
});

describe('the authentication cache', () => {
  it('answers a known session from memory: a row deleted behind its back is not seen, until a notification', async () => {
    const token = await login(nodeB.base);
    expect(await meStatus(nodeB.base, token)).toBe(200);
    // Deleting the row with SQL announces nothing: node B keeps its answer, node A (asked first now) has none.
    await server.db.pool.query('DELETE FROM sessions');
    expect(await meStatus(nodeB.base, token)).toBe(200);
    expect(await meStatus(server.base, token)).toBe(401);
    await server.db.pool.query(`SELECT pg_notify('skyledger_read_models', 'sessions')`);
    await soon(async () => (await meStatus(nodeB.base, token)) === 401);
  });

  it('a logout on one node ends the session on the other at once', async () => {
    const token = await login(server.base);
    expect(await meStatus(nodeB.base, token)).toBe(200);
    const out = await fetch(`${server.base}/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    await soon(async () => (await meStatus(nodeB.base, token)) === 401);
  });

  it('disabling the user on one node locks out its session and API key on the other once the read model commits', async () => {
    const token = await login(nodeB.base);
    const signedMe = async () => {
      // A request signed for the test server, sent to node B instead.
      const res = await fetch(signedUrl('/v1/auth/me').replace(server.base, nodeB.base));
      return res.status;
    };
    expect(await meStatus(nodeB.base, token)).toBe(200);
    expect(await signedMe()).toBe(200);
    await expectStatus(server, 202, 'POST', `/v1/users/${user.userId}/disable`);
    await soon(async () => (await meStatus(nodeB.base, token)) === 401 && (await signedMe()) === 401);
    await expectStatus(server, 200, 'POST', `/v1/users/${user.userId}/enable`);
    await soon(async () => (await signedMe()) === 200);
  });

  it('forgets everything when its listener reconnects, since notifications were lost meanwhile', async () => {
    const token = await login(nodeB.base);
    expect(await meStatus(nodeB.base, token)).toBe(200);
    const before = await listenerPids();
    await server.db.pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid', [before]);
    await server.db.pool.query('DELETE FROM sessions');
    // Both nodes' listeners come back (new backends), and node B asks the database again.
    await soon(async () => {
      const now = await listenerPids();
      return now.length >= 2 && now.every((pid) => !before.includes(pid));
    });
    await soon(async () => (await meStatus(nodeB.base, token)) === 401);
  });

  it('with AUTH_CACHE_SECONDS=0 every request asks the database', async () => {
    const uncached = await startNode(0);
    try {
      const token = await login(uncached.base);
      expect(await meStatus(uncached.base, token)).toBe(200);
      await server.db.pool.query('DELETE FROM sessions');
      expect(await meStatus(uncached.base, token)).toBe(401);
    } finally {
      uncached.server.closeAllConnections();
      await new Promise((r) => uncached.server.close(r));
      await uncached.context.close();
    }
  });
});

/** A URL signed with the user's API key, for the test server's base. */
const signedUrl = (path: string) => {
  const params = { apiKey: user.keys.apiKey };
  const signature = sign({ ...params, method: 'GET', path }, user.keys.secretKey);
  return `${server.base}${path}?${new URLSearchParams({ ...params, signature })}`;
};
