// The one CSV writer: the JSON answer of a table-shaped read (its rows) as RFC 4180 text, nested fields flattened
// to dotted columns, so an export is computed by the same procedure, with the same input, as the screen.

/** Reads whose answer is a table, and where its rows are in the answer (the answer itself when it is an array). */
export const csvTables: Readonly<Record<string, { readonly rows: string | null }>> = {
  'stats.trend': { rows: 'rows' },
  'billing.usage': { rows: 'rows' },
  'quality.records': { rows: 'items' },
  'sessions.list': { rows: 'items' },
};

/** The rows of a table-shaped answer. */
export function rowsOf(procedure: string, answer: unknown): unknown[] {
  const spec = csvTables[procedure];
  if (Array.isArray(answer)) return answer;
  const rows = spec?.rows ? (answer as Record<string, unknown> | null)?.[spec.rows] : undefined;
  return Array.isArray(rows) ? rows : [];
}

/** `{ a: { b: 1 }, c: [1, 2] }` -> `{ 'a.b': 1, c: '[1,2]' }`. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix || 'value', Array.isArray(value) ? JSON.stringify(value) : value);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  // A text cell that a spreadsheet would run as a formula is defused (numbers are left as they are).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV: a header of every column seen (first-seen order), then one line per row, CRLF line ends. */
export function toCsv(rows: readonly unknown[]): string {
  const flat = rows.map((row) => {
    const out = new Map<string, unknown>();
    flatten(row, '', out);
    return out;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of flat) {
    for (const key of row.keys()) {
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push(key);
    }
  }
  const lines = [columns.map(cell).join(',')];
  for (const row of flat) lines.push(columns.map((c) => cell(row.get(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
