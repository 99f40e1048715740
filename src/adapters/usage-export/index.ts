import { Readable } from 'node:stream';
import type pg from 'pg';
import {
  countMeteredResources,
  streamUsageRecords,
  type UsageFilter,
} from '../../projections/usage/index.ts';
import { contentTypeOf, type ExportFormat, formatUsage } from './format.ts';

export { contentTypeOf, csvColumns, csvHeader, csvLine, type ExportFormat, formatUsage } from './format.ts';

export type ExportProgress = {
  readonly resources: number;
  readonly totalResources: number;
  readonly records: number;
};

/**
 * A usage report (per account / domain / period, as the filter says) as a readable stream, for the
 * HTTP layers to pipe into a response and for the CLI to write to a file. Scoping is the caller's:
 * put only the accounts or tenant domains the caller may see in the filter.
 */
export const usageExport = async (
  pool: pg.Pool,
  filter: UsageFilter,
  format: ExportFormat,
  onProgress?: (p: ExportProgress) => void,
): Promise<{ readonly contentType: string; readonly stream: Readable }> => {
  const totalResources = onProgress ? await countMeteredResources(pool, filter) : 0;
  let resources = 0;
  let records = 0;
  const chunks = streamUsageRecords(pool, filter, {
    onResources: (n) => {
      resources += n;
    },
  });
  const text = formatUsage(chunks, format, (n) => {
    records += n;
    onProgress?.({ resources, totalResources, records });
  });
  return { contentType: contentTypeOf(format), stream: Readable.from(text, { objectMode: false }) };
};
