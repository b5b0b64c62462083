// A plain, accessible table from column definitions: a caption for screen readers, scoped headers, numbers right-aligned.
import type { ReactNode } from 'react';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell names the row (a `<th scope="row">`). */
  rowHeader?: boolean;
  /** Long content may wrap (tables otherwise keep one line per row). */
  wrap?: boolean;
}

interface DataTableProps<T> {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  testId?: string;
  /** Scroll inside the panel past this height (px). */
  maxHeight?: number;
  busy?: boolean;
  /** Extra attributes per row (e.g. `data-session` for tests). */
  rowData?: (row: T) => Record<`data-${string}`, string>;
}

export function DataTable<T>({ caption, columns, rows, rowKey, testId, maxHeight, busy, rowData }: DataTableProps<T>) {
  return (
    // A focusable region, so a keyboard can scroll a table that overflows its panel.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (axe's scrollable-region-focusable rule, checked by a browser test)
    <div className="table-wrap" style={maxHeight ? { maxHeight } : undefined} tabIndex={0} role="region" aria-label={caption}>
      <table data-testid={testId} aria-busy={busy || undefined}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowData?.(row)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.id} scope="row" className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.id} className={c.numeric ? 'num' : c.wrap ? 'wrap' : undefined}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
