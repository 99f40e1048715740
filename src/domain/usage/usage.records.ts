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

/** One record key: a resource's slot with one set of facts (every period of it sums into one record). */
type Group = {
  readonly interval: UsageInterval;
  readonly key: string;
  readonly description: string;
  rank: number;
};
type Sum = { readonly group: Group; durationMs: number; accruing: boolean };

/** Whole windows up to this long get their periods computed once and reused (memoised) across calls. */
const REUSED_WINDOW_MS = 400 * 86_400_000;

/** Keys in record order: account, usage type, resource, zone, description, sizes, then the full key. */
const compareGroups = (a: Group, b: Group): number => {
  const x = a.interval;
  const y = b.interval;
  return (
    cmp(x.facts.accountId, y.facts.accountId) ||
    x.usageType - y.usageType ||
    cmp(x.resource.id, y.resource.id) ||
    cmp(x.facts.zoneId, y.facts.zoneId) ||
    cmp(a.description, b.description) ||
    (x.facts.sizeBytes ?? 0) - (y.facts.sizeBytes ?? 0) ||
    (x.facts.cpuNumber ?? 0) - (y.facts.cpuNumber ?? 0) ||
    (x.facts.memoryMiB ?? 0) - (y.facts.memoryMiB ?? 0) ||
    cmp(a.key, b.key)
  );
};

/**
 * The usage records of some intervals in a window: each interval clipped to the window and to now,
 * cut at period boundaries, and summed per (period, resource, slot, facts); in a stable order
 * (period, then account, usage type, resource, facts) whatever the order of the intervals.
 */
export const usageRecords = (intervals: readonly UsageInterval[], w: UsageWindow): UsageRecord[] => {
  const to = Math.min(w.to, w.now);
  if (to <= w.from || !intervals.length) return [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const i of intervals) {
    first = Math.min(first, i.start);
    last = Math.max(last, i.end ?? w.now);
  }
  // Periods only where there is usage when the window is long: years cost nothing where no interval lies.
  const long = to - w.from > REUSED_WINDOW_MS;
  const lo = long ? Math.max(w.from, first) : w.from;
  const hi = long ? Math.min(to, last) : to;
  if (hi <= lo) return [];
  const boundaries = periodBoundaries(w.timeZone, w.granularity, lo, hi);
  const groups = new Map<string, Group>();
  const periods: Map<Group, Sum>[] = [];
  for (const interval of intervals) {
    const start = Math.max(interval.start, w.from);
    const end = Math.min(interval.end ?? w.now, to);
    if (end <= start) continue;
    const key = `${interval.usageType}|${interval.resource.kind}:${interval.resource.id}|${interval.slot}|${JSON.stringify(interval.facts)}`;
    let group = groups.get(key);
    if (!group) {
      group = { interval, key, description: describe(interval), rank: 0 };
      groups.set(key, group);
    }
    const open = interval.end === null || interval.end > w.now;
    for (let k = periodIndex(boundaries, start); k < boundaries.length - 1 && boundaries[k]! < end; k++) {
      const pEnd = boundaries[k + 1]!;
      const ms = Math.min(end, pEnd) - Math.max(start, boundaries[k]!);
      if (ms <= 0) continue;
      const accruing = open && end === w.now && end <= pEnd;
      const sums = periods[k] ?? new Map<Group, Sum>();
      periods[k] = sums;
      const sum = sums.get(group);
      if (sum) {
        sum.durationMs += ms;
        sum.accruing ||= accruing;
      } else sums.set(group, { group, durationMs: ms, accruing });
    }
  }
  [...groups.values()].sort(compareGroups).forEach((g, rank) => {
    g.rank = rank;
  });
  const dates = new Map<number, string>();
  const dateOf = (t: number) => {
    let d = dates.get(t);
    if (d === undefined) {
      d = formatLocal(w.timeZone, t);
      dates.set(t, d);
    }
    return d;
  };
  const out: UsageRecord[] = [];
  periods.forEach((sums, period) => {
    const periodStart = Math.max(boundaries[period]!, w.from);
    const periodEnd = Math.min(boundaries[period + 1]!, w.to);
    const startDate = dateOf(periodStart);
    const endDate = dateOf(periodEnd);
    for (const { group, durationMs, accruing } of [...sums.values()].sort(
      (a, b) => a.group.rank - b.group.rank,
    )) {
      const i = group.interval;
      const hours = durationMs / HOUR_MS;
      out.push({
        accountId: i.facts.accountId,
        tenantDomainId: i.facts.tenantDomainId,
        zoneId: i.facts.zoneId,
        usageType: i.usageType,
        usageTypeName: usageTypeInfo(i.usageType)!.name,
        description: group.description,
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
        startDate,
        endDate,
        accruing,
      });
    }
  });
  return out;
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
