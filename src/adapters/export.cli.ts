import type pg from 'pg';
import { loadConfig } from '../app/config.ts';
import { openDatabase } from '../app/database.ts';
import { auditUsage, runAuditExport } from './export/cli.ts';
import { runUsageExport, usageUsage } from './usage-export/cli.ts';

/**
 * `npm run export -- <kind> [options]`: one entry point for every export; each kind has its own
 * runner (usage reports and the audit log; other exports join this table).
 */
const exporters: Readonly<
  Record<
    string,
    { readonly help: string; readonly run: (pool: pg.Pool, args: readonly string[]) => Promise<unknown> }
  >
> = {
  usage: { help: usageUsage, run: runUsageExport },
  audit: { help: auditUsage, run: runAuditExport },
};

const [kind, ...args] = process.argv.slice(2);
const exporter = kind ? exporters[kind] : undefined;
if (!exporter || args.includes('--help')) {
  console.error(exporter?.help ?? `usage: npm run export -- <${Object.keys(exporters).join('|')}> [options]`);
  process.exit(exporter ? 0 : 1);
}

const db = await openDatabase(loadConfig(), (line) => console.error(line));
try {
  await exporter.run(db.pool, args);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await db.close();
}
