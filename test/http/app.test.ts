import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp } from '../../src/adapters/http/app.ts';
import { createMetrics } from '../../src/adapters/http/metrics.ts';
import { HttpProblem } from '../../src/adapters/http/problem.ts';
import { route } from '../../src/adapters/http/route.ts';
import { notFound } from '../../src/domain/shared/index.ts';
import { json } from '../support/http.ts';

const caller = {
  userId: 'u',
  accountId: 'a',
  tenantDomainId: 'd',
  tenantDomainPath: 'ROOT',
  roleType: 'User' as const,
};
const routes = [
  route({
    method: 'post',
    path: '/v1/things',
    summary: 'Create a thing',
    tags: ['things'],
    body: z.strictObject({ name: z.string().min(1), size: z.number().int().positive() }),
    responses: { 201: { description: 'created', schema: z.object({ id: z.string() }) } },
    handler: async ({ body }) => ({ status: 201, body: { id: body.name }, position: 'p-42' }),
  }),
  route({
    method: 'get',
    path: '/v1/things/:id',
    summary: 'Get a thing',
    tags: ['things'],
    params: z.strictObject({ id: z.uuid() }),
    responses: { 200: { description: 'the thing' } },
    handler: async ({ params }) => {
      throw notFound('THING_NOT_FOUND', `Thing ${params.id} does not exist`);
    },
  }),
  route({
    method: 'delete',
    path: '/v1/things/:id',
    summary: 'Delete a thing',
    tags: ['things'],
    params: z.strictObject({ id: z.uuid() }),
    responses: { 204: { description: 'deleted' } },
    handler: async () => ({ status: 204 }),
  }),
  route({
    method: 'get',
    path: '/v1/public',
    summary: 'Open',
    tags: ['misc'],
    auth: false,
    query: z.strictObject({ n: z.coerce.number().int().optional() }),
    responses: { 200: { description: 'ok' } },
    handler: async ({ query, caller: c }) => ({ status: 200, body: { n: query.n ?? null, caller: c } }),
  }),
];

let server: Server;
let base: string;
beforeAll(async () => {
  const app = createHttpApp({
    routes,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    ready: async () => ({ ready: true, checks: {} }),
    authenticate: async (req) => {
      if (req.headers.authorization !== 'Bearer good')
        throw new HttpProblem(401, 'UNAUTHENTICATED', 'Sign in first');
      return caller;
    },
    bodyLimit: '1kb',
    rateLimitPerMinute: 1000,
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const post = (body: string, headers: Record<string, string> = { authorization: 'Bearer good' }) =>
  fetch(`${base}/v1/things`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('REST platform', () => {
  it('runs a valid request and returns the change position and a request id', async () => {
    const res = await post(JSON.stringify({ name: 'x', size: 1 }));
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ id: 'x' });
    expect(res.headers.get('x-position')).toBe('p-42');
    expect(res.headers.get('x-request-id')).toMatch(/.+/);
  });

  it('answers 401 problem+json without credentials', async () => {
    const res = await post(JSON.stringify({ name: 'x', size: 1 }), {});
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await json(res)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('names each invalid field with its path and reason', async () => {
    const res = await post(JSON.stringify({ name: '', size: 'big' }));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.name', 'body.size']);
  });

  it('refuses unknown fields', async () => {
    const res = await post(JSON.stringify({ name: 'x', size: 1, color: 'red' }));
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].reason).toMatch(/unknown field.*color/);
  });

  it('refuses malformed JSON and oversized bodies with clear codes', async () => {
    expect((await json(await post('{"name":'))).code).toBe('MALFORMED_JSON');
    const big = await post(JSON.stringify({ name: 'x'.repeat(5000), size: 1 }));
    expect(big.status).toBe(413);
    expect((await json(big)).code).toBe('BODY_TOO_LARGE');
  });

  it('refuses a body that is not JSON (415), and fields sent to an operation that takes none (400)', async () => {
    const text = await post('name=x&size=1', { authorization: 'Bearer good', 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect((await json(text)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const onDelete = await fetch(`${base}/v1/things/0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer good', 'content-type': 'application/json' },
      body: JSON.stringify({ force: true }),
    });
    expect(onDelete.status).toBe(400);
    expect((await json(onDelete)).errors[0]).toMatchObject({
      path: 'body',
      reason: expect.stringMatching(/force/),
    });
    const unknownQuery = await fetch(`${base}/v1/things/0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1?verbose=1`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer good' },
    });
    expect((await json(unknownQuery)).errors[0].reason).toMatch(/verbose/);
  });

  it('refuses a malformed id in the path', async () => {
    const res = await fetch(`${base}/v1/things/not-a-uuid`, { headers: { authorization: 'Bearer good' } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].path).toBe('path.id');
  });

  it('maps a domain refusal to its status and stable code', async () => {
    const res = await fetch(`${base}/v1/things/0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1`, {
      headers: { authorization: 'Bearer good' },
    });
    expect(res.status).toBe(404);
    expect(await json(res)).toMatchObject({
      code: 'THING_NOT_FOUND',
      detail: expect.stringContaining('does not exist'),
    });
  });

  it('coerces and validates query strings and serves open routes without a caller', async () => {
    expect(await json(await fetch(`${base}/v1/public?n=3`))).toEqual({ n: 3, caller: null });
    expect((await fetch(`${base}/v1/public?n=x`)).status).toBe(400);
    expect((await fetch(`${base}/v1/public?other=1`)).status).toBe(400);
  });

  it('answers unknown endpoints with a 404 problem', async () => {
    const res = await fetch(`${base}/v1/nothing`);
    expect(res.status).toBe(404);
    expect((await json(res)).code).toBe('ROUTE_NOT_FOUND');
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = await json(await fetch(`${base}/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/v1/things'].post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['name', 'size'],
      additionalProperties: false,
    });
    expect(doc.paths['/v1/things/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
    expect(doc.paths['/v1/public'].get.security).toEqual([]);
  });

  it('serves interactive docs, metrics and health', async () => {
    expect((await fetch(`${base}/docs/`)).status).toBe(200);
    await post(JSON.stringify({ name: 'y', size: 2 }));
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/skyledger_http_request_duration_seconds_bucket\{.*route="\/v1\/things"/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
