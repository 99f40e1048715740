import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route } from '../../src/adapters/http/route.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(() => [
    route({
      method: 'get',
      path: '/v1/caller',
      summary: 'The authenticated caller',
      tags: ['test'],
      responses: { 200: { description: 'caller' } },
      handler: async ({ caller }) => ({ status: 200, body: caller }),
    }),
  ]);
}, 60_000);
afterAll(() => server.close());

describe('a whole node', () => {
  it('bootstraps a root admin whose API key signs requests end to end', async () => {
    const { status, body } = await server.signed('GET', '/v1/caller');
    expect(status).toBe(200);
    expect(body).toMatchObject({ roleType: 'Admin', tenantDomainPath: 'ROOT' });
  });

  it('refuses the admin key with a wrong secret', async () => {
    const { status } = await server.signed('GET', '/v1/caller', undefined, {
      apiKey: server.admin.apiKey,
      secretKey: 'x',
    });
    expect(status).toBe(401);
  });

  it('reports ready with every projection running', async () => {
    const res = await fetch(`${server.base}/readyz`);
    expect(res.status).toBe(200);
  });
});
