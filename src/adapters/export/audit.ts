import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { Caller } from '../../domain/tenancy/roles.ts';

/**
 * The audit export: the audit log filtered by account, tenant domain (with its subtree), resource,
 * type and time range, in the caller's scope, as JSON Lines or CSV. Rows are read in pages on a
 * keyset cursor over (created_at, id), and each page is written (waiting for the writer to drain)
 * before the next is read, so a million rows take the memory of one page.
 */

export type AuditExportFilter = {
  readonly accountId?: string;
  /** This tenant domain and every domain below it. */
  readonly tenantDomainId?: string;
  /** The resource itself or any event that mentions it. */
  readonly resourceId?: string;
  /** CloudStack's event type (VM.START) or the event's own (VmStarted). */
  readonly type?: string;
  /** Inclusive lower bound, ISO-8601. */
  readonly from?: string;
  /** Exclusive upper bound, ISO-8601. */
  readonly to?: string;
};

export type AuditFormat = 'jsonl' | 'csv';

export type AuditRow = {
  readonly id: string;
  readonly createdAt: string;
  readonly type: string;
  readonly eventType: string;
  readonly level: string;
  readonly state: string;
  readonly description: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string | null;
  readonly userId: string | null;
  readonly accountId: string | null;
  readonly tenantDomainId: string | null;
  readonly correlationId: string | null;
  readonly requestId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
};

export const auditColumns: readonly (keyof AuditRow)[] = [
  'id',
  'createdAt',
  'type',
  'eventType',
  'level',
  'state',
  'description',
  'resourceType',
  'resourceId',
  'resourceName',
  'userId',
  'accountId',
  'tenantDomainId',
  'correlationId',
  'requestId',
  'data',
];

const subtree = (param: string) =>
  `(WITH RECURSIVE sub(id) AS (SELECT ${param}::text UNION ALL
     SELECT d.id FROM tenant_domains d JOIN sub ON d.parent_id = sub.id) SELECT id FROM sub)`;

/** The WHERE clause of a filter within a caller's scope (null caller: the command line, everything). */
const whereOf = (filter: AuditExportFilter, caller: Caller | null, params: unknown[]): string[] => {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (caller?.roleType === 'User') where.push(`account_id = ${p(caller.accountId)}`);
  else if (caller && caller.roleType !== 'Admin')
    where.push(`tenant_domain_id IN ${subtree(p(caller.tenantDomainId))}`);
  if (filter.accountId !== undefined) where.push(`account_id = ${p(filter.accountId)}`);
  if (filter.tenantDomainId !== undefined)
    where.push(`tenant_domain_id IN ${subtree(p(filter.tenantDomainId))}`);
  if (filter.resourceId !== undefined) {
    const id = p(filter.resourceId);
    where.push(`(resource_id = ${id} OR related_ids @> ARRAY[${id}]::text[])`);
  }
  if (filter.type !== undefined) {
    const type = p(filter.type);
    where.push(`(type = ${type} OR event_type = ${type})`);
  }
  if (filter.from !== undefined) where.push(`created_at >= ${p(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.push(`created_at < ${p(filter.to)}::timestamptz`);
  return where;
};

const selectList = `id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt",
  type, event_type AS "eventType", level, state, description, resource_type AS "resourceType",
  resource_id AS "resourceId", resource_name AS "resourceName", user_id AS "userId", account_id AS "accountId",
  tenant_domain_id AS "tenantDomainId", correlation_id AS "correlationId", request_id AS "requestId", data`;

/** How many rows a filter matches (the progress bar's 100%). */
export const countAuditRows = async (
  pool: pg.Pool,
  filter: AuditExportFilter,
  caller: Caller | null = null,
): Promise<number> => {
  const params: unknown[] = [];
  const where = whereOf(filter, caller, params);
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return Number(rows[0]!.n);
};

/** The matching rows, oldest first, one page at a time. */
export async function* auditPages(
  pool: pg.Pool,
  filter: AuditExportFilter,
  caller: Caller | null = null,
  pageSize = 1000,
): AsyncGenerator<AuditRow[]> {
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [];
    const where = whereOf(filter, caller, params);
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(pageSize);
    const { rows } = await pool.query<AuditRow>(
      `SELECT ${selectList} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at, id LIMIT $${params.length}`,
      params,
    );
    if (!rows.length) return;
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
export const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvHeader = `${auditColumns.join(',')}\r\n`;

export const formatRow = (row: AuditRow, format: AuditFormat): string =>
  format === 'jsonl'
    ? `${JSON.stringify(row)}\n`
    : `${auditColumns.map((c) => csvField(row[c])).join(',')}\r\n`;

export const contentTypes: Readonly<Record<AuditFormat, string>> = {
  jsonl: 'application/jsonl; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Writes `text`, resolving once the writer can take more (backpressure) or rejecting if it closed. */
const write = (out: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    if (out.destroyed) return reject(new Error('the output was closed'));
    if (out.write(text)) return resolve();
    const done = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the output was closed'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });

/** Streams the export to `out` (not ended here); answers the number of rows written. */
export const writeAuditExport = async (
  pool: pg.Pool,
  out: Writable,
  options: {
    readonly filter: AuditExportFilter;
    readonly format: AuditFormat;
    readonly caller?: Caller | null;
    readonly pageSize?: number;
    readonly onProgress?: (rows: number) => void;
  },
): Promise<number> => {
  let rows = 0;
  if (options.format === 'csv') await write(out, csvHeader);
  for await (const page of auditPages(pool, options.filter, options.caller ?? null, options.pageSize)) {
    await write(out, page.map((row) => formatRow(row, options.format)).join(''));
    rows += page.length;
    options.onProgress?.(rows);
  }
  return rows;
};
