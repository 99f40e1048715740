import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandBus } from '../../src/commands/commandBus.ts';
import { addCredit, createTariff } from '../../src/commands/usage/index.ts';
import type { Event } from '../../src/domain/shared/index.ts';
import type { Caller } from '../../src/domain/tenancy/roles.ts';
import { rebuildProjection } from '../../src/projections/rebuild.ts';
import {
  generateUsageRecords,
  listTariffs,
  listUsageRecords,
  statement,
  streamUsageRecords,
  usageMeter,
  usageReadModels,
  usageSummary,
} from '../../src/projections/usage/index.ts';
import { ctx } from '../commands/support.ts';
import { type Harness, startHarness } from '../projections/readModels/harness.ts';
import { GIB, meter, snapshotEvents, type Timed, type VmFacts, vmEvents, volumeEvents } from './fixtures.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(usageReadModels);
});
afterAll(() => h.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const size = { cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 2048 };
/** Open intervals count up to a fixed `now` a day ahead, so every query of the file agrees. */
const far = new Date(Date.now() + 86_400_000).toISOString();
const all = { from: '2000-01-01T00:00:00Z', to: far, now: far, pageSize: 10_000 };

/** The events of some streams as the store recorded them, with the store's times: what the meter must agree with. */
const recorded = async (streams: readonly string[]): Promise<Timed[]> =>
  (await Promise.all(streams.map((s) => h.store.readStream(s))))
    .flat()
    .sort((a, b) => (a.position < b.position ? -1 : 1))
    .map((e) => ({ event: { type: e.type, data: e.data } as Event, at: e.createdAt.getTime() }));

describe('usage_meter on PostgreSQL', () => {
  it('meters a VM from the store’s event times: RUNNING_VM is stop − start exactly', async () => {
    const f: VmFacts = {
      vmId: randomUUID(),
      offering: 'o1',
      size,
      templateId: 't1',
      accountId: randomUUID(),
    };
    await h.record(`vm-${f.vmId}`, [vmEvents.created(f, Date.now()), vmEvents.started(f)]);
    await sleep(40);
    await h.record(`vm-${f.vmId}`, [vmEvents.stopped(f)]);
    await h.settle();
    const [created, started, stopped] = await h.store.readStream(`vm-${f.vmId}`);
    const { records } = await listUsageRecords(h.db.pool, {
      ...all,
      accountIds: [f.accountId!],
      granularity: 'monthly',
    });
    const running = records.filter((r) => r.usageType === 1);
    expect(running.reduce((s, r) => s + r.durationMs, 0)).toBe(
      stopped!.createdAt.getTime() - started!.createdAt.getTime(),
    );
    const allocated = records.filter((r) => r.usageType === 2).reduce((s, r) => s + r.durationMs, 0);
    expect(allocated).toBe(Date.parse(far) - created!.createdAt.getTime());
    expect(records.every((r) => r.accountId === f.accountId)).toBe(true);
  });

  it('random histories: records equal the pure meter over the recorded events, and again after a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ kind: fc.constantFrom('vm', 'volume', 'snapshot'), steps: fc.nat({ max: 6 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (resources) => {
          const accountId = randomUUID();
          const streams: string[] = [];
          for (const r of resources) {
            const id = randomUUID();
            if (r.kind === 'vm') {
              const f: VmFacts = { vmId: id, offering: 'o1', size, templateId: 't1', accountId };
              const moves = [
                vmEvents.started(f),
                vmEvents.stopped(f),
                vmEvents.started(f),
                vmEvents.hostFailure(f),
              ];
              streams.push(`vm-${id}`);
              await h.record(`vm-${id}`, [vmEvents.created(f, Date.now())]);
              for (const e of moves.slice(0, r.steps)) await h.record(`vm-${id}`, [e]);
            } else if (r.kind === 'volume') {
              const v = { volumeId: id, sizeBytes: 5 * GIB, diskOfferingId: null };
              const big = { ...v, sizeBytes: 9 * GIB };
              const moves = [
                volumeEvents.resized(big, v.sizeBytes),
                volumeEvents.destroyed(big, Date.now()),
                volumeEvents.recovered(big),
              ];
              streams.push(`volume-${id}`);
              await h.record(`volume-${id}`, [
                {
                  ...volumeEvents.allocated(v, Date.now()),
                  data: { ...(volumeEvents.allocated(v, 0).data as object), accountId },
                } as Event,
              ]);
              for (const e of moves.slice(0, r.steps))
                await h.record(`volume-${id}`, [
                  { ...e, data: { ...(e.data as object), accountId } } as Event,
                ]);
            } else {
              const s = { snapshotId: id, volumeSizeBytes: 5 * GIB, physicalSizeBytes: GIB };
              const moves = [
                snapshotEvents.backedUp(s),
                snapshotEvents.copied(s, 'zone-2'),
                snapshotEvents.destroyed(s),
              ];
              streams.push(`snapshot-${id}`);
              const own = (e: Event) => ({ ...e, data: { ...(e.data as object), accountId } }) as Event;
              await h.record(`snapshot-${id}`, [own(snapshotEvents.allocated(s, Date.now()))]);
              for (const e of moves.slice(0, r.steps)) await h.record(`snapshot-${id}`, [own(e)]);
            }
          }
          await h.settle();
          const query = {
            ...all,
            accountIds: [accountId],
            granularity: 'hourly' as const,
            timeZone: 'Europe/Paris',
          };
          const live = await listUsageRecords(h.db.pool, query);
          const pure = (await import('../../src/domain/usage/index.ts')).usageRecords(
            meter(await recorded(streams)),
            {
              from: Date.parse(all.from),
              to: Date.parse(far),
              now: Date.parse(far),
              timeZone: 'Europe/Paris',
              granularity: 'hourly',
            },
          );
          expect(live.records).toEqual(pure);
          await rebuildProjection(h.db.pool, h.store, usageMeter);
          expect(await listUsageRecords(h.db.pool, query)).toEqual(live);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('streams every record a chunk of resources at a time, the same records as one query', async () => {
    const chunks: unknown[] = [];
    for await (const c of streamUsageRecords(h.db.pool, { ...all, granularity: 'monthly' }, { chunkRows: 3 }))
      chunks.push(...c);
    const { records } = await listUsageRecords(h.db.pool, { ...all, granularity: 'monthly' });
    expect(chunks).toHaveLength(records.length);
    expect(new Set(chunks.map((r) => JSON.stringify(r)))).toEqual(
      new Set(records.map((r) => JSON.stringify(r))),
    );
  });

  it('summarises per account and usage type, with GiB-hours for storage', async () => {
    const accountId = randomUUID();
    const v = { volumeId: randomUUID(), sizeBytes: 2 * GIB, diskOfferingId: 'd1' };
    const own = (e: Event) => ({ ...e, data: { ...(e.data as object), accountId } }) as Event;
    await h.record(`volume-${v.volumeId}`, [own(volumeEvents.allocated(v, Date.now()))]);
    await sleep(20);
    await h.record(`volume-${v.volumeId}`, [own(volumeEvents.destroyed(v, Date.now()))]);
    await h.settle();
    const [a, b] = await h.store.readStream(`volume-${v.volumeId}`);
    const ms = b!.createdAt.getTime() - a!.createdAt.getTime();
    const [line] = await usageSummary(h.db.pool, { ...all, accountIds: [accountId] });
    expect(line).toMatchObject({
      accountId,
      usageType: 6,
      usageTypeName: 'VOLUME',
      durationMs: ms,
      resources: 1,
    });
    expect(line!.gibHours).toBeCloseTo((2 * ms) / 3_600_000, 9);
  });

  it('generateUsageRecords returns once the usage read models have everything recorded', async () => {
    const f: VmFacts = {
      vmId: randomUUID(),
      offering: 'o1',
      size,
      templateId: 't1',
      accountId: randomUUID(),
    };
    await h.record(`vm-${f.vmId}`, [vmEvents.created(f, Date.now())]);
    const { position } = await generateUsageRecords({ pool: h.db.pool, store: h.store });
    expect(position).toBe(await h.store.headPosition());
    const { count } = await listUsageRecords(h.db.pool, { ...all, accountIds: [f.accountId!] });
    expect(count).toBeGreaterThan(0);
  });
});

describe('tariffs, credits and statements', () => {
  const admin: Caller = {
    userId: 'u-admin',
    accountId: 'a-admin',
    tenantDomainId: 'd-root',
    tenantDomainPath: 'ROOT',
    roleType: 'Admin',
  };
  const user: Caller = { ...admin, roleType: 'User' };

  it('refuses tariffs and credits to anyone but a root admin', async () => {
    const bus = new CommandBus(h.store);
    await expect(
      createTariff(
        { bus },
        { caller: user, ctx: ctx() },
        { name: 'x', quotaType: 1, currency: 'EUR', value: 1 },
      ),
    ).rejects.toMatchObject({ code: 'USAGE_ADMIN_ONLY' });
    await expect(
      addCredit(
        { bus },
        { caller: user, ctx: ctx() },
        { accountId: randomUUID(), amount: 1, currency: 'EUR' },
      ),
    ).rejects.toMatchObject({ code: 'USAGE_ADMIN_ONLY' });
  });

  it('refuses a credit for an account that does not exist', async () => {
    const bus = new CommandBus(h.store);
    await expect(
      addCredit(
        { bus },
        { caller: admin, ctx: ctx() },
        { accountId: randomUUID(), amount: 1, currency: 'EUR' },
      ),
    ).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('rates an account’s month with the tariffs in effect and balances it against its credits', async () => {
    const bus = new CommandBus(h.store);
    const accountId = randomUUID();
    const tenantDomainId = randomUUID();
    await h.record(`account-${accountId}`, [
      {
        type: 'AccountCreated',
        data: {
          accountId,
          tenantDomainId,
          name: 'acme',
          type: 'User',
          roleId: randomUUID(),
          bootstrap: false,
          createdAt: new Date().toISOString(),
        },
      },
    ]);
    const { tariffId } = await createTariff(
      { bus },
      { caller: admin, ctx: ctx() },
      {
        name: 'GBP compute',
        quotaType: 2,
        currency: 'GBP',
        value: 720,
        effectiveFrom: '2020-01-01T00:00:00Z',
      },
    );
    await addCredit(
      { bus },
      { caller: admin, ctx: ctx() },
      { accountId, amount: 100, currency: 'GBP', note: 'deposit' },
    );
    const f: VmFacts = { vmId: randomUUID(), offering: 'o1', size, templateId: 't1', accountId };
    await h.record(`vm-${f.vmId}`, [vmEvents.created(f, Date.now())]);
    await h.settle();
    const [created] = await h.store.readStream(`vm-${f.vmId}`);
    const start = created!.createdAt.getTime();
    const tariffs = await listTariffs(h.db.pool, { currency: 'GBP' });
    expect(tariffs).toEqual([
      expect.objectContaining({ tariffId, value: 720, quotaTypeName: 'ALLOCATED_VM', unit: 'Compute*Month' }),
    ]);
    // Ten hours allocated at 720 GBP a month: 10 h of this month's hours.
    const now = new Date(start + 10 * 3_600_000).toISOString();
    const s = await statement(
      h.db.pool,
      accountId,
      { from: new Date(start - 1000).toISOString(), to: now },
      { now, currency: 'GBP' },
    );
    const month = (await import('../../src/domain/usage/index.ts')).monthContaining('UTC', start);
    const expectedCharge = Math.round(720 * ((10 * 3_600_000) / (month.end - month.start)) * 1e6) / 1e6;
    const [gbp] = s.statements;
    expect(gbp).toMatchObject({ currency: 'GBP', openingBalance: 0, totalCredits: 100 });
    expect(gbp!.totalCharges).toBeCloseTo(expectedCharge, 5);
    expect(gbp!.closingBalance).toBeCloseTo(100 - expectedCharge, 5);
  });
});
