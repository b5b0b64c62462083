// The plain-JSON side: the OpenAPI document, CSV twins computed by the same procedure, and unexpected errors
// answered 500 without internals (and logged with the request id).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../transport/http/build-server.ts';
import { procedureDefs, startHarness, type Harness } from './harness.ts';
import { expectAnswersDocumented } from './openapi-conformance.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { record: true });
  const events = [
    { name: 'llm.usage', data: { usageId: 'coze:1', model: 'doubao-pro', inputTokens: 1200, outputTokens: 300 } },
    { name: 'llm.usage', data: { usageId: 'coze:2', botId: 'bot, "quoted"', inputTokens: 10, outputTokens: 5 } },
  ];
  await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events } });
  await h.services.sinks.drain();
});
afterAll(() => h?.close());

describe('GET /api/analytics/openapi.json', () => {
  it('documents every procedure at /api/analytics/<area>/<name>, with the bearer scheme', async () => {
    const res = await h.fetch('/api/analytics/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, p] of Object.entries(procedureDefs)) {
      const route = doc.paths[`/${path.replaceAll('.', '/')}`];
      expect(route?.[p._def.type === 'query' ? 'get' : 'post'], path).toBeDefined();
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/billing/usage.csv'].get.responses['200'].content['text/csv']).toBeDefined();
  });
});

describe('CSV exports', () => {
  it('hold the same rows as the JSON answer, for the same input', async () => {
    const json = (await (await h.fetch('/api/analytics/billing/usage', { key: h.a.keys.read })).json()) as any;
    const res = await h.fetch('/api/analytics/billing/usage.csv', { key: h.a.keys.read });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('day,kind,name,inputTokens,outputTokens,totalTokens,cost,currency');
    expect(lines).toHaveLength(json.rows.length + 1);
    expect(lines).toContain(`${json.rows[0].day},bot,"bot, ""quoted""",10,5,15,,`);
  });

  it.each([
    ['stats/trend', 'days=7', 'rows'],
    ['billing/usage', '', 'rows'],
    ['quality/records', 'size=5', 'items'],
    ['sessions/list', 'cohort=started&transferred=false&channel=web&channel=app', 'items'],
  ])('of %s have one line per row of the JSON (every page), and a header even for none', async (path, query, rows) => {
    const json = (await (await h.fetch(`/api/analytics/${path}?${query}`, { key: h.a.keys.read })).json()) as any;
    const csv = await h.fetch(`/api/analytics/${path}.csv?${query}`, { key: h.a.keys.read });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n').filter(Boolean);
    expect(lines.length).toBe((json.total ?? json[rows].length) + 1);
  });

  it('need the same credential as the JSON', async () => {
    expect((await h.fetch('/api/analytics/billing/usage.csv')).status).toBe(401);
  });

  it('exist only for table-shaped reads', async () => {
    const res = await h.fetch('/api/analytics/billing/quota.csv', { key: h.a.keys.read });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
  });
});

describe('an unexpected error', () => {
  it('answers 500 without internals, and is logged with the request id', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const failing = {
      ...h.services,
      realtime: { getOverview: () => Promise.reject(new Error('relation "secret_table" does not exist at db.internal:5432')) },
    } as unknown as typeof h.services;
    const app = await buildServer(failing, { logger: { level: 'error', stream } });
    try {
      for (const url of ['/api/analytics/realtime/overview', '/trpc/realtime.overview']) {
        const res = await app.inject({ url, headers: { authorization: `Bearer ${h.a.keys.read}` } });
        expect(res.statusCode).toBe(500);
        expect(res.body).not.toMatch(/secret_table|db\.internal|at .*\.ts/);
        const requestId = res.headers['x-request-id'];
        expect(lines.some((l) => l.includes(String(requestId)) && l.includes('secret_table'))).toBe(true);
      }
      const plain = await app.inject({ url: '/api/analytics/realtime/overview', headers: { authorization: `Bearer ${h.a.keys.read}` } });
      const headers = new Headers(Object.entries(plain.headers).map(([k, v]) => [k, String(v)]));
      h.answers.push({ kind: 'http', method: 'GET', url: '/api/analytics/realtime/overview', status: plain.statusCode, headers, body: plain.body });
      expect(plain.json()).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    } finally {
      await app.close();
    }
  });
});

describe('the workbench', () => {
  it('is served from the built web, its pages falling back to index.html, other paths 404 as JSON', async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'cs-analytics-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(webDir, 'app.js'), 'export {};');
    const app = await buildServer(h.services, { webDir });
    try {
      for (const url of ['/', '/monitoring', '/dashboard', '/audit', '/billing', '/sign-in']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
      }
      expect((await app.inject({ url: '/app.js' })).headers['content-type']).toMatch(/javascript/);
      const missing = await app.inject({ url: '/nothing-here' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nothing-here' } });
    } finally {
      await app.close();
    }
  });
});

describe('the OpenAPI document', () => {
  // Runs last: every answer above, the CSV exports and the 500 included, as the document declares it.
  it('declares every answer these tests received, status and body', () => expectAnswersDocumented(h));
});
