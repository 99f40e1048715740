import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/adapters/http/auth/signature.ts';
import { supportedCommandsMarkdown } from '../../src/adapters/http/cloudstack/index.ts';
import { type DemoCloud, startDemoCloud } from './demoCloud.ts';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await startDemoCloud();
}, 120_000);
afterAll(() => cloud?.close());

/** A request signed with CloudStack's algorithm (Java encoding, names in original case). */
const call = async (params: Record<string, string>, options: { secret?: string; method?: string } = {}) => {
  const all = { response: 'json', apiKey: cloud.user.apiKey, ...params };
  const signature = sign(all, options.secret ?? cloud.user.secretKey);
  const query = new URLSearchParams({ ...all, signature }).toString();
  const res =
    options.method === 'POST'
      ? await fetch(cloud.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: query,
        })
      : await fetch(`${cloud.endpoint}?${query}`);
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked by the assertions
  const body = (await res.json()) as any;
  return { status: res.status, type: res.headers.get('content-type'), body };
};

describe('the CloudStack protocol', () => {
  it('answers JSON with the command envelope, over GET and POST, with case-insensitive names', async () => {
    const get = await call({ command: 'listZones', NAME: 'demo-zone' });
    expect(get.status).toBe(200);
    expect(get.type).toBe('application/json; charset=UTF-8');
    expect(get.body.listzonesresponse.count).toBe(1);
    expect(get.body.listzonesresponse.zone[0].name).toBe('demo-zone');
    const post = await call({ command: 'listZones' }, { method: 'POST' });
    expect(post.body.listzonesresponse.zone).toHaveLength(1);
  });

  it('answers an empty list as {}', async () => {
    const r = await call({ command: 'listVirtualMachines' });
    expect(r.body).toEqual({ listvirtualmachinesresponse: {} });
  });

  it('accepts signatureVersion=3 before expiry and refuses it after, with 401', async () => {
    const future = new Date(Date.now() + 600_000).toISOString().replace(/\.\d+Z$/, '+0000');
    const past = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect((await call({ command: 'listZones', signatureVersion: '3', expires: future })).status).toBe(200);
    const expired = await call({ command: 'listZones', signatureVersion: '3', expires: past });
    expect(expired.status).toBe(401);
    expect(expired.body.listzonesresponse.errortext).toBe(
      'unable to verify user credentials and/or request signature',
    );
  });

  it('refuses a wrong secret and an unknown command with 401', async () => {
    expect((await call({ command: 'listZones' }, { secret: 'nope' })).status).toBe(401);
    const unknown = await call({ command: 'listZonez' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.errorresponse.errorcode).toBe(401);
  });

  it('answers a missing parameter and a malformed uuid with 431', async () => {
    const missing = await call({ command: 'listTemplates' });
    expect(missing.status).toBe(431);
    expect(missing.body.listtemplatesresponse).toMatchObject({
      errorcode: 431,
      cserrorcode: 9999,
      errortext: 'Unable to execute API command listtemplates due to missing parameter templatefilter',
    });
    expect((await call({ command: 'stopVirtualMachine', id: 'not-a-uuid' })).status).toBe(431);
  });

  it('pages with page and pagesize only together', async () => {
    expect((await call({ command: 'listZones', pagesize: '1' })).status).toBe(431);
    const page2 = await call({ command: 'listZones', page: '2', pagesize: '1' });
    expect(page2.body).toEqual({ listzonesresponse: { count: 1 } });
  });

  it('logs in with a password and serves the session key', async () => {
    const login = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        command: 'login',
        username: 'ada',
        password: cloud.user.password,
        domain: '/',
        response: 'json',
      }).toString(),
    });
    expect(login.status).toBe(200);
    const { loginresponse } = (await login.json()) as { loginresponse: Record<string, string> };
    expect(loginresponse).toMatchObject({ username: 'ada', account: 'ada', type: '0' });
    const zones = await fetch(
      `${cloud.endpoint}?command=listZones&response=json&sessionkey=${encodeURIComponent(loginresponse.sessionkey!)}`,
    );
    expect(zones.status).toBe(200);
    const out = await fetch(
      `${cloud.endpoint}?command=logout&response=json&sessionkey=${encodeURIComponent(loginresponse.sessionkey!)}`,
    );
    expect(await out.json()).toEqual({ logoutresponse: { description: 'success' } });
    const after = await fetch(
      `${cloud.endpoint}?command=listZones&response=json&sessionkey=${encodeURIComponent(loginresponse.sessionkey!)}`,
    );
    expect(after.status).toBe(401);
    const bad = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=login&username=ada&password=wrong&response=json',
    });
    expect(bad.status).toBe(531);
    expect(
      (await fetch(`${cloud.endpoint}?command=login&username=ada&password=x&response=json`)).status,
    ).toBe(405);
  });

  it('lists every supported command in listApis with the fields CloudMonkey type-checks', async () => {
    const { body } = await call({ command: 'listApis', listall: 'true' });
    const apis = body.listapisresponse.api as Record<string, unknown>[];
    expect(body.listapisresponse.count).toBe(apis.length);
    const deploy = apis.find((a) => a.name === 'deployVirtualMachine')!;
    expect(deploy).toMatchObject({ isasync: true, description: expect.any(String) });
    expect(deploy.params).toContainEqual(
      expect.objectContaining({
        name: 'zoneid',
        type: 'uuid',
        required: true,
        description: expect.any(String),
      }),
    );
    expect((deploy.response as { name: string }[]).map((f) => f.name)).toContain('jobid');
    for (const a of apis) expect(supportedCommandsMarkdown()).toContain(`| ${a.name} |`);
  });
});
