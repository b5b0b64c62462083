// CSV exports people can use (issue 16): every row the screen's filters match (paged through to the end, streamed),
// UTF-8 with a byte-order mark, the key column first, headers in the page's language, the header even for no rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../domain/local-day.ts';
import { csvPages, csvRefusal, MAX_CSV_ROWS } from '../../transport/http/csv-export.ts';
import { csvHeader } from '../../transport/http/csv-labels.ts';
import { needServer } from '../support/databases.ts';
import { startHarness, type Harness } from './harness.ts';
import { expectAnswersDocumented } from './openapi-conformance.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const BOM = [0xef, 0xbb, 0xbf];
type Row = Record<string, unknown>;

/** RFC 4180, read by hand: quoted cells may hold commas, doubled quotes and line breaks; lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** What a JSON value reads as in a cell: empty for null, arrays as JSON, formula-like text defused with a quote. */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const at = (row: Row, column: string): unknown => column.split('.').reduce<unknown>((v, k) => (v as Row | null | undefined)?.[k], row);

interface Csv {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
  readonly header: string[];
  readonly rows: string[][];
}

async function csvOf(h: Harness, path: string, key: string): Promise<Csv> {
  const res = await h.fetch(`/api/analytics/${path}`, { key });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return { status: res.status, headers: res.headers, bytes, header, rows };
}

/** The rows of the JSON answer (first page). */
async function jsonRows(h: Harness, path: string): Promise<Row[]> {
  const body = (await (await h.fetch(`/api/analytics/${path}`, { key: h.a.keys.read })).json()) as { rows?: Row[]; items?: Row[] };
  return body.rows ?? body.items ?? [];
}

/** Every page of a paged JSON read, joined. */
async function jsonPages(h: Harness, path: string, query: string, key: string, size: number): Promise<Row[]> {
  const all: Row[] = [];
  for (let page = 1; ; page++) {
    const res = await h.fetch(`/api/analytics/${path}?${query}&size=${size}&page=${page}`, { key });
    const body = (await res.json()) as { items: Row[]; total: number };
    all.push(...body.items);
    if (body.items.length < size || all.length >= body.total) return all;
  }
}

/** The dotted paths of a JSON row's values (arrays are one value). */
function leavesOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leavesOf(v, prefix ? `${prefix}.${k}` : k));
}

/** The CSV (header of field names) equals the JSON rows: same rows, order and values, no field of the JSON left out. */
function expectSameRows(csv: Csv, json: Row[]): void {
  const columns = csv.header;
  for (const row of json) {
    for (const leaf of leavesOf(row))
      expect(
        columns.some((c) => c === leaf || c.startsWith(`${leaf}.`)),
        leaf,
      ).toBe(true);
  }
  expect(csv.rows).toHaveLength(json.length);
  csv.rows.forEach((cells, i) => {
    expect(cells, `row ${i}`).toEqual(columns.map((column) => expectedCell(at(json[i]!, column))));
  });
}

/** `count` sessions started over the last minutes, each with messages; some ended and rated; ids `<prefix>-0000`... */
async function givenSessions(h: Harness, prefix: string, count: number, over: (i: number) => Row = () => ({})): Promise<void> {
  const now = Date.now();
  const events: Row[] = [];
  for (let i = 0; i < count; i++) {
    const sessionId = `${prefix}-${String(i).padStart(4, '0')}`;
    const t = (s: number) => new Date(now - 3_000_000 + i * 1000 + s * 10).toISOString();
    events.push(
      { name: 'session.start', sessionId, channel: i % 3 === 0 ? 'app' : 'web', occurredAt: t(0), data: { customerId: `c-${i}`, ...over(i) } },
      { name: 'message.user', sessionId, occurredAt: t(1) },
      { name: 'message.ai', sessionId, occurredAt: t(2), data: { responseTimeMs: 100 + (i % 50) } },
    );
    if (i % 2 === 0) events.push({ name: 'session.end', sessionId, occurredAt: t(3), data: { reason: 'resolved' } });
    if (i % 4 === 0) events.push({ name: 'session.rated', sessionId, occurredAt: t(4), data: { score: 1 + (i % 5) } });
  }
  for (let i = 0; i < events.length; i += 1000) {
    const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events: events.slice(i, i + 1000) } });
    expect(((await res.json()) as { accepted: number }).accepted).toBe(Math.min(1000, events.length - i));
  }
  await h.services.sinks.drain();
}

