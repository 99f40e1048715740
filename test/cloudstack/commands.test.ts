import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/adapters/http/auth/signature.ts';
import { rootAdminAccountId, rootAdminUserId, rootTenantDomainId } from '../../src/commands/admin/index.ts';
import { createTariff } from '../../src/commands/usage/index.ts';
import { type DemoCloud, startDemoCloud } from './demoCloud.ts';

/**
 * The commands beyond the client flow, each through /client/api with a signed request: CloudStack's
 * envelope and field names for one real call per group, and one refusal.
 */

let cloud: DemoCloud;
type Keys = { apiKey: string; secretKey: string };
let admin: Keys;
let ada: Keys;
beforeAll(async () => {
  cloud = await startDemoCloud();
  admin = cloud.server.admin as Keys;
  ada = cloud.user;
}, 120_000);
afterAll(() => cloud?.close());

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked by the assertions
type Json = any;

const call = async (keys: Keys, params: Record<string, string>): Promise<{ status: number; body: Json }> => {
  const all = { response: 'json', apiKey: keys.apiKey, ...params };
  const signature = sign(all, keys.secretKey);
  const res = await fetch(cloud.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...all, signature }).toString(),
  });
  return { status: res.status, body: await res.json() };
};

/** The response object of a successful command (fails the test with the error otherwise). */
const ok = async (keys: Keys, params: Record<string, string>): Promise<Json> => {
  const r = await call(keys, params);
  const key = `${params.command!.toLowerCase()}response`;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body[key];
};

