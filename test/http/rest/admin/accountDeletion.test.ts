import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position, RecordedEvent } from '../../../../src/adapters/eventstore/port.ts';
import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import type { HypervisorOperation } from '../../../../src/adapters/hypervisor/port.ts';
import { WorkflowInterrupted } from '../../../../src/commands/jobs/workflow.ts';
import { cleanupAccountResources } from '../../../../src/commands/vm/index.ts';
import type { Json } from '../../../support/http.ts';
import { call, deployRunning, get, newAccount, runJob } from '../tenant/calls.ts';
import { jobDone, openWorld, type World } from '../tenant/world.ts';

/**
 * Deleting an account over REST takes everything it owns with it, as CloudStack's account cleanup:
 * its VMs (running or stopped) expunged, its data volumes (attached or not) detached, deleted and
 * expunged, its snapshots and snapshot policies deleted, its private template and ISO deleted. The
 * hosts, the pool and the domain's resource counts are back where they were before the account had
 * anything, and another account of the domain keeps what it has. A deletion whose job is interrupted
 * half-way and resumed records each step once, and running the cleanup again records nothing.
 */

let w: World;
let domainId: string;
let bystander: Awaited<ReturnType<typeof newAccount>>;
let bystanderVmId: string;
beforeAll(async () => {
  w = await openWorld(restRoutes);
  domainId = (await call(w, 201, 'POST', '/v1/domains', { name: 'tenants' })).id;
  bystander = await newAccount(w, 'bystander', domainId);
  bystanderVmId = await deployRunning(w, 'bystander-vm', bystander.keys);
}, 120_000);
afterAll(() => w?.server.close());

/** The counts of a limits view that are not zero (ledgers list the types they ever counted). */
const nonZero = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n));

/** What an account's resources hold: host and pool capacity, and the counts of the domain's ledger. */
const held = async () => ({
  hosts: (await get(w, `/v1/capacity?zoneId=${w.zoneId}`)).hosts.map((h: Json) => ({
    hostId: h.hostId,
    load: h.load,
    runningGuests: h.runningGuests,
  })),
  pools: (await get(w, '/v1/storage-pools')).items.map((p: Json) => [p.id, p.allocatedBytes, p.usedBytes]),
  domain: nonZero((await get(w, `/v1/domains/${domainId}/limits`)).count),
});

/**
 * A new account of the domain with one of everything: a running VM with a data volume attached, a
 * stopped VM, a data volume used and detached (with a snapshot policy), a snapshot, a template made
 * from the stopped VM's ROOT volume, and a private ISO.
 */
const furnish = async (name: string) => {
  const owner = await newAccount(w, name, domainId);
  const run = async (method: string, path: string, body: unknown = {}) =>
    (await runJob(w, method, path, body, owner.keys)).id;
  const dataVolume = async (label: string, vmId: string) => {
    const { id } = await call(
      w,
      201,
      'POST',
      '/v1/volumes',
      { name: `${name}-${label}`, zoneId: w.zoneId, diskOfferingId: w.diskOfferingId },
      owner.keys,
    );
    await run('POST', `/v1/volumes/${id}/attach`, { vmId });
    return id as string;
  };
  const running = await deployRunning(w, `${name}-running`, owner.keys);
  const stopped = await deployRunning(w, `${name}-stopped`, owner.keys);
  await run('POST', `/v1/vms/${stopped}/stop`);
  const attached = await dataVolume('attached', running);
  const detached = await dataVolume('detached', running);
  await run('POST', `/v1/volumes/${detached}/detach`);
  await call(
    w,
    201,
    'POST',
    '/v1/snapshot-policies',
    { volumeId: detached, intervalType: 'DAILY', schedule: '30:2', timezone: 'UTC', maxSnaps: 3 },
    owner.keys,
  );
  const snapshot = await run('POST', `/v1/volumes/${attached}/snapshots`, { name: `${name}-snap` });
  const roots = (await get(w, `/v1/volumes?accountId=${owner.accountId}&type=ROOT`, owner.keys)).items;
  const stoppedRoot = roots.find((v: Json) => v.vmId === stopped).id;
  const template = await run('POST', `/v1/volumes/${stoppedRoot}/template`, {
    name: `${name}-template`,
    osType: 'Linux',
  });
  const iso = await runJob(w, 'POST', '/v1/isos', {
    name: `${name}-iso`,
    url: 'http://images.example.com/tools.iso',
    osType: 'Linux',
    zoneIds: [w.zoneId],
    accountId: owner.accountId,
  });
  return {
    owner,
    vms: [running, stopped],
    volumes: [...roots.map((v: Json) => v.id), attached, detached],
    snapshots: [snapshot],
    images: [template, iso.id],
  };
};

type Furnished = Awaited<ReturnType<typeof furnish>>;

/** Every event of the log after `position`. */
const eventsAfter = async (position: Position): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let from = position; ; ) {
    const page = await w.server.app.store.readAll({ from, maxCount: 1000 });
    events.push(...page.events);
    if (page.events.length === 0 || page.checkpoint === null) return events;
    from = page.checkpoint;
  }
};

/**
 * The next call of `target[method]` (for which `when` holds) throws as a stopping executor interrupts
 * a job between its steps; resolves once it has.
 */
