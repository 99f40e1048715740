import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDone, openWorld, signedUrl, type World } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await openWorld();
}, 120_000);
afterAll(() => w?.server.close());

describe("a tenant's journey over REST", () => {
  it('deploys, stops, starts, adds a volume, snapshots, destroys, and finds it all in events and the audit export', async () => {
    const keys = w.alice.keys;
    const as = (method: string, path: string, body?: unknown) => w.server.signed(method, path, body, keys);

    const deployed = await as('POST', '/v1/vms', {
      zoneId: w.zoneId,
      serviceOfferingId: w.offeringId,
      templateId: w.templateId,
      name: 'web-1',
    });
    expect(deployed.status).toBe(202);
    expect(deployed.body).toMatchObject({
      id: expect.any(String),
      jobUrl: `/v1/jobs/${deployed.body.jobId}`,
    });
    const vmId: string = deployed.body.id;
    expect(await jobDone(w, deployed.body.jobId, keys)).toMatchObject({ state: 'succeeded' });

    const running = await as('GET', `/v1/vms/${vmId}`);
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({
      id: vmId,
      name: 'web-1',
      state: 'Running',
      accountId: w.alice.accountId,
    });
    expect(running.body).not.toHaveProperty('hostId');

    const list = await as('GET', `/v1/vms?state=Running&zoneId=${w.zoneId}`);
    expect(list.body).toMatchObject({ total: 1, nextCursor: null });
    expect(list.body.items[0].id).toBe(vmId);

    const metrics = await as('GET', `/v1/vms/${vmId}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ id: vmId, state: 'Running', cpuTotalMhz: 1000 });
    expect(metrics.body.sampledAt).not.toBeNull();

    const stop = await as('POST', `/v1/vms/${vmId}/stop`, {});
    expect(stop.status).toBe(202);
    expect(await jobDone(w, stop.body.jobId, keys)).toMatchObject({ state: 'succeeded' });
    const stopped = await as(
      'GET',
      `/v1/vms/${vmId}?minPosition=${encodeURIComponent(stop.headers.get('x-position')!)}`,
    );
    expect(stopped.body.state).toBe('Stopped');
    expect((await as('GET', `/v1/vms/${vmId}/metrics`)).body).toMatchObject({
      cpuUsedPercent: 0,
      sampledAt: null,
    });

    const changed = await as('PUT', `/v1/vms/${vmId}/offering`, { serviceOfferingId: w.bigOfferingId });
    expect(changed.status).toBe(200);
    await w.server.settle(changed.headers.get('x-position'));
    expect((await as('GET', `/v1/vms/${vmId}`)).body).toMatchObject({ cpuNumber: 2, memoryMib: 2048 });

    const start = await as('POST', `/v1/vms/${vmId}/start`, {});
    expect(await jobDone(w, start.body.jobId, keys)).toMatchObject({ state: 'succeeded' });

    const created = await as('POST', '/v1/volumes', {
      name: 'data-1',
      zoneId: w.zoneId,
      diskOfferingId: w.diskOfferingId,
    });
    expect(created.status).toBe(201);
    const volumeId: string = created.body.id;
    const attach = await as('POST', `/v1/volumes/${volumeId}/attach`, { vmId });
    expect(attach.status).toBe(202);
    expect(await jobDone(w, attach.body.jobId, keys)).toMatchObject({ state: 'succeeded' });
    await w.server.settle((await as('GET', `/v1/jobs/${attach.body.jobId}`)).headers.get('x-position'));
    const attached = await as('GET', `/v1/volumes?vmId=${vmId}&type=DATADISK`);
    expect(attached.body.items.map((v: { id: string }) => v.id)).toEqual([volumeId]);

    const snap = await as('POST', `/v1/volumes/${volumeId}/snapshots`, { name: 'before-upgrade' });
    expect(snap.status).toBe(202);
    expect(await jobDone(w, snap.body.jobId, keys)).toMatchObject({ state: 'succeeded' });
    const snapshotId: string = snap.body.id;
    await new Promise((r) => setTimeout(r, 300));
    expect((await as('GET', `/v1/snapshots/${snapshotId}`)).body).toMatchObject({
      id: snapshotId,
      state: 'BackedUp',
    });

    const policy = await as('POST', '/v1/snapshot-policies', {
      volumeId,
      intervalType: 'DAILY',
      schedule: '30:2',
      timezone: 'UTC',
      maxSnaps: 3,
    });
    expect(policy.status).toBe(201);
    const policies = await as('GET', `/v1/snapshot-policies?volumeId=${volumeId}`);
    expect(policies.body.items).toEqual([expect.objectContaining({ id: policy.body.id, maxSnaps: 3 })]);
    const updated = await as('PUT', `/v1/snapshot-policies/${policy.body.id}`, { maxSnaps: 5 });
    expect(updated.body).toMatchObject({ maxSnaps: 5 });
    expect((await as('DELETE', `/v1/snapshot-policies/${policy.body.id}`)).status).toBe(200);
    expect((await as('GET', `/v1/snapshot-policies?volumeId=${volumeId}`)).body.items).toEqual([]);

    const detach = await as('POST', `/v1/volumes/${volumeId}/detach`, {});
    expect(await jobDone(w, detach.body.jobId, keys)).toMatchObject({ state: 'succeeded' });

    const beforeDestroy = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const destroy = await as('DELETE', `/v1/vms/${vmId}`);
    expect(destroy.status).toBe(202);
    expect(await jobDone(w, destroy.body.jobId, keys)).toMatchObject({ state: 'succeeded' });
    await w.server.settle((await as('GET', `/v1/jobs/${destroy.body.jobId}`)).headers.get('x-position'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await as('GET', `/v1/vms/${vmId}`)).body.state).toBe('Destroyed');

    const history = await as('GET', `/v1/vms/${vmId}/history`);
    expect(history.body.items.map((e: { eventType: string }) => e.eventType)).toEqual(
      expect.arrayContaining(['VmCreated', 'VmStopped', 'VmDestroyed']),
    );
    const then = await as('GET', `/v1/vms/${vmId}/history?asOf=${encodeURIComponent(beforeDestroy)}`);
    expect(then.status).toBe(200);
    expect(then.body.state).toMatchObject({ vmId, status: 'Running' });

    const events = await as('GET', '/v1/events?pageSize=1000');
    expect(events.status).toBe(200);
    expect(events.body.items.length).toBeGreaterThan(5);
    for (const e of events.body.items) expect(e.accountId).toBe(w.alice.accountId);

    const jobs = await as('GET', '/v1/jobs?pageSize=1000');
    expect(jobs.body.items.map((j: { id: string }) => j.id)).toEqual(
      expect.arrayContaining([deployed.body.jobId, destroy.body.jobId]),
    );

    const exported = await fetch(
      signedUrl(w, 'GET', `/v1/audit/export?format=jsonl&resourceId=${vmId}`, keys),
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/application\/jsonl/);
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.eventType)).toEqual(expect.arrayContaining(['VmCreated', 'VmDestroyed']));
    for (const line of lines) expect(line.accountId).toBe(w.alice.accountId);
    const csv = await fetch(signedUrl(w, 'GET', `/v1/audit/export?format=csv&resourceId=${vmId}`, keys));
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toMatch(/^id,createdAt,type,eventType/);
    expect(rows.length).toBe(lines.length + 1);
  }, 120_000);
});
