import { z } from 'zod';
import { invalid } from '../../domain/shared/index.ts';
import { assertTimeZone, type Granularity, granularities } from '../../domain/usage/index.ts';

/**
 * What the usage queries take. `from`/`to` are instants (ISO-8601); the HTTP layers turn
 * CloudStack's startdate/enddate (local dates) into them with `localDay` in the same time zone.
 * Scoping is the caller's job: pass the accounts or tenant domains the caller may see.
 */
export const usageFilterSchema = z.object({
  from: z.string(),
  to: z.string(),
  accountIds: z.array(z.string().min(1)).optional(),
  tenantDomainIds: z.array(z.string().min(1)).optional(),
  usageType: z.number().int().optional(),
  /** The resource (CloudStack's usageid). */
  usageId: z.string().min(1).optional(),
  granularity: z.enum(granularities as [Granularity, ...Granularity[]]).default('daily'),
  timeZone: z.string().default('UTC'),
  /** Open intervals count up to here (default: the query's clock). */
  now: z.string().optional(),
  page: z.number().int().positive().default(1),
  pageSize: z.number().int().positive().max(10_000).default(500),
});

export type UsageFilter = z.input<typeof usageFilterSchema>;
export type ResolvedUsageFilter = Omit<z.output<typeof usageFilterSchema>, 'from' | 'to' | 'now'> & {
  readonly from: number;
  readonly to: number;
  readonly now: number;
};

const instant = (field: string, value: string): number => {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw invalid('USAGE_DATE_INVALID', `${field} must be an ISO-8601 instant.`, { [field]: value });
  return t;
};

/** Validates a filter and turns its dates into epoch ms; `clock` gives `now` when the filter has none. */
export const resolveFilter = (
  filter: UsageFilter,
  clock: () => Date = () => new Date(),
): ResolvedUsageFilter => {
  const parsed = usageFilterSchema.safeParse(filter);
  if (!parsed.success)
    throw invalid('USAGE_FILTER_INVALID', 'The usage query is malformed.', {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  const f = parsed.data;
  assertTimeZone(f.timeZone);
  const from = instant('from', f.from);
  const to = instant('to', f.to);
  if (to <= from)
    throw invalid('USAGE_RANGE_INVALID', 'to must come after from.', { from: f.from, to: f.to });
  return { ...f, from, to, now: f.now === undefined ? clock().getTime() : instant('now', f.now) };
};