const crashOnce = <T, K extends keyof T>(
  target: T,
  method: K,
  when: (...args: never[]) => boolean = () => true,
): Promise<void> =>
  new Promise((crashed) => {
    const original = target[method] as (...args: unknown[]) => unknown;
    target[method] = ((...args: never[]) => {
      if (!when(...args)) return original.apply(target, args);
      target[method] = original as T[K];
      crashed();
      throw new WorkflowInterrupted();
    }) as T[K];
  });

type Interruption = () => Promise<void>;

const atHypervisor =
  (operation: HypervisorOperation): Interruption =>
  () =>
    crashOnce(w.server.app.driver, operation);

/** Right after a VM's host capacity is released: its destroy recorded, its quota not yet given back. */
const afterHostRelease: Interruption = () =>
  crashOnce(w.server.app.capacity, 'observe', (_aggregate: string, _id: string, result: Json) =>
    result.events?.some((e: Json) => e.type === 'HostCapacityReleased' && e.data.reason === 'Released'),
  );

/**
 * DELETE /v1/accounts/:id, its job interrupted at each of `interruptions` in turn (in the order the
 * cleanup reaches them), each time resumed by a restarted executor.
 */
const deleteAccount = async (accountId: string, interruptions: readonly Interruption[]) => {
  const { app } = w.server;
  const [first, ...rest] = interruptions;
  let interrupted = first?.();
  const accepted = await call(w, 202, 'DELETE', `/v1/accounts/${accountId}`);
  for (const next of [...rest, undefined]) {
    if (!interrupted) break;
    await interrupted;
    await app.executor.stop();
    expect((await app.bus.load('job', accepted.jobId)).state?.status).toBe('pending');
    interrupted = next?.();
    app.executor.start();
  }
  const job = await jobDone(w, accepted.jobId);
  expect(job, JSON.stringify(job)).toMatchObject({ state: 'succeeded' });
  await w.server.settle(await app.store.headPosition());
};

/** Lists of the account's resources: none left, and with includeRemoved each one, removed. */
const expectRemoved = async (accountId: string, lists: Record<string, string[]>, removedState: Json) => {
  for (const [path, ids] of Object.entries(lists)) {
    const query = `/v1/${path}?accountId=${accountId}&pageSize=100`;
    expect((await get(w, query)).items, path).toEqual([]);
    const removed = (await get(w, `${query}&includeRemoved=true`)).items;
    expect(removed.map((r: Json) => r.id).sort(), path).toEqual([...ids].sort());
    for (const r of removed)
      expect(r, path).toMatchObject({ state: removedState[path], removedAt: expect.any(String) });
  }
};

describe('deleting an account (DELETE /v1/accounts/:id)', () => {
  it.each([
    { variant: 'in one go', name: 'doomed', interruptions: [] },
    {
      variant: 'interrupted at every kind of step and resumed',
      name: 'resumed',
      interruptions: [
        atHypervisor('stopVm'),
        afterHostRelease,
        atHypervisor('expungeVm'),
        atHypervisor('deleteVolume'),
        atHypervisor('deleteSnapshot'),
      ],
    },
  ])(
    'removes everything the account owns, $variant',
    async ({ name, interruptions }) => {
      const before = await held();
      const doomed: Furnished = await furnish(name);
      const { accountId } = doomed.owner;
      expect(await held()).not.toEqual(before);
      const start = (await w.server.app.store.headPosition())!;

      await deleteAccount(accountId, interruptions);

      await expectRemoved(
        accountId,
        { vms: doomed.vms, volumes: doomed.volumes, snapshots: doomed.snapshots, images: doomed.images },
        { vms: 'Expunged', volumes: 'Expunged', snapshots: 'Destroyed', images: 'Inactive' },
      );
      expect((await get(w, `/v1/snapshot-policies?accountId=${accountId}`)).items).toEqual([]);
      // Capacity and the domain's counts are back; the account's own ledger counts nothing.
      expect(await held()).toEqual(before);
      const ledger = (await w.server.app.bus.load('quotaAccount', accountId)).state;
      expect([nonZero(ledger.count), nonZero(ledger.reserved)]).toEqual([{}, {}]);
      // The other account of the domain keeps its VM, and the domain counts exactly its resources.
      expect((await get(w, `/v1/vms/${bystanderVmId}`)).state).toBe('Running');
      const bystanderCount = (await get(w, `/v1/accounts/${bystander.accountId}/limits`)).count;
      expect(before.domain).toEqual(nonZero(bystanderCount));

      // Each resource went through each step once, even with the job run twice.
      const ownIds = new Set([...doomed.vms, ...doomed.volumes, ...doomed.snapshots, ...doomed.images]);
      const recorded = (await eventsAfter(start))
        .filter((e) => ownIds.has(e.stream.slice(e.stream.indexOf('-') + 1)))
        .map((e) => `${e.stream} ${e.type}`);
      expect(recorded.length).toBeGreaterThan(20);
      expect(recorded.filter((e, i) => recorded.indexOf(e) !== i)).toEqual([]);

      // The cleanup run again finds every step done: nothing more is recorded.
      const head = await w.server.app.store.headPosition();
      await cleanupAccountResources(w.server.app.vm, accountId);
      expect(await w.server.app.store.headPosition()).toBe(head);
    },
    120_000,
  );
});
