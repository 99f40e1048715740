import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { localDay } from '../../domain/usage/index.ts';
import type { UsageFilter } from '../../projections/usage/index.ts';
import { type ExportProgress, usageExport } from './index.ts';

export const usageUsage = `usage: npm run export -- usage --from <date|instant> --to <date|instant> [options]
  --from, --to        YYYY-MM-DD (local days in --tz; --to is inclusive) or ISO-8601 instants (--to exclusive)
  --account <id>      only this account (repeatable)
  --domain <id>       only this tenant domain (repeatable)
  --type <n>          only this usage type (e.g. 1 RUNNING_VM, 6 VOLUME)
  --granularity       hourly | daily (default) | monthly
  --tz <IANA zone>    aggregation time zone (default UTC)
  --format            csv (default) | json
  --out <file>        write to a file, with a progress bar on stderr (default: stdout)`;

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** Turns the command line into a usage filter (dates are local days of the time zone). */
export const parseUsageArgs = (args: readonly string[]) => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      account: { type: 'string', multiple: true },
      domain: { type: 'string', multiple: true },
      type: { type: 'string' },
      granularity: { type: 'string', default: 'daily' },
      tz: { type: 'string', default: 'UTC' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.from || !values.to) throw new Error(`--from and --to are required\n${usageUsage}`);
  if (values.format !== 'csv' && values.format !== 'json') throw new Error('--format must be csv or json');
  const tz = values.tz;
  const from = isDate(values.from) ? new Date(localDay(tz, values.from).start).toISOString() : values.from;
  const to = isDate(values.to) ? new Date(localDay(tz, values.to).end).toISOString() : values.to;
  const filter: UsageFilter = {
    from,
    to,
    timeZone: tz,
    granularity: values.granularity as UsageFilter['granularity'],
    ...(values.account ? { accountIds: values.account } : {}),
    ...(values.domain ? { tenantDomainIds: values.domain } : {}),
    ...(values.type ? { usageType: Number(values.type) } : {}),
  };
  return { filter, format: values.format as 'csv' | 'json', out: values.out };
};

/** `[#########...........]  45%  1200/2600 resources  35000 records`, redrawn in place. */
export const progressBar = (p: ExportProgress, width = 30): string => {
  const ratio = p.totalResources ? Math.min(1, p.resources / p.totalResources) : 1;
  const done = Math.round(ratio * width);
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${p.resources}/${p.totalResources} resources  ${p.records} records`;
};

/** Runs `export usage`: to stdout, or to a file with a progress bar on stderr. */
export const runUsageExport = async (pool: pg.Pool, args: readonly string[]): Promise<void> => {
  const { filter, format, out } = parseUsageArgs(args);
  const draw = out ? (p: ExportProgress) => process.stderr.write(`\r${progressBar(p)}`) : undefined;
  const { stream } = await usageExport(pool, filter, format, draw);
  if (!out) {
    await pipeline(stream, process.stdout);
    return;
  }
  draw?.({ resources: 0, totalResources: 0, records: 0 });
  await pipeline(stream, createWriteStream(out));
  process.stderr.write(`\nwrote ${out}\n`);
};
