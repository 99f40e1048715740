import type pg from 'pg';
import {
  compareRecords,
  type Granularity,
  HOUR_MS,
  type UsageInterval,
  type UsageRecord,
  usageRecords,
  usageTypeInfo,
  usageTypes,
} from '../../domain/usage/index.ts';
import { type ResolvedUsageFilter, resolveFilter, type UsageFilter } from './filter.ts';
import { intervalsOfRow, type UsageMeterRow } from './usageMeter.ts';

type MeterColumns = Pick<UsageMeterRow, 'id' | 'resource_kind' | 'resource_id' | 'marks'>;

/** The meter rows that may hold usage in [from, to), `after` an id (keyset pages), at most `limit`. */
const meterRows = async (
  pool: pg.Pool,
  f: Pick<ResolvedUsageFilter, 'from' | 'to' | 'accountIds' | 'tenantDomainIds' | 'usageId'>,
  page?: { after: string; limit: number },
): Promise<MeterColumns[]> => {
  const where = ['first_ms IS NOT NULL', 'first_ms < $1', '(end_ms IS NULL OR end_ms > $2)'];
  const params: unknown[] = [f.to, f.from];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (f.accountIds) add('account_id = ANY(?)', f.accountIds);
  if (f.tenantDomainIds) add('tenant_domain_id = ANY(?)', f.tenantDomainIds);
  if (f.usageId) add('resource_id = ?', f.usageId);
  if (page) add('id > ?', page.after);
  const limit = page ? ` ORDER BY id LIMIT ${page.limit}` : '';
  const { rows } = await pool.query<MeterColumns>(
    `SELECT id, resource_kind, resource_id, marks FROM usage_meter WHERE ${where.join(' AND ')}${limit}`,
    params,
  );
  return rows;
};

/** The intervals of some rows that the filter keeps (usage type; account and domain again per interval). */
const intervalsFor = (rows: readonly MeterColumns[], f: ResolvedUsageFilter): UsageInterval[] =>
  rows
    .flatMap(intervalsOfRow)
    .filter(
      (i) =>
        (f.usageType === undefined || i.usageType === f.usageType) &&
        (!f.accountIds || f.accountIds.includes(i.facts.accountId)) &&
        (!f.tenantDomainIds || f.tenantDomainIds.includes(i.facts.tenantDomainId)),
    );

const windowOf = (f: ResolvedUsageFilter, granularity: Granularity = f.granularity) => ({
  from: f.from,
  to: f.to,
  now: f.now,
  timeZone: f.timeZone,
  granularity,
});

export type UsageRecordPage = { readonly count: number; readonly records: readonly UsageRecord[] };

/**
 * listUsageRecords: the usage records of the filter's window, per aggregation period (hourly or
 * daily in its time zone), open intervals counted up to `now`; one page, in a stable order.
 */
export const listUsageRecords = async (
  pool: pg.Pool,
  filter: UsageFilter,
  clock?: () => Date,
): Promise<UsageRecordPage> => {
  const f = resolveFilter(filter, clock);
  const records = usageRecords(intervalsFor(await meterRows(pool, f), f), windowOf(f));
  const start = (f.page - 1) * f.pageSize;
  return { count: records.length, records: records.slice(start, start + f.pageSize) };
};

/**
 * Every record of the filter, a chunk of resources at a time (for exports of any size): records of
 * one chunk come in the stable order, chunks in resource-id order.
 */
export async function* streamUsageRecords(
  pool: pg.Pool,
  filter: UsageFilter,
  {
    chunkRows = 2000,
    clock,
    onResources,
  }: { chunkRows?: number; clock?: () => Date; onResources?: (count: number) => void } = {},
): AsyncGenerator<UsageRecord[]> {
  const f = resolveFilter(filter, clock);
  let after = '';
  for (;;) {
    const rows = await meterRows(pool, f, { after, limit: chunkRows });
    if (!rows.length) return;
    after = rows.at(-1)!.id;
    onResources?.(rows.length);
    const records = usageRecords(intervalsFor(rows, f), windowOf(f));
    if (records.length) yield records;
  }
}

/** How many meter rows a filter touches (the export's progress total). */
export const countMeteredResources = async (pool: pg.Pool, filter: UsageFilter): Promise<number> => {
  const f = resolveFilter(filter);
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM usage_meter WHERE first_ms IS NOT NULL AND first_ms < $1 AND (end_ms IS NULL OR end_ms > $2)
       AND ($3::text[] IS NULL OR account_id = ANY($3)) AND ($4::text[] IS NULL OR tenant_domain_id = ANY($4))`,
    [f.to, f.from, f.accountIds ?? null, f.tenantDomainIds ?? null],
  );
  return Number(rows[0]!.n);
};

export type UsageSummaryLine = {
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly usageType: number;
  readonly usageTypeName: string;
  /** Hours in the counted state, over every resource of the type. */
  readonly rawUsage: number;
  readonly durationMs: number;
  /** For storage types: the integral of size over time, in GiB-hours. */
  readonly gibHours: number | null;
  readonly resources: number;
};

/** Usage per account and usage type over the whole window (no period split). */
export const usageSummary = async (
  pool: pg.Pool,
  filter: UsageFilter,
  clock?: () => Date,
): Promise<readonly UsageSummaryLine[]> => {
  const f = resolveFilter(filter, clock);
  const records = usageRecords(intervalsFor(await meterRows(pool, f), f), windowOf(f, 'monthly'));
  return summarize(records);
};

/** Sums records per (account, usage type). */
export const summarize = (records: readonly UsageRecord[]): UsageSummaryLine[] => {
  const lines = new Map<
    string,
    { line: Omit<UsageSummaryLine, 'resources'>; resources: Set<string>; byteMs: number }
  >();
  for (const r of records) {
    const key = `${r.accountId}|${r.usageType}`;
    let l = lines.get(key);
    if (!l) {
      l = {
        line: {
          accountId: r.accountId,
          tenantDomainId: r.tenantDomainId,
          usageType: r.usageType,
          usageTypeName: r.usageTypeName,
          rawUsage: 0,
          durationMs: 0,
          gibHours: null,
        },
        resources: new Set(),
        byteMs: 0,
      };
      lines.set(key, l);
    }
    l.line = { ...l.line, durationMs: l.line.durationMs + r.durationMs };
    l.byteMs += (r.sizeBytes ?? 0) * r.durationMs;
    l.resources.add(r.usageId);
  }
  return [...lines.values()]
    .map(({ line, resources, byteMs }) => ({
      ...line,
      rawUsage: line.durationMs / HOUR_MS,
      gibHours: usageTypeInfo(line.usageType)?.sized ? byteMs / 1024 ** 3 / HOUR_MS : null,
      resources: resources.size,
    }))
    .sort((a, b) =>
      a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.usageType - b.usageType,
    );
};

/** listUsageTypes: CloudStack's usage types with their numbers. */
export const listUsageTypes = () =>
  usageTypes.map((t) => ({ id: t.id, name: t.name, description: t.description }));

export { compareRecords };
