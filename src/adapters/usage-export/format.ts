import type { UsageRecord } from '../../domain/usage/index.ts';

export type ExportFormat = 'csv' | 'json';

/** The columns of a usage report, in CloudStack's listUsageRecords vocabulary. */
export const csvColumns = [
  ['accountid', (r) => r.accountId],
  ['domainid', (r) => r.tenantDomainId],
  ['zoneid', (r) => r.zoneId],
  ['usagetype', (r) => r.usageType],
  ['usagetypename', (r) => r.usageTypeName],
  ['description', (r) => r.description],
  ['usage', (r) => r.usage],
  ['rawusage', (r) => r.rawUsage],
  ['usageid', (r) => r.usageId],
  ['name', (r) => r.name],
  ['offeringid', (r) => r.offeringId],
  ['templateid', (r) => r.templateId],
  ['type', (r) => r.type],
  ['cpunumber', (r) => r.cpuNumber],
  ['cpuspeed', (r) => r.cpuSpeedMhz],
  ['memory', (r) => r.memoryMiB],
  ['size', (r) => r.sizeBytes],
  ['virtualsize', (r) => r.virtualSizeBytes],
  ['startdate', (r) => r.startDate],
  ['enddate', (r) => r.endDate],
  ['accruing', (r) => r.accruing],
] as const satisfies readonly (readonly [string, (r: UsageRecord) => unknown])[];

/** RFC 4180: quote a field with a comma, quote or line break, doubling its quotes. */
const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const csvHeader = `${csvColumns.map(([name]) => name).join(',')}\r\n`;
export const csvLine = (r: UsageRecord): string =>
  `${csvColumns.map(([, get]) => csvField(get(r))).join(',')}\r\n`;

/**
 * A usage report as text chunks, one per chunk of records, so a report of any size streams in
 * constant memory: CSV with a header row, or one JSON array.
 */
export async function* formatUsage(
  chunks: AsyncIterable<readonly UsageRecord[]>,
  format: ExportFormat,
  onRecords?: (count: number) => void,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield csvHeader;
    for await (const records of chunks) {
      yield records.map(csvLine).join('');
      onRecords?.(records.length);
    }
    return;
  }
  yield '[';
  let first = true;
  for await (const records of chunks) {
    if (!records.length) continue;
    yield `${first ? '\n' : ',\n'}${records.map((r) => JSON.stringify(r)).join(',\n')}`;
    first = false;
    onRecords?.(records.length);
  }
  yield first ? ']\n' : '\n]\n';
}

export const contentTypeOf = (format: ExportFormat): string =>
  format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