/** The local days (tenant zone, Europe/Paris) the sessions of `givenSessions` fall in. */
const range = () => `from=${localDay(new Date(Date.now() - 3_600_000), 'Europe/Paris')}&to=${localDay(new Date(), 'Europe/Paris')}`;

describe('CSV exports', () => {
  let h: Harness;
  const tricky = ['=HYPERLINK("http://x","y")', 'Zhang, "Sam"\nsecond line', '客户，张三', '+1 555', '-3', '@sum'];

  beforeAll(async () => {
    h = await startHarness({}, { record: true });
    await givenSessions(h, 's', 130, (i) => (i < tricky.length ? { customerId: tricky[i] } : {}));
    for (const sessionId of ['s-0000', 's-0002', 's-0004']) {
      const res = await h.fetch('/api/analytics/quality/create', {
        key: h.a.keys.admin,
        json: { sessionId, score: 70, issues: [{ code: 'queue_wait', severity: 'major', note: 'waited, "long"' }] },
      });
      expect(res.status).toBe(200);
      if (sessionId !== 's-0002') continue;
      // One audit reviewed: its `review` is an object, the others' null, and the columns stay the same.
      const { id: auditId } = (await res.json()) as { id: string };
      const review = await h.fetch('/api/analytics/quality/review', { key: h.a.keys.admin, json: { auditId, finalScore: 90, note: '复核：OK' } });
      expect(review.status).toBe(200);
    }
    const usage = [{ name: 'llm.usage', data: { usageId: 'coze:1', model: 'doubao-pro', inputTokens: 1200, outputTokens: 300 } }];
    await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events: usage } });
    await h.services.sinks.drain();
  });
  afterAll(() => h?.close());

  it('hold every row the filters match, not only the page shown, equal to the JSON pages joined', async () => {
    const csv = await csvOf(h, `sessions/list.csv?${range()}&size=25&page=2`, h.a.keys.read);
    expect(csv.status).toBe(200);
    expectSameRows(csv, await jsonPages(h, 'sessions/list', range(), h.a.keys.read, 25));
    expect(csv.rows).toHaveLength(130);
  });

  it('keep the screen’s filters', async () => {
    const csv = await csvOf(h, `sessions/list.csv?${range()}&channel=app&outcome=ai`, h.a.keys.read);
    const json = await jsonPages(h, 'sessions/list', `${range()}&channel=app&outcome=ai`, h.a.keys.read, 100);
    expect(json.length).toBeGreaterThan(0);
    expectSameRows(csv, json);
    expect(new Set(csv.rows.map((r) => r[csv.header.indexOf('channel')]))).toEqual(new Set(['app']));
  });

  it('are streamed as UTF-8 with a byte-order mark', async () => {
    const csv = await csvOf(h, `sessions/list.csv?${range()}`, h.a.keys.read);
    expect([...csv.bytes.slice(0, 3)]).toEqual(BOM);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-length')).toBeNull();
    expect(csv.headers.get('transfer-encoding')).toBe('chunked');
  });

  it.each([
    ['stats/trend', 'day', ['Day', 'Sessions']],
    ['billing/usage', 'day', ['Day', 'Kind']],
    ['quality/records', 'id', ['Audit ID', 'Session ID']],
    ['sessions/list', 'sessionId', ['Session ID', 'Channel']],
  ])('%s has its key column first (%s)', async (path, key, labels) => {
    const csv = await csvOf(h, `${path}.csv`, h.a.keys.read);
    expect(csv.status).toBe(200);
    expect(csv.header[0]).toBe(key);
    if (key === 'id') expect(csv.header[1]).toBe('sessionId');
    expect(csv.rows[0]?.[0]).toBe(String(at((await jsonRows(h, path))[0]!, key)));
    expect((await csvOf(h, `${path}.csv?lang=en`, h.a.keys.read)).header.slice(0, 2)).toEqual(labels);
  });

  it.each(['stats/trend.csv', 'billing/usage.csv', 'quality/records.csv', 'sessions/list.csv'])(
    '%s has a header even for zero rows, with the same columns',
    async (path) => {
      const zero = `${path}?from=2020-01-01&to=2020-01-01`.replace('trend.csv?from=2020-01-01&to=2020-01-01', 'trend.csv');
      const empty = await csvOf(h, zero, h.b.keys.read);
      const full = await csvOf(h, path, h.a.keys.read);
      expect(empty.status).toBe(200);
      expect([...empty.bytes.slice(0, 3)]).toEqual(BOM);
      expect(empty.header).toEqual(full.header);
      if (!path.startsWith('stats')) expect(empty.rows).toEqual([]);
    },
  );

  it('keep the columns of the schema when the first row lacks some (a null review)', async () => {
    const csv = await csvOf(h, 'quality/records.csv', h.a.keys.read);
    expect(csv.header).toEqual(expect.arrayContaining(['review.reviewerId', 'review.finalScore', 'issues', 'reviews', 'status']));
    expectSameRows(csv, await jsonPages(h, 'quality/records', 'source=manual', h.a.keys.read, 100));
  });

  it('name the columns in the page’s language with lang=zh or lang=en; without lang, by their field names', async () => {
    const zh = await csvOf(h, `sessions/list.csv?${range()}&lang=zh`, h.a.keys.read);
    expect(zh.header.slice(0, 3)).toEqual(['会话编号', '渠道', '客户编号']);
    expect((await csvOf(h, `sessions/list.csv?${range()}&lang=zh-CN`, h.a.keys.read)).header).toEqual(zh.header);
    expect(zh.rows).toHaveLength(130);
    const en = await csvOf(h, 'billing/usage.csv?lang=en', h.a.keys.read);
    expect(en.header).toEqual(['Day', 'Kind', 'Model or bot', 'Input tokens', 'Output tokens', 'Total tokens', 'Cost', 'Currency']);
    expect((await csvOf(h, 'billing/usage.csv', h.a.keys.read)).header).toEqual([
      'day',
      'kind',
      'name',
      'inputTokens',
      'outputTokens',
      'totalTokens',
      'cost',
      'currency',
    ]);
    expect((await csvOf(h, 'quality/records.csv?lang=zh', h.a.keys.read)).header.slice(0, 2)).toEqual(['审核编号', '会话编号']);
    expect((await csvOf(h, 'stats/trend.csv?lang=zh', h.a.keys.read)).header.slice(0, 3)).toEqual(['日期', '会话数', '已结束']);
  });

  it.each(['stats.trend', 'billing.usage', 'quality.records', 'sessions.list'])('%s labels every column in both languages', async (procedure) => {
    const path = `${procedure.replaceAll('.', '/')}.csv`;
    const keys = (await csvOf(h, path, h.a.keys.read)).header;
    const en = await csvOf(h, `${path}?lang=en`, h.a.keys.read);
    const zh = await csvOf(h, `${path}?lang=zh`, h.a.keys.read);
    for (const header of [en.header, zh.header]) expect(new Set(header).size).toBe(keys.length);
    for (const label of zh.header) expect(label).toMatch(/[\u4e00-\u9fff]/);
    expect(en.header.filter((label, i) => label === keys[i])).toEqual([]);
    expect(en.rows).toEqual(zh.rows);
  });

  it('keep the key of a column no dictionary knows', () => {
    expect(csvHeader('sessions.list', ['sessionId', 'newField.x'], 'zh')).toEqual(['会话编号', 'newField.x']);
  });

  it('refuse another lang with a 400 naming it', async () => {
    const res = await h.fetch('/api/analytics/sessions/list.csv?lang=fr', { key: h.a.keys.read });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; issues?: { field: string }[] } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.issues?.[0]?.field).toBe('lang');
  });

  it('defuse formula-like text and quote commas, quotes, line breaks; Chinese as it is', async () => {
    const res = await h.fetch(`/api/analytics/sessions/list.csv?${range()}&size=100`, { key: h.a.keys.read });
    const text = await res.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain('"Zhang, ""Sam""\nsecond line"');
    expect(text).toContain(',客户，张三,');
    const csv = await csvOf(h, `sessions/list.csv?${range()}`, h.a.keys.read);
    const customers = csv.rows.map((r) => r[csv.header.indexOf('customerId')]);
    expect(customers).toEqual(
      expect.arrayContaining(['\'=HYPERLINK("http://x","y")', 'Zhang, "Sam"\nsecond line', '客户，张三', "'+1 555", "'-3", "'@sum"]),
    );
    const audits = await csvOf(h, 'quality/records.csv', h.a.keys.read);
    expect(audits.rows[0]![audits.header.indexOf('issues')]).toBe('[{"code":"queue_wait","severity":"major","note":"waited, \\"long\\""}]');
  });

  it('are described in the OpenAPI document, with lang', async () => {
    const doc = (await (await h.fetch('/api/analytics/openapi.json')).json()) as any;
    for (const path of ['/stats/trend.csv', '/billing/usage.csv', '/quality/records.csv', '/sessions/list.csv']) {
      const get = doc.paths[path].get;
      expect(get.responses['200'].content['text/csv'], path).toBeDefined();
      expect(get.parameters.find((p: { name: string }) => p.name === 'lang')?.schema?.enum, path).toEqual(['en', 'zh', 'zh-CN']);
    }
  });

  it('answered only what the OpenAPI document declares', () => expectAnswersDocumented(h));
});