/** Polls queryAsyncJobResult until the job is done; answers the result envelope. */
const job = async (keys: Keys, jobid: string): Promise<Json> => {
  for (let i = 0; i < 200; i++) {
    const r = await ok(keys, { command: 'queryAsyncJobResult', jobid });
    if (r.jobstatus !== 0) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${jobid} did not finish`);
};

const expectRefused = (r: { status: number; body: Json }, command: string, status: number) => {
  expect(r.status).toBe(status);
  expect(r.body[`${command.toLowerCase()}response`]).toMatchObject({
    errorcode: status,
    errortext: expect.any(String),
  });
};

const idOf = async (keys: Keys, command: string, key: string, params: Record<string, string> = {}) =>
  (await ok(keys, { command, ...params }))[key][0].id as string;

describe('the remaining VM commands', () => {
  it('recovers a destroyed VM and changes its offering (sync, {virtualmachine}); expunges it (async)', async () => {
    const zoneid = await idOf(ada, 'listZones', 'zone');
    const serviceofferingid = await idOf(ada, 'listServiceOfferings', 'serviceoffering');
    const templateid = await idOf(ada, 'listTemplates', 'template', { templatefilter: 'executable' });
    const deployed = await ok(ada, {
      command: 'deployVirtualMachine',
      zoneid,
      serviceofferingid,
      templateid,
    });
    expect(deployed).toEqual({ id: expect.any(String), jobid: expect.any(String) });
    expect((await job(ada, deployed.jobid)).jobstatus).toBe(1);
    const id = deployed.id as string;

    // Changing the offering of a running VM is refused: it must be stopped.
    expectRefused(
      await call(ada, { command: 'changeServiceForVirtualMachine', id, serviceofferingid }),
      'changeServiceForVirtualMachine',
      431,
    );
    expect((await job(ada, (await ok(ada, { command: 'stopVirtualMachine', id })).jobid)).jobstatus).toBe(1);
    const medium = await ok(admin, {
      command: 'createServiceOffering',
      name: 'medium',
      cpunumber: '2',
      cpuspeed: '1000',
      memory: '2048',
    });
    const changed = await ok(ada, {
      command: 'changeServiceForVirtualMachine',
      id,
      serviceofferingid: medium.serviceoffering.id,
    });
    expect(changed.virtualmachine).toMatchObject({
      id,
      state: 'Stopped',
      serviceofferingname: 'medium',
      cpunumber: 2,
    });

    expect((await job(ada, (await ok(ada, { command: 'destroyVirtualMachine', id })).jobid)).jobstatus).toBe(
      1,
    );
    // Users may not recover unless allow.user.expunge.recover.vm: 531, as CloudStack's permission errors.
    expectRefused(await call(ada, { command: 'recoverVirtualMachine', id }), 'recoverVirtualMachine', 531);
    const recovered = await ok(admin, { command: 'recoverVirtualMachine', id });
    expect(recovered.virtualmachine).toMatchObject({ id, state: 'Stopped', account: 'ada' });

    // migrate is for root admins; restore runs as an async job.
    const migrate = await call(ada, { command: 'migrateVirtualMachine', virtualmachineid: id });
    expect(migrate.status).toBe(401);
    expect(migrate.body.migratevirtualmachineresponse.errortext).toBe(
      "The given command 'migrateVirtualMachine' either does not exist, is not available for user.",
    );
    const restored = await job(
      ada,
      (await ok(ada, { command: 'restoreVirtualMachine', virtualmachineid: id })).jobid,
    );
    expect(restored.jobstatus).toBe(1);

    expect(
      (await job(admin, (await ok(admin, { command: 'destroyVirtualMachine', id })).jobid)).jobstatus,
    ).toBe(1);
    const expunged = await ok(admin, { command: 'expungeVirtualMachine', id });
    expect(expunged).toEqual({ jobid: expect.any(String) });
    expect((await job(admin, expunged.jobid)).jobstatus).toBe(1);
  });
});

describe('offerings', () => {
  it('creates service and disk offerings (sync, {serviceoffering} / {diskoffering})', async () => {
    const so = await ok(admin, {
      command: 'createServiceOffering',
      name: 'large',
      displaytext: 'Large',
      cpunumber: '4',
      cpuspeed: '2000',
      memory: '8192',
      hosttags: 'ssd',
    });
    expect(so.serviceoffering).toMatchObject({
      name: 'large',
      displaytext: 'Large',
      cpunumber: 4,
      cpuspeed: 2000,
      memory: 8192,
      hosttags: 'ssd',
      iscustomized: false,
    });
    const dofr = await ok(admin, { command: 'createDiskOffering', name: 'data-20', disksize: '20' });
    expect(dofr.diskoffering).toMatchObject({ name: 'data-20', displaytext: 'data-20', disksize: 20 });
    const listed = await ok(ada, { command: 'listDiskOfferings', name: 'data-20' });
    expect(listed.diskoffering[0].id).toBe(dofr.diskoffering.id);
  });

  it('refuses offering creation to users (401) and a zero size (431)', async () => {
    expectRefused(
      await call(ada, { command: 'createDiskOffering', name: 'x', disksize: '1' }),
      'createDiskOffering',
      401,
    );
    expectRefused(
      await call(admin, {
        command: 'createServiceOffering',
        name: 'zero',
        cpunumber: '0',
        cpuspeed: '1',
        memory: '1',
      }),
      'createServiceOffering',
      431,
    );
  });
});

describe('infrastructure', () => {
  it('lists pods, clusters, hosts, pools, image stores with their CloudStack field names', async () => {
    const pods = await ok(admin, { command: 'listPods' });
    expect(pods.count).toBe(1);
    expect(pods.pod[0]).toMatchObject({ name: 'pod-1', zonename: 'demo-zone', startip: ['192.168.1.10'] });
    const clusters = await ok(admin, { command: 'listClusters', hypervisor: 'Simulator' });
    expect(clusters.cluster[0]).toMatchObject({
      name: 'cluster-1',
      hypervisortype: 'Simulator',
      podname: 'pod-1',
    });
    const hosts = await ok(admin, {
      command: 'listHosts',
      type: 'Routing',
      clusterid: clusters.cluster[0].id,
    });
    expect(hosts.count).toBe(2);
    expect(hosts.host[0]).toMatchObject({
      state: 'Up',
      type: 'Routing',
      cpunumber: 16,
      cpuspeed: 2000,
      memorytotal: 65536 * 1024 ** 2,
      clustername: 'cluster-1',
    });
    const pools = await ok(admin, { command: 'listStoragePools' });
    expect(pools.storagepool[0]).toMatchObject({
      name: 'primary-1',
      type: 'NetworkFilesystem',
      scope: 'CLUSTER',
    });
    expect(pools.storagepool[0].disksizetotal).toBe(10 * 1024 ** 4);
    const stores = await ok(admin, { command: 'listImageStores' });
    expect(stores.imagestore[0]).toMatchObject({ name: 'images', providername: 'NFS', protocol: 'nfs' });
  });

  it('lists capacity, hypervisors and their capabilities', async () => {
    const cpu = await ok(admin, { command: 'listCapacity', type: '1' });
    expect(cpu.capacity).toEqual([
      expect.objectContaining({
        type: 1,
        name: 'CPU',
        capacitytotal: expect.any(Number),
        zonename: 'demo-zone',
      }),
    ]);
    expect(typeof cpu.capacity[0].percentused).toBe('string');
    const hv = await ok(ada, { command: 'listHypervisors', zoneid: await idOf(ada, 'listZones', 'zone') });
    expect(hv).toEqual({ count: 1, hypervisor: [{ name: 'Simulator' }] });
    const caps = await ok(admin, { command: 'listHypervisorCapabilities', hypervisor: 'KVM' });
    expect(caps.hypervisorCapabilities[0]).toMatchObject({ hypervisor: 'KVM', id: expect.any(String) });
  });

  it('refuses infrastructure lists to users (401)', async () => {
    const r = await call(ada, { command: 'listHosts' });
    expectRefused(r, 'listHosts', 401);
    expect(r.body.listhostsresponse.errortext).toBe(
      "The given command 'listHosts' either does not exist, is not available for user.",
    );
  });
});

describe('tenancy', () => {
  it('creates a domain, an account and a user; lists them; registers and reads keys; disables and enables', async () => {
    const domain = (await ok(admin, { command: 'createDomain', name: 'sales' })).domain;
    expect(domain).toMatchObject({ name: 'sales', path: 'ROOT/sales', level: 1, parentdomainname: 'ROOT' });
    const profile = {
      firstname: 'Grace',
      lastname: 'Hopper',
      email: 'grace@example.com',
      password: 'pw-7654321',
    };
    const account = (
      await ok(admin, {
        command: 'createAccount',
        username: 'grace',
        domainid: domain.id,
        accounttype: '2',
        ...profile,
      })
    ).account;
    expect(account).toMatchObject({
      name: 'grace',
      accounttype: 2,
      roletype: 'DomainAdmin',
      domain: 'sales',
      domainpath: 'ROOT/sales',
      state: 'enabled',
    });
    expect(account.user[0]).toMatchObject({ username: 'grace', accounttype: 2, account: 'grace' });
    const user = (
      await ok(admin, {
        command: 'createUser',
        account: 'grace',
        domainid: domain.id,
        ...profile,
        username: 'grace2',
      })
    ).user;
    expect(user).toMatchObject({ username: 'grace2', accountid: account.id, state: 'enabled' });

    const domains = await ok(admin, { command: 'listDomains', listall: 'true' });
    expect(domains.domain.map((d: Json) => d.path)).toEqual(expect.arrayContaining(['ROOT', 'ROOT/sales']));
    const users = await ok(admin, { command: 'listUsers', domainid: domain.id, listall: 'true' });
    expect(users.count).toBe(2);

    const keys = (await ok(admin, { command: 'registerUserKeys', id: user.id })).userkeys;
    expect(keys).toEqual({ apikey: expect.any(String), secretkey: expect.any(String) });
    expect((await ok(admin, { command: 'getUserKeys', id: user.id })).userkeys).toEqual(keys);
    // The new keys work, and the domain admin sees only their own domain.
    const grace = { apiKey: keys.apikey, secretKey: keys.secretkey };
    const seen = await ok(grace, { command: 'listDomains' });
    expect(seen.domain.map((d: Json) => d.path)).toEqual(['ROOT/sales']);

    const disabled = await ok(admin, { command: 'disableAccount', id: account.id, lock: 'false' });
    expect(disabled).toEqual({ jobid: expect.any(String) });
    expect((await job(admin, disabled.jobid)).jobstatus).toBe(1);
    expect(
      (await ok(admin, { command: 'listAccounts', id: account.id, listall: 'true' })).account[0].state,
    ).toBe('disabled');
    const enabled = await ok(admin, { command: 'enableAccount', account: 'grace', domainid: domain.id });
    expect(enabled.account).toMatchObject({ id: account.id, state: 'enabled' });
  });

  it("lets a user list only their own account and refuses another user's keys", async () => {
    const own = await ok(ada, { command: 'listAccounts', listall: 'true' });
    expect(own.account.map((a: Json) => a.name)).toEqual(['ada']);
    const rootUser = (await ok(admin, { command: 'listUsers', username: 'admin' })).user[0];
    const r = await call(ada, { command: 'getUserKeys', id: rootUser.id });
    expect(r.status).toBe(531);
    expectRefused(await call(ada, { command: 'createDomain', name: 'nope' }), 'createDomain', 401);
  });
});

describe('limits, snapshot policies and templates', () => {
  it('updates and lists resource limits ({resourcelimit}, resourcetype as a string)', async () => {
    const adaDomain = (await ok(ada, { command: 'listAccounts' })).account[0].domainid;
    const updated = await ok(admin, {
      command: 'updateResourceLimit',
      resourcetype: '0',
      max: '7',
      account: 'ada',
      domainid: adaDomain,
    });
    expect(updated.resourcelimit).toMatchObject({
      resourcetype: '0',
      resourcetypename: 'user_vm',
      max: 7,
      account: 'ada',
    });
    const mine = await ok(ada, { command: 'listResourceLimits', resourcetype: '0' });
    expect(mine).toEqual({
      count: 1,
      resourcelimit: [expect.objectContaining({ resourcetype: '0', max: 7 })],
    });
    expect((await ok(ada, { command: 'listResourceLimits' })).count).toBe(12);
    expectRefused(
      await call(ada, { command: 'updateResourceLimit', resourcetype: '0', max: '100' }),
      'updateResourceLimit',
      401,
    );
    expectRefused(
      await call(ada, { command: 'listResourceLimits', resourcetype: '42' }),
      'listResourceLimits',
      431,
    );
  });

  it('creates, lists and deletes snapshot policies', async () => {
    const zoneid = await idOf(ada, 'listZones', 'zone');
    const serviceofferingid = await idOf(ada, 'listServiceOfferings', 'serviceoffering', { name: 'small' });
    const templateid = await idOf(ada, 'listTemplates', 'template', { templatefilter: 'executable' });
    const vm = await ok(ada, { command: 'deployVirtualMachine', zoneid, serviceofferingid, templateid });
    expect((await job(ada, vm.jobid)).jobstatus).toBe(1);
    const created = {
      id: await idOf(ada, 'listVolumes', 'volume', { virtualmachineid: vm.id, type: 'ROOT' }),
    };
    const policy = (
      await ok(ada, {
        command: 'createSnapshotPolicy',
        volumeid: created.id,
        intervaltype: 'DAILY',
        schedule: '30:02',
        maxsnaps: '3',
        timezone: 'UTC',
      })
    ).snapshotpolicy;
    expect(policy).toMatchObject({
      volumeid: created.id,
      intervaltype: 1,
      schedule: '30:02',
      maxsnaps: 3,
      timezone: 'UTC',
    });
    const listed = await ok(ada, { command: 'listSnapshotPolicies', volumeid: created.id });
    expect(listed.snapshotpolicy.map((x: Json) => x.id)).toEqual([policy.id]);
    expectRefused(
      await call(ada, {
        command: 'createSnapshotPolicy',
        volumeid: created.id,
        intervaltype: 'YEARLY',
        schedule: '30:02',
        maxsnaps: '3',
        timezone: 'UTC',
      }),
      'createSnapshotPolicy',
      431,
    );
    expect(await ok(ada, { command: 'deleteSnapshotPolicies', ids: policy.id })).toEqual({ success: true });
    expect(await ok(ada, { command: 'listSnapshotPolicies', volumeid: created.id })).toEqual({});
  });

  it('registers a template (list-shaped [template]) and deletes it (async)', async () => {
    const zoneid = await idOf(ada, 'listZones', 'zone');
    const reg = await ok(ada, {
      command: 'registerTemplate',
      name: 'my-tpl',
      url: 'http://images.example.com/mine.qcow2',
      format: 'QCOW2',
      hypervisor: 'Simulator',
      zoneid,
    });
    expect(reg.count).toBe(1);
    expect(reg.template[0]).toMatchObject({ name: 'my-tpl', account: 'ada', zoneid, format: 'QCOW2' });
    const del = await ok(ada, { command: 'deleteTemplate', id: reg.template[0].id });
    expect(del).toEqual({ jobid: expect.any(String) });
    // Another user's template is unknown to ada.
    const rootTpl = await idOf(admin, 'listTemplates', 'template', {
      templatefilter: 'all',
      name: 'tiny-linux',
    });
    expectRefused(await call(ada, { command: 'deleteTemplate', id: rootTpl }), 'deleteTemplate', 431);
  });
});

describe('usage and quota', () => {
  const today = new Date().toISOString().slice(0, 10);
  const rootCaller = () => ({
    userId: rootAdminUserId,
    accountId: rootAdminAccountId,
    tenantDomainId: rootTenantDomainId,
    tenantDomainPath: 'ROOT',
    roleType: 'Admin' as const,
  });

  it('generates and lists usage records, and lists usage types', async () => {
    expect(await ok(admin, { command: 'generateUsageRecords', startdate: today, enddate: today })).toEqual({
      success: true,
    });
    const mine = await ok(ada, { command: 'listUsageRecords', startdate: today, enddate: today, type: '2' });
    expect(mine.count).toBeGreaterThan(0);
    expect(mine.usagerecord[0]).toMatchObject({
      account: 'ada',
      usagetype: 2,
      rawusage: expect.any(String),
      usage: expect.stringMatching(/Hrs$/),
      virtualmachineid: expect.any(String),
    });
    const types = await ok(ada, { command: 'listUsageTypes' });
    expect(types.usagetype).toContainEqual(
      expect.objectContaining({ usagetypeid: 1, id: 1, name: expect.any(String) }),
    );
  });

  it('lists tariffs and an account balance', async () => {
    const tariff = await createTariff(
      { bus: cloud.server.app.bus },
      { caller: rootCaller(), ctx: { commandId: randomUUID(), correlationId: randomUUID() } as never },
      {
        name: 'vm-hour',
        quotaType: 1,
        currency: 'EUR',
        value: 0.5,
        effectiveFrom: '2020-01-01T00:00:00.000Z',
      },
    );
    await cloud.server.settle(tariff.position);
    const tariffs = await ok(ada, { command: 'quotaTariffList', name: 'vm-hour' });
    expect(tariffs.quotatariff[0]).toMatchObject({
      id: tariff.tariffId,
      usageType: 1,
      tariffValue: 0.5,
      currency: 'EUR',
      removed: false,
    });
    const adaDomain = (await ok(ada, { command: 'listAccounts' })).account[0].domainid;
    const bal = await ok(admin, { command: 'quotaBalance', account: 'ada', domainid: adaDomain });
    expect(bal.balance).toMatchObject({ account: 'ada', currency: 'EUR', startquota: expect.any(Number) });
    expect(bal.balance.startquota).toBeLessThanOrEqual(0);
  });

  it('refuses a bad date (431) and usage generation to users (401)', async () => {
    expectRefused(
      await call(ada, { command: 'listUsageRecords', startdate: 'yesterday', enddate: today }),
      'listUsageRecords',
      431,
    );
    expectRefused(await call(ada, { command: 'generateUsageRecords' }), 'generateUsageRecords', 401);
  });
});
