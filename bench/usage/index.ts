/**
 * `npm run bench -- usage [--vms 10000] [--accounts 1000] [--month 2025-03] [--tz Europe/Paris]`:
 * rates a month of usage — every VM's RUNNING_VM / ALLOCATED_VM time, its volumes' and snapshots'
 * GiB-hours — from the event history: meter (events → marks → intervals, as the usage_meter
 * projection does per row), aggregate (daily records in the time zone), rate (tariffs per type,
 * compute parts, offering-specific prices) and one statement per account. Prints JSON.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  buildStatement,
  insertMark,
  intervalsOf,
  meterEvent,
  rateRecords,
  type StampedMark,
  type TariffRate,
  type UsageInterval,
  type UsageResource,
  usageRecords,
  usageResourceKey,
} from '../../src/domain/usage/index.ts';
import { generateWorkload } from './workload.ts';

const { values } = parseArgs({
  options: {
    vms: { type: 'string', default: '10000' },
    accounts: { type: 'string', default: '1000' },
    month: { type: 'string', default: '2025-03' },
    tz: { type: 'string', default: 'Europe/Paris' },
  },
});
const vms = Number(values.vms);
const timeZone = values.tz;

/** CPU ms spent in each stage: the machine may be shared, so wall time alone overstates the work. */
const cpuMs: Record<string, number> = {};
const time = <T>(f: () => T, stage?: string): [T, number] => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  if (stage) cpuMs[stage] = (cpuMs[stage] ?? 0) + (c.user + c.system) / 1000;
  return [r, performance.now() - t0];
};

const cpuStart = process.cpuUsage();
const [workload, generateMs] = time(
  () => generateWorkload({ vms, accounts: Number(values.accounts), month: values.month, timeZone }),
  'generate',
);
const { start, end } = workload.month;

const [intervals, meterMs] = time(() => {
  const rows = new Map<string, { resource: UsageResource; marks: StampedMark[] }>();
  for (const { event, at, seq } of workload.events) {
    const metered = meterEvent(event);
    if (!metered) continue;
    const key = usageResourceKey(metered.resource);
    const row = rows.get(key) ?? { resource: metered.resource, marks: [] };
    for (const m of metered.marks) row.marks = insertMark(row.marks, { ...m, at, seq });
    rows.set(key, row);
  }
  return [...rows.values()].flatMap((r) => intervalsOf(r.resource, r.marks));
}, 'meter');

const byAccount = new Map<string, UsageInterval[]>();
for (const i of intervals) {
  const list = byAccount.get(i.facts.accountId) ?? [];
  list.push(i);
  byAccount.set(i.facts.accountId, list);
}

const rate = (quotaType: number, value: number, extra: Partial<TariffRate> = {}): TariffRate => ({
  tariffId: `t-${quotaType}-${extra.offeringId ?? extra.zoneId ?? 'any'}`,
  name: `tariff ${quotaType}`,
  quotaType,
  currency: 'EUR',
  offeringId: null,
  zoneId: null,
  value,
  from: Date.UTC(2020, 0, 1),
  until: null,
  ...extra,
});
const tariffs: TariffRate[] = [
  rate(1, 5),
  rate(1, 40, { offeringId: 'so-large' }),
  rate(2, 1),
  rate(16, 7.5),
  rate(17, 0.004),
  rate(6, 0.1),
  rate(9, 0.05),
  rate(9, 0.04, { zoneId: 'zone-1' }),
];

/** Per account, as statements are made: its daily records, rated, then its statement. */
let aggregateMs = 0;
let rateMs = 0;
let statementMs = 0;
let recordCount = 0;
let ratedLines = 0;
let totalCharges = 0;
const hours = new Map<number, number>();
const records: { usageType: number }[] = [];
for (const accountId of workload.accounts) {
  const [recs, a] = time(
    () =>
      usageRecords(byAccount.get(accountId) ?? [], {
        from: start,
        to: end,
        now: end,
        timeZone,
        granularity: 'daily',
      }),
    'aggregate',
  );
  const [rated, r] = time(() => rateRecords(recs, tariffs, timeZone), 'rate');
  const [statement, s] = time(
    () =>
      buildStatement({
        accountId,
        currency: 'EUR',
        from: start,
        to: end,
        before: [],
        during: rated,
        credits: [{ creditId: `c-${accountId}`, amount: 1000, currency: 'EUR', at: start, note: 'deposit' }],
      }),
    'statements',
  );
  aggregateMs += a;
  rateMs += r;
  statementMs += s;
  recordCount += recs.length;
  ratedLines += rated.length;
  totalCharges += statement.totalCharges;
  for (const rec of recs) {
    hours.set(rec.usageType, (hours.get(rec.usageType) ?? 0) + rec.rawUsage);
    if (rec.usageType === 6 || rec.usageType === 9) records.push({ usageType: rec.usageType });
  }
}

const hoursOf = (type: number) => hours.get(type) ?? 0;
const cpu = process.cpuUsage(cpuStart);

console.log(
  JSON.stringify(
    {
      benchmark: 'usage',
      month: values.month,
      timeZone,
      vms,
      accounts: workload.accounts.length,
      events: workload.events.length,
      resources: new Set(intervals.map((i) => `${i.resource.kind}:${i.resource.id}`)).size,
      intervals: intervals.length,
      records: recordCount,
      ratedLines,
      runningVmHours: Math.round(hoursOf(1)),
      allocatedVmHours: Math.round(hoursOf(2)),
      volumeRecords: records.filter((r) => r.usageType === 6).length,
      snapshotRecords: records.filter((r) => r.usageType === 9).length,
      totalCharges: Math.round(totalCharges * 100) / 100,
      ms: Object.fromEntries(
        Object.entries({
          generate: generateMs,
          meter: meterMs,
          aggregate: aggregateMs,
          rate: rateMs,
          statements: statementMs,
          total: meterMs + aggregateMs + rateMs + statementMs,
        }).map(([k, v]) => [k, Math.round(v)]),
      ),
      /** CPU time per stage; ratingTotal = meter + aggregate + rate + statements (generation excluded). */
      cpuMs: {
        ...Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, Math.round(v)])),
        ratingTotal: Math.round(
          (cpuMs.meter ?? 0) + (cpuMs.aggregate ?? 0) + (cpuMs.rate ?? 0) + (cpuMs.statements ?? 0),
        ),
        wholeRun: Math.round((cpu.user + cpu.system) / 1000),
      },
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      cpus: cpus().length,
      node: process.version,
    },
    null,
    2,
  ),
);
