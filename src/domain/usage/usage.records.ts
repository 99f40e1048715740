import type { UsageInterval } from './usage.intervals.ts';
import type { UsageResourceKind } from './usage.meters.ts';
import { formatLocal, type Granularity, periodBoundaries } from './usage.periods.ts';
import { HOUR_MS, type MeteredUsageType, usageTypeInfo } from './usageTypes.ts';

/**
 * One usage record (CloudStack's listUsageRecords row, §6.2): an account's use of one resource
 * with one set of facts during one aggregation period, clipped to the window asked for and to now.
 */
export type UsageRecord = {
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly zoneId: string;
  readonly usageType: MeteredUsageType;
  readonly usageTypeName: string;
  readonly description: string;
  /** Raw usage in hours (the time in the counted state within the period). */
  readonly rawUsage: number;
  /** The same time, exactly, in ms. */
  readonly durationMs: number;
  /** Display string as CloudStack shows it, e.g. "2.95288 Hrs". */
  readonly usage: string;
  readonly resourceKind: UsageResourceKind;
  /** The resource's id (CloudStack's usageid); the VM's id for VM records. */
  readonly usageId: string;
  readonly name: string | null;
  readonly offeringId: string | null;
  readonly templateId: string | null;
  /** The hypervisor, for VM and snapshot records. */
  readonly type: string | null;
  readonly cpuNumber: number | null;
  readonly cpuSpeedMhz: number | null;
  readonly memoryMiB: number | null;
  readonly sizeBytes: number | null;
  readonly virtualSizeBytes: number | null;
  /** The aggregation period (clipped to the window), as epoch ms and as local ISO strings. */
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly startDate: string;
  readonly endDate: string;
  /** Some of the time is an interval still open, counted up to now: it grows until the period ends. */
  readonly accruing: boolean;
};

export type UsageWindow = {
  /** [from, to) in epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Open intervals count up to here; nothing after it counts. */
  readonly now: number;
  readonly timeZone: string;
  readonly granularity: Granularity;
};

/** CloudStack formats raw hours with up to six decimals. */
export const formatHours = (hours: number): string => `${Number(hours.toFixed(6))} Hrs`;

const describe = (i: UsageInterval): string => {
  const f = i.facts;
  const offering = f.offeringId ? ` (ServiceOffering: ${f.offeringId})` : '';
  const template = f.templateId ? ` (Template: ${f.templateId})` : '';
  switch (i.usageType) {
    case 1:
      return `${f.name ?? i.resource.id} running time${offering}${template}`;
    case 2:
      return `${f.name ?? i.resource.id} allocated time${offering}${template}`;
    case 6:
      return `Volume Id: ${i.resource.id} usage time${f.offeringId ? ` (DiskOffering: ${f.offeringId})` : ''}${template}`;
    case 7:
      return `Template Id: ${i.resource.id} usage time`;
    case 8:
      return `ISO Id: ${i.resource.id} usage time`;
    case 9:
      return `Snapshot Id: ${i.resource.id} usage time`;
  }
};

/** Index of the period that contains `t` (boundaries[k] <= t < boundaries[k+1]). */
const periodIndex = (boundaries: readonly number[], t: number): number => {
  let lo = 0;
  let hi = boundaries.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return lo;
};

type Accumulator = { interval: UsageInterval; period: number; durationMs: number; accruing: boolean };

/**
 * The usage records of some intervals in a window: each interval clipped to the window and to now,
 * cut at period boundaries, and summed per (period, resource, slot, facts).
 */
export const usageRecords = (intervals: readonly UsageInterval[], w: UsageWindow): UsageRecord[] => {
  const to = Math.min(w.to, w.now);
  if (to <= w.from || !intervals.length) return [];
  // Periods only where there is usage: a window of years costs nothing where no interval lies.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const i of intervals) {
    first = Math.min(first, i.start);
    last = Math.max(last, i.end ?? w.now);
  }
  const lo = Math.max(w.from, first);
  const hi = Math.min(to, last);
  if (hi <= lo) return [];
  const boundaries = periodBoundaries(w.timeZone, w.granularity, lo, hi);
  const acc = new Map<string, Accumulator>();
  for (const interval of intervals) {
    const start = Math.max(interval.start, w.from);
    const end = Math.min(interval.end ?? w.now, to);
    if (end <= start) continue;
    const factsKey = JSON.stringify(interval.facts);
    for (let k = periodIndex(boundaries, start); k < boundaries.length - 1 && boundaries[k]! < end; k++) {
      const pEnd = boundaries[k + 1]!;
      const ms = Math.min(end, pEnd) - Math.max(start, boundaries[k]!);
      if (ms <= 0) continue;
      const accruing = (interval.end === null || interval.end > w.now) && end === w.now && end <= pEnd;
      const key = `${k}|${interval.usageType}|${interval.resource.kind}:${interval.resource.id}|${interval.slot}|${factsKey}`;
      const a = acc.get(key);
      if (a) {
        a.durationMs += ms;
        a.accruing ||= accruing;
      } else acc.set(key, { interval, period: k, durationMs: ms, accruing });
    }
  }
  const out: UsageRecord[] = [];
  for (const { interval: i, period, durationMs, accruing } of acc.values()) {
    const periodStart = Math.max(boundaries[period]!, w.from);
    const periodEnd = Math.min(boundaries[period + 1]!, w.to);
    const hours = durationMs / HOUR_MS;
    out.push({
      accountId: i.facts.accountId,
      tenantDomainId: i.facts.tenantDomainId,
      zoneId: i.facts.zoneId,
      usageType: i.usageType,
      usageTypeName: usageTypeInfo(i.usageType)!.name,
      description: describe(i),
      rawUsage: hours,
      durationMs,
      usage: formatHours(hours),
      resourceKind: i.resource.kind,
      usageId: i.resource.id,
      name: i.facts.name,
      offeringId: i.facts.offeringId,
      templateId: i.facts.templateId,
      type: i.facts.hypervisor,
      cpuNumber: i.facts.cpuNumber,
      cpuSpeedMhz: i.facts.cpuSpeedMhz,
      memoryMiB: i.facts.memoryMiB,
      sizeBytes: i.facts.sizeBytes,
      virtualSizeBytes: i.facts.virtualSizeBytes,
      periodStart,
      periodEnd,
      startDate: formatLocal(w.timeZone, periodStart),
      endDate: formatLocal(w.timeZone, periodEnd),
      accruing,
    });
  }
  return out.sort(compareRecords);
};

/** Records in a stable order: period, account, usage type, resource, then facts. */
export const compareRecords = (a: UsageRecord, b: UsageRecord): number =>
  a.periodStart - b.periodStart ||
  cmp(a.accountId, b.accountId) ||
  a.usageType - b.usageType ||
  cmp(a.usageId, b.usageId) ||
  cmp(a.zoneId, b.zoneId) ||
  cmp(a.description, b.description) ||
  (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0) ||
  (a.cpuNumber ?? 0) - (b.cpuNumber ?? 0) ||
  (a.memoryMiB ?? 0) - (b.memoryMiB ?? 0);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
