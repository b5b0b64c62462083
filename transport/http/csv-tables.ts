// The reads whose answer is a table, served as CSV (`<path>.csv`): where the rows are in the answer, the columns of a
// row (from its output schema, the key column first) and whether the read is paged, so an export pages to the end.
import type { z } from 'zod';
import { UsageRowSchema } from '../../domain/billing/models.ts';
import { QualityAuditRecordSchema } from '../../domain/quality/models.ts';
import { SessionSummarySchema } from '../../domain/sessions/models.ts';
import { DailyStatsSchema } from '../../domain/stats/models.ts';
import { columnsOf } from './csv.ts';

export interface CsvTable {
  /** The field of the answer that holds the rows. */
  readonly rows: 'rows' | 'items';
  /** The column that names a row, first in the file (unique per row in a paged table). */
  readonly key: string;
  /** Every column, the key first, then in the schema's order. */
  readonly columns: readonly string[];
  /** Read page by page (`page`, `size`, and `total` in the answer); the export asks every page. */
  readonly paged: boolean;
}

function table(rows: CsvTable['rows'], row: z.ZodType, key: string, paged: boolean): CsvTable {
  const columns = columnsOf(row);
  if (!columns.includes(key)) throw new Error(`CSV key column ${key} is not a column of its rows`);
  return { rows, key, columns: [key, ...columns.filter((c) => c !== key)], paged };
}

/**
 * The four table-shaped reads. Keys: `day` for the daily tables; for audits, the audit's `id` (a session may have
 * several audits: auto and manual), with `sessionId` right after it; `sessionId` for sessions.
 */
export const csvTables: Readonly<Record<string, CsvTable>> = {
  'stats.trend': table('rows', DailyStatsSchema, 'day', false),
  'billing.usage': table('rows', UsageRowSchema, 'day', false),
  'quality.records': table('items', QualityAuditRecordSchema, 'id', true),
  'sessions.list': table('items', SessionSummarySchema, 'sessionId', true),
};
