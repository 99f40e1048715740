import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { progressBar } from '../../projections/rebuild.cli.ts';
import { type AuditExportFilter, type AuditFormat, countAuditRows, writeAuditExport } from './audit.ts';

export const auditUsage = `usage: npm run export -- audit [options]
  --account <id>      only this account's events
  --domain <id>       only this tenant domain and the domains below it
  --resource <id>     only events of this resource or that mention it
  --type <type>       only this event type (VM.START or VmStarted)
  --from <instant>    ISO-8601, inclusive
  --to <instant>      ISO-8601, exclusive
  --format            jsonl (default) | csv
  --out <file>        write to a file, with a progress bar on stderr (default: stdout)`;

const instant = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (Number.isNaN(new Date(value).getTime())) throw new Error(`--${name} is not an instant: ${value}`);
  return value;
};

/** Turns the command line into an audit filter and format. */
export const parseAuditArgs = (args: readonly string[]) => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      account: { type: 'string' },
      domain: { type: 'string' },
      resource: { type: 'string' },
      type: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values.format !== 'jsonl' && values.format !== 'csv') throw new Error('--format must be jsonl or csv');
  const from = instant('from', values.from);
  const to = instant('to', values.to);
  const filter: AuditExportFilter = {
    ...(values.account !== undefined ? { accountId: values.account } : {}),
    ...(values.domain !== undefined ? { tenantDomainId: values.domain } : {}),
    ...(values.resource !== undefined ? { resourceId: values.resource } : {}),
    ...(values.type !== undefined ? { type: values.type } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
  return { filter, format: values.format as AuditFormat, out: values.out };
};

/** Runs `export audit`: to stdout, or to a file with a progress bar on stderr. Answers the rows written. */
export const runAuditExport = async (
  pool: pg.Pool,
  args: readonly string[],
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> => {
  const { filter, format, out } = parseAuditArgs(args);
  if (!out) return writeAuditExport(pool, process.stdout, { filter, format });
  const total = await countAuditRows(pool, filter);
  const file = createWriteStream(out);
  const draw = (rows: number) => stderr(`\r${progressBar(rows, total)} ${rows}/${total} events`);
  draw(0);
  const rows = await writeAuditExport(pool, file, { filter, format, onProgress: draw });
  file.end();
  await once(file, 'finish');
  stderr(`\nwrote ${rows} events to ${out}\n`);
  return rows;
};
