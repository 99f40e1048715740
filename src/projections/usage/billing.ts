import type pg from 'pg';
import { invalid } from '../../domain/shared/index.ts';
import {
  assertTimeZone,
  buildStatement,
  type Granularity,
  localMonth,
  quotaTypeInfo,
  rateRecords,
  type Statement,
  type StatementCredit,
  type TariffRate,
  usageRecords,
} from '../../domain/usage/index.ts';
import type { TariffVersion } from '../../domain/usage/tariff/index.ts';
import { intervalsOfRow, type UsageMeterRow } from './usageMeter.ts';

export type TariffView = {
  readonly tariffId: string;
  readonly name: string;
  readonly description: string;
  readonly quotaType: number;
  readonly quotaTypeName: string;
  readonly unit: string;
  readonly currency: string;
  readonly offeringId: string | null;
  readonly zoneId: string | null;
  /** The price in effect at `at` (the filter's, else now); null when none is. */
  readonly value: number | null;
  readonly versions: readonly TariffVersion[];
  readonly effectiveFrom: string;
  readonly effectiveUntil: string | null;
  readonly endedAt: string | null;
};

type TariffRow = {
  id: string;
  name: string;
  description: string;
  quota_type: number;
  currency: string;
  offering_id: string | null;
  zone_id: string | null;
  versions: TariffVersion[];
  ended_at: Date | null;
};

const ms = (iso: string) => Date.parse(iso);
const effectiveAt = (v: TariffVersion, t: number) => ms(v.from) <= t && (v.until === null || ms(v.until) > t);

export type TariffFilter = {
  readonly quotaType?: number;
  readonly currency?: string;
  /** Only tariffs with a price in effect at this instant (ISO). */
  readonly at?: string;
  /** Ended tariffs too (default false). */
  readonly includeEnded?: boolean;
};

/** quotaTariffList: tariffs with their price history and the price in effect at `at`. */
export const listTariffs = async (
  pool: pg.Pool,
  filter: TariffFilter = {},
  clock: () => Date = () => new Date(),
): Promise<readonly TariffView[]> => {
  const at = filter.at === undefined ? clock().getTime() : ms(filter.at);
  if (Number.isNaN(at))
    throw invalid('USAGE_DATE_INVALID', 'at must be an ISO-8601 instant.', { at: filter.at });
  const { rows } = await pool.query<TariffRow>(
    `SELECT id, name, description, quota_type, currency, offering_id, zone_id, versions, ended_at FROM usage_tariffs
     WHERE ($1::int IS NULL OR quota_type = $1) AND ($2::text IS NULL OR currency = $2) AND ($3 OR ended_at IS NULL)
     ORDER BY quota_type, name, id`,
    [filter.quotaType ?? null, filter.currency ?? null, filter.includeEnded ?? false],
  );
  return rows
    .map((r): TariffView => {
      const info = quotaTypeInfo(r.quota_type);
      return {
        tariffId: r.id,
        name: r.name,
        description: r.description,
        quotaType: r.quota_type,
        quotaTypeName: info?.name ?? String(r.quota_type),
        unit: info?.unitLabel ?? '',
        currency: r.currency,
        offeringId: r.offering_id,
        zoneId: r.zone_id,
        value: r.versions.find((v) => effectiveAt(v, at))?.value ?? null,
        versions: r.versions,
        effectiveFrom: r.versions[0]?.from ?? '',
        effectiveUntil: r.versions.at(-1)?.until ?? null,
        endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      };
    })
    .filter((t) => filter.at === undefined || t.value !== null);
};

/** Every tariff's versions as rates (ended tariffs included: they priced the past). */
export const tariffRates = async (pool: pg.Pool): Promise<TariffRate[]> => {
  const { rows } = await pool.query<TariffRow>(
    'SELECT id, name, description, quota_type, currency, offering_id, zone_id, versions, ended_at FROM usage_tariffs',
  );
  return rows.flatMap((r) =>
    r.versions.map((v) => ({
      tariffId: r.id,
      name: r.name,
      quotaType: r.quota_type,
      currency: r.currency,
      offeringId: r.offering_id,
      zoneId: r.zone_id,
      value: v.value,
      from: ms(v.from),
      until: v.until === null ? null : ms(v.until),
    })),
  );
};

