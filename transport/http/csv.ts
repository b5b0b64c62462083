// The one CSV writer: RFC 4180 lines (CRLF), a byte-order mark so spreadsheet programs read UTF-8 (Chinese), the
// columns of a row taken from its output schema (nested objects as dotted columns, in the schema's order, whatever a
// given row holds), and text a spreadsheet would run as a formula defused.
import type { z } from 'zod';

/** U+FEFF: tells spreadsheet programs the file is UTF-8. */
export const BOM = '\uFEFF';

/** The zod definition fields the column walk reads. */
interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly out?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The columns of a row schema: `{ a: { b }, c: [] }` -> `['a.b', 'c']`. Nullable, optional and defaulted parts are
 * read through; an array or a record is one column (its JSON).
 */
export function columnsOf(schema: z.ZodType, prefix = ''): string[] {
  const def = defOf(schema);
  if (def.innerType && ['nullable', 'optional', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(def.type)) {
    return columnsOf(def.innerType, prefix);
  }
  if (def.type === 'pipe' && def.out) return columnsOf(def.out, prefix);
  if (def.type !== 'object' || !def.shape) return [prefix || 'value'];
  return Object.entries(def.shape).flatMap(([key, part]) => columnsOf(part, prefix ? `${prefix}.${key}` : key));
}

/** The value at a dotted column of a row (undefined when a part on the way is null or missing). */
export function valueAt(row: unknown, path: readonly string[]): unknown {
  let value = row;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One cell: empty for null, arrays and objects as JSON, text quoted when it holds `,` `"` or a line break. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A text cell that a spreadsheet would run as a formula is defused (numbers are left as they are).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line of cells, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}

/** Writes rows as lines of the given columns (split once, used for every row). */
export function rowWriter(columns: readonly string[]): (row: unknown) => string {
  const paths = columns.map((c) => c.split('.'));
  return (row) => csvLine(paths.map((path) => valueAt(row, path)));
}
