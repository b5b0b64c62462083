// An export pages through the same procedure to the end (page by page, as the screen reads it) and streams the rows
// as CSV while it reads them: nothing is built whole in memory, a slow client slows the paging (back-pressure).
import { Readable } from 'node:stream';
import { BOM, csvLine, rowWriter } from './csv.ts';

/**
 * The most rows one CSV holds. A read whose `total` is larger is refused (413) before anything is sent, saying to
 * narrow the filters; rows that arrive while an export pages stop it here too.
 */
export const MAX_CSV_ROWS = 100_000;

/** Rows an export asks per page: the most a paged read gives. */
export const CSV_PAGE_SIZE = 100;

/** A page of a paged read: its rows and how many the filters match. */
export interface Page {
  readonly items: readonly unknown[];
  readonly total: number;
}

export interface PageSource {
  /** Rows per page asked for. */
  readonly size: number;
  /** The column that names a row: a row a shifted page shows again (rows added meanwhile) is written once. */
  readonly key: string;
  /** Reads page `n` (2, 3, ...) with the same input. */
  next(page: number): Promise<Page>;
  readonly max?: number;
}

/** The rows of every page, from the first (already read) to the last, at most `max` (MAX_CSV_ROWS). */
export async function* csvPages(first: Page, source: PageSource): AsyncGenerator<readonly unknown[]> {
  const max = source.max ?? MAX_CSV_ROWS;
  const seen = new Set<unknown>();
  let written = 0;
  let page = first;
  for (let n = 1; ; n++) {
    const fresh = page.items.filter((row) => {
      const key = (row as Record<string, unknown>)[source.key];
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const rows = fresh.slice(0, max - written);
    written += rows.length;
    if (rows.length > 0) yield rows;
    if (written >= max || page.items.length < source.size || n * source.size >= page.total) return;
    page = await source.next(n + 1);
  }
}

/** Why an export of `total` rows is refused, or null. */
export function csvRefusal(total: number): string | null {
  if (total <= MAX_CSV_ROWS) return null;
  return `export: ${total} rows match, a CSV holds at most ${MAX_CSV_ROWS}; narrow the filters (a shorter range, a channel, an outcome...)`;
}

/** The CSV as a stream: the BOM and the header at once (even for no rows), then each batch of rows as it is read. */
export function csvStream(header: readonly string[], columns: readonly string[], batches: AsyncIterable<readonly unknown[]>): Readable {
  const write = rowWriter(columns);
  async function* chunks(): AsyncGenerator<string> {
    yield BOM + csvLine(header);
    for await (const rows of batches) yield rows.map(write).join('');
  }
  return Readable.from(chunks(), { objectMode: false });
}
