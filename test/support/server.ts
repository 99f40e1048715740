import type { Server } from 'node:http';
import { pino } from 'pino';
import { createPostgresEventStore } from '../../src/adapters/eventstore/index.ts';
import { sign } from '../../src/adapters/http/auth/signature.ts';
import type { Route } from '../../src/adapters/http/route.ts';
import { SimulatorDriver } from '../../src/adapters/hypervisor/simulator/simulator.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { type Application, allProjections, createApplication } from '../../src/app/application.ts';
import { createNodeHttpApp, type HttpContext, httpContext } from '../../src/app/http.ts';
import { bootstrap } from '../../src/commands/admin/tenancy/bootstrap.ts';
import { generateEncryptionKey } from '../../src/commands/admin/tenancy/secrets.ts';
import { waitForPosition } from '../../src/projections/consistency.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { type Json, json } from './http.ts';

export type TestServer = {
  readonly base: string;
  readonly app: Application;
  readonly context: HttpContext;
  readonly db: TestDatabase;
  readonly driver: SimulatorDriver;
  readonly admin: {
    readonly apiKey: string;
    readonly secretKey: string;
    readonly username: string;
    readonly password: string;
  };
  /** A fetch signed with an API key pair (the root admin's by default), returning status and JSON. */
  signed(
    method: string,
    path: string,
    body?: unknown,
    keys?: { apiKey: string; secretKey: string },
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  /** Waits until every read model has applied `position` (the X-Position of a command). */
  settle(position: string | null | undefined): Promise<void>;
  close(): Promise<void>;
};

/**
 * A whole node on a fresh database: application processes running, the root admin bootstrapped,
 * and an HTTP server with the given routes on a free port.
 */
export const startTestServer = async (
  routesOf: (context: HttpContext) => readonly Route[],
): Promise<TestServer> => {
  const db = await createTestDatabase({ poolSize: 10 });
  const store = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  const driver = new SimulatorDriver({ heartbeatIntervalMs: 1000 });
  const encryptionKey = generateEncryptionKey();
  const projectionPool = createPool(db.url, allProjections.length + 2);
  const app = createApplication({ pool: db.pool, projectionPool, store, encryptionKey, driver });
  await app.start();
  const boot = await bootstrap({ bus: app.bus, encryptionKey });
  if (!boot.created) throw new Error('bootstrap did not create the admin');
  const context = httpContext(app);
  const server: Server = createNodeHttpApp(context, routesOf(context), pino({ level: 'silent' })).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const names = app.runners.map((r) => r.projection.name);
  const settle = async (position: string | null | undefined) => {
    if (position) await waitForPosition(db.pool, names, position, { timeoutMs: 10_000 });
  };
  await settle(boot.position);
  return {
    base,
    app,
    context,
    db,
    driver,
    admin: boot,
    settle,
    async signed(method, path, body, keys = boot) {
      const [pathname, search = ''] = path.split('?');
      const text = body === undefined ? undefined : JSON.stringify(body);
      const params: Record<string, string> = {
        ...Object.fromEntries(new URLSearchParams(search)),
        apiKey: keys.apiKey,
      };
      if (text !== undefined) {
        const { createHash } = await import('node:crypto');
        params.contentSha256 = createHash('sha256').update(text).digest('hex');
      }
      const signature = sign({ ...params, method, path: pathname! }, keys.secretKey);
      const res = await fetch(`${base}${pathname}?${new URLSearchParams({ ...params, signature })}`, {
        method,
        headers: text === undefined ? {} : { 'content-type': 'application/json' },
        ...(text === undefined ? {} : { body: text }),
      });
      const responseBody = res.headers.get('content-type')?.includes('json')
        ? await json(res)
        : await res.text();
      return { status: res.status, body: responseBody, headers: res.headers };
    },
    async close() {
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await context.close();
      await app.stop();
      await projectionPool.end();
      await db.drop();
    },
  };
};