describe('csvPages', () => {
  const page = (n: number, size: number, total: number): { items: Row[]; total: number } => ({
    items: Array.from({ length: Math.max(0, Math.min(size, total - (n - 1) * size)) }, (_, i) => ({ id: `r${(n - 1) * size + i}` })),
    total,
  });

  it('pages until the end, and never repeats a key a shifted page shows again', async () => {
    const asked: number[] = [];
    const rows: Row[] = [];
    const next = async (n: number) => {
      asked.push(n);
      const p = page(n, 2, 5);
      return n === 2 ? { ...p, items: [{ id: 'r1' }, ...p.items.slice(0, 1)] } : p;
    };
    for await (const batch of csvPages(page(1, 2, 5), { size: 2, key: 'id', next })) rows.push(...(batch as Row[]));
    expect(asked).toEqual([2, 3]);
    expect(rows.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r4']);
  });

  it('refuses more than MAX_CSV_ROWS before streaming', () => {
    expect(csvRefusal(MAX_CSV_ROWS)).toBeNull();
    expect(csvRefusal(MAX_CSV_ROWS + 1)).toMatch(/at most 100000; narrow the filters/);
  });

  it('stops at MAX_CSV_ROWS even when more rows arrived while paging', async () => {
    let rows = 0;
    const next = async (n: number) => page(n, 100, MAX_CSV_ROWS + 500);
    for await (const batch of csvPages(page(1, 100, MAX_CSV_ROWS), { size: 100, key: 'id', next })) rows += batch.length;
    expect(rows).toBe(MAX_CSV_ROWS);
  });
});

describe.skipIf(!up)('a CSV of 2,500 sessions on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
    await givenSessions(h, 'pg', 2500);
  }, 120_000);
  afterAll(() => h?.close());

  it('exports 2,500 rows plus a header, opens with a BOM, and equals the JSON pages joined', async () => {
    const started = Date.now();
    const csv = await csvOf(h, `sessions/list.csv?${range()}`, h.a.keys.read);
    const ms = Date.now() - started;
    expect(csv.status).toBe(200);
    expect([...csv.bytes.slice(0, 3)]).toEqual(BOM);
    expect(csv.header[0]).toBe('sessionId');
    expect(csv.rows).toHaveLength(2500);
    expectSameRows(csv, await jsonPages(h, 'sessions/list', range(), h.a.keys.read, 100));
    expect(new Set(csv.rows.map((r) => r[0])).size).toBe(2500);
    console.info(`2,500-session CSV: ${csv.bytes.length} bytes in ${ms} ms`);
  }, 60_000);
});
