import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { Route } from '../../../../src/adapters/http/route.ts';
import { rootAdminUserId } from '../../../../src/commands/admin/tenancy/bootstrap.ts';
import { startTestServer, type TestServer } from '../../../support/server.ts';
import { type BadRequest, badRequestsFor, routeKey } from './cases.ts';
import { send } from './requests.ts';

/**
 * Issue 6 item 9 on every REST route, generated from the routes themselves: each bad request gets
 * a clear 4xx as problem+json with a stable code (and the field at fault), and changes nothing.
 */

let server: TestServer;
let cases: BadRequest[];
beforeAll(async () => {
  server = await startTestServer(restRoutes);
  const { token } = await server.context.sessions.create(rootAdminUserId);
  await server.db.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
  cases = restRoutes(server.context).flatMap((r) =>
    badRequestsFor(r, { admin: server.admin, expiredSession: token }),
  );
}, 60_000);
afterAll(() => server?.close());

/** The routes, known before the server starts (the routes' declarations don't touch their context). */
const declared: Route[] = restRoutes({ app: {} } as Parameters<typeof restRoutes>[0]);

describe('bad input on every REST route', () => {
  it('covers every route the server serves, with every kind of bad request that applies', async () => {
    const openapi = (await (await fetch(`${server.base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) =>
        routeKey({ method: m as Route['method'], path: path.replace(/\{(\w+)\}/g, ':$1') }),
      ),
    );
    expect(new Set(cases.map((c) => c.route))).toEqual(new Set(served));
    const authFailures = ['no credentials', 'a forged signature', 'an expired session'];
    for (const r of declared) {
      const names = cases.filter((c) => c.route === routeKey(r)).map((c) => c.name);
      const applicable = [
        'an unknown query field',
        ...(r.auth === false ? [] : authFailures),
        ...(r.path.includes('/:') ? ['a malformed id'] : []),
        ...(r.body ? ['an unknown body field', 'an oversized body'] : []),
        ...Object.keys(r.body?.shape ?? {}).map((field) => expect.stringMatching(new RegExp(`^${field} = `))),
      ];
      expect(names, routeKey(r)).toEqual(expect.arrayContaining(applicable));
    }
  });

  it.each(declared.map((r) => [routeKey(r)]))(
    '%s: a clear 4xx for each bad request, and nothing changes',
    async (key) => {
      const mine = cases.filter((c) => c.route === key);
      const before = await server.app.store.headPosition();
      const answers = await Promise.all(mine.map((c) => send(server.base, c.probe)));
      for (const [i, { name, expected }] of mine.entries()) {
        const { status, contentType, body } = answers[i]!;
        const seen = `${key} with ${name}: ${status} ${JSON.stringify(body).slice(0, 300)}`;
        expect(status, seen).toBe(expected.status);
        expect(contentType, seen).toMatch(/^application\/problem\+json/);
        expect(body.code, seen).toBe(expected.code);
        if (expected.errorPath !== undefined)
          expect(
            (body.errors ?? []).some(
              (e: { path: string; reason: string }) =>
                e.path === expected.errorPath &&
                (expected.naming === undefined || e.reason.includes(expected.naming)),
            ),
            seen,
          ).toBe(true);
      }
      expect(await server.app.store.headPosition()).toBe(before);
    },
  );
});