/** An account's credits, oldest first. */
export const listCredits = async (pool: pg.Pool, accountId: string): Promise<StatementCredit[]> => {
  const { rows } = await pool.query<{
    credit_id: string;
    amount: string;
    currency: string;
    added_at: Date;
    note: string;
  }>(
    'SELECT credit_id, amount, currency, added_at, note FROM usage_credits WHERE account_id = $1 ORDER BY added_at, id',
    [accountId],
  );
  return rows.map((r) => ({
    creditId: r.credit_id,
    amount: Number(r.amount),
    currency: r.currency,
    at: r.added_at.getTime(),
    note: r.note,
  }));
};

/** A statement period: [from, to) as ISO instants, or a calendar month YYYY-MM in the time zone. */
export type StatementPeriod = { readonly from: string; readonly to: string } | { readonly month: string };

export type StatementOptions = {
  readonly timeZone?: string;
  /** Open intervals count up to here (default: the clock). */
  readonly now?: string;
  /** The aggregation the records are rated at (default daily, CloudStack's 1440-minute range). */
  readonly granularity?: Granularity;
  /** Only this currency (default: every currency with a tariff or a credit). */
  readonly currency?: string;
};

export type AccountStatements = {
  readonly accountId: string;
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly statements: readonly Statement[];
};

const periodOf = (period: StatementPeriod, timeZone: string) => {
  if ('month' in period) return localMonth(timeZone, period.month);
  const from = ms(period.from);
  const to = ms(period.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
    throw invalid('USAGE_RANGE_INVALID', 'A statement period needs ISO instants with to after from.', {
      ...period,
    });
  return { start: from, end: to };
};

/**
 * quotaStatement / quotaBalance: an account's charges for the period per quota type, its credits,
 * and its balance before and after, per currency. Everything is recomputed from the usage meter,
 * the tariffs and the credits, so it is exact up to `now` and corrected by late events.
 */
export const statement = async (
  pool: pg.Pool,
  accountId: string,
  period: StatementPeriod,
  options: StatementOptions = {},
  clock: () => Date = () => new Date(),
): Promise<AccountStatements> => {
  const timeZone = assertTimeZone(options.timeZone ?? 'UTC');
  const { start: from, end: to } = periodOf(period, timeZone);
  const now = options.now === undefined ? clock().getTime() : ms(options.now);
  if (Number.isNaN(now))
    throw invalid('USAGE_DATE_INVALID', 'now must be an ISO-8601 instant.', { now: options.now });
  const granularity = options.granularity ?? 'daily';
  const { rows } = await pool.query<Pick<UsageMeterRow, 'resource_kind' | 'resource_id' | 'marks'>>(
    'SELECT resource_kind, resource_id, marks FROM usage_meter WHERE account_id = $1 AND first_ms IS NOT NULL AND first_ms < $2',
    [accountId, to],
  );
  const intervals = rows.flatMap(intervalsOfRow).filter((i) => i.facts.accountId === accountId);
  const first = intervals.reduce((m, i) => Math.min(m, i.start), from);
  const window = (a: number, b: number) => ({ from: a, to: b, now, timeZone, granularity });
  const before = first < from ? usageRecords(intervals, window(first, from)) : [];
  const during = usageRecords(intervals, window(from, to));
  const [rates, credits] = await Promise.all([tariffRates(pool), listCredits(pool, accountId)]);
  const currencies = options.currency
    ? [options.currency]
    : [...new Set([...rates.map((r) => r.currency), ...credits.map((c) => c.currency)])].sort();
  const statements = currencies.map((currency) => {
    const mine = rates.filter((r) => r.currency === currency);
    return buildStatement({
      accountId,
      currency,
      from,
      to,
      before: rateRecords(before, mine, timeZone),
      during: rateRecords(during, mine, timeZone),
      credits,
    });
  });
  return {
    accountId,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone,
    statements,
  };
};

/** quotaBalance: credits minus charges from the first usage up to `at` (default now), per currency. */
export const balance = async (
  pool: pg.Pool,
  accountId: string,
  options: StatementOptions & { readonly at?: string } = {},
  clock: () => Date = () => new Date(),
): Promise<readonly { currency: string; balance: number }[]> => {
  const at = options.at ?? options.now ?? clock().toISOString();
  const s = await statement(
    pool,
    accountId,
    { from: at, to: new Date(ms(at) + 1).toISOString() },
    { ...options, now: at },
    clock,
  );
  return s.statements.map((x) => ({ currency: x.currency, balance: x.openingBalance }));
};
