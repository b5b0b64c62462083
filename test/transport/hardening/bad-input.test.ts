// Issue 19, deep input, NUL and impossible days, over real HTTP on PostgreSQL and Redis: a body nested 10,000 levels,
// U+0000 in any string input and a day no calendar can hold each answer 400 naming the field, never 500; ingest.track
// rejects a bad event alone and stores the rest; the server stays up after all of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../transport/http/trpc-openapi.ts';
import { needServer } from '../../support/databases.ts';
import { PASSWORD, procedureDefs, startHarness, type Harness } from '../harness.ts';
import { expectAnswersDocumented } from '../openapi-conformance.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const LEVELS = 10_000;
/** `{"a":{"a":...1...}}`, `levels` objects deep. */
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const mutations = Object.entries(procedureDefs)
  .filter(([, p]) => p._def.type === 'mutation')
  .map(([path]) => path);
const jsonType = { 'content-type': 'application/json' };
const plainPath = (procedure: string) => `/api/analytics/${procedure.replaceAll('.', '/')}`;

interface ErrorAnswer {
  error: { code: string | number; message: string; issues?: { field: string }[]; data?: { issues?: { field: string }[] } };
}
/** The field an error answer names: its first issue, else the message's `<field>: ` prefix. */
const fieldOf = (body: ErrorAnswer) => body.error.issues?.[0]?.field ?? body.error.data?.issues?.[0]?.field ?? body.error.message.split(':', 1)[0];

const event = (sessionId: string) => ({ name: 'session.start', sessionId, channel: 'web' });

/** An otherwise valid input of each POST procedure that takes strings (ingest.track judges events one by one, below). */
const validBody: Record<string, Record<string, unknown>> = {
  'auth.signIn': { username: 'admin-tenant-a', password: PASSWORD, tenantId: 'tenant-a' },
  'realtime.setAgentStatus': { agentId: 'agent-1', status: 'online' },
  'quality.create': { sessionId: 'no-such-session', score: 90, issues: [{ code: 'tone', severity: 'minor', note: 'fine' }] },
  'quality.review': { auditId: 'no-such-audit', finalScore: 80, note: 'fine' },
  'billing.recordTokenUsage': { usageId: 'coze:nul', sessionId: 's-nul', model: 'doubao-pro', tokens: { input: 1, output: 1 } },
  'billing.setPlan': { planId: 'no-such-plan' },
  'billing.setPrice': { model: 'doubao-pro', inputPerMillion: '1', outputPerMillion: '2', currency: 'USD' },
};

type Schema = { type?: string; anyOf?: Schema[]; properties?: Record<string, Schema> };
const takesString = (s: Schema): boolean => s.type === 'string' || (s.anyOf ?? []).some(takesString);

/** Every string input of every procedure, read from the OpenAPI document: [procedure, method, field]. */
function stringInputs(): [string, 'GET' | 'POST', string][] {
  const doc = openApiDocument('') as { paths: Record<string, Record<string, any>> };
  const out: [string, 'GET' | 'POST', string][] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (path.endsWith('.csv')) continue;
    const procedure = path.slice(1).replaceAll('/', '.');
    if (procedure === 'ingest.track') continue;
    for (const p of ops.get?.parameters ?? []) if (takesString(p.schema)) out.push([procedure, 'GET', p.name]);
    const body = ops.post?.requestBody?.content['application/json'].schema as Schema | undefined;
    for (const [name, s] of Object.entries(body?.properties ?? {})) if (takesString(s)) out.push([procedure, 'POST', name]);
  }
  return out;
}

/** Every day input: [procedure, field, the field it goes with, if any]. */
const ranged = ['sessions.list', 'billing.usage', 'billing.roi', 'stats.trend', 'stats.satisfaction', 'quality.summary', 'quality.records'];
const dayInputs: [string, string, string | null][] = [
  ['sessions.list', 'day', null],
  ...ranged.flatMap((p): [string, string, string][] => [
    [p, 'from', 'to'],
    [p, 'to', 'from'],
  ]),
];

describe.skipIf(!up)('bad input over HTTP (PostgreSQL + Redis)', () => {
  let h: Harness;
  /** An all-scopes key of a tenant in each zone the impossible days are tried in (UTC, +14, -11, tenant-a's Paris). */
  const zoneKeys: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness({}, { servers: true, record: true });
    for (const [tenantId, timeZone] of [
      ['tenant-utc', 'UTC'],
      ['tenant-kiritimati', 'Pacific/Kiritimati'],
      ['tenant-pago', 'Pacific/Pago_Pago'],
    ] as const) {
      await h.services.tenants.create({ tenantId, timeZone });
      zoneKeys[timeZone] = (await h.services.keys.issue({ tenantId, scopes: ['ingest', 'read', 'admin'] })).key;
    }
    zoneKeys['Europe/Paris'] = h.a.keys.all;
  }, 60_000);
  afterAll(() => h?.close());

  describe('a body nested 10,000 levels', () => {
    it('enumerates every plain-JSON mutation, the admin ones (nested paths) included', () => {
      expect([...mutations].sort()).toEqual(
        [
          'auth.signIn',
          'auth.signOut',
          'ingest.track',
          'realtime.setAgentStatus',
          'quality.create',
          'quality.review',
          'billing.recordTokenUsage',
          'billing.setPlan',
          'billing.setPrice',
          'admin.keys.create',
          'admin.keys.revoke',
          'admin.keys.rotate',
          'admin.users.create',
          'admin.users.disable',
          'admin.users.enable',
          'admin.users.resetPassword',
          'admin.tenants.update',
          'admin.alerts.subscribe',
          'admin.alerts.update',
          'admin.alerts.unsubscribe',
          'admin.alerts.setThresholds',
          'admin.alerts.test',
        ].sort(),
      );
    });

    it.each(mutations.flatMap((p) => [plainPath(p), `/trpc/${p}`]))('answers 400 naming where on POST %s', async (path) => {
      const res = await h.fetch(path, { method: 'POST', key: h.a.keys.all, body: deepObject(LEVELS), headers: jsonType });
      const body = (await res.json()) as ErrorAnswer;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(body)).toBe('a');
      expect(body.error.message).toMatch(/^a: nested deeper than \d+ levels/);
    });

    it('answers 400 for an array nested 10,000 levels as the whole body', async () => {
      const body = `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`;
      const res = await h.fetch(plainPath('quality.review'), { method: 'POST', key: h.a.keys.all, body, headers: jsonType });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorAnswer).error.message).toMatch(/nested deeper than \d+ levels/);
    });

    it.each([
      ['/api/analytics/ingest/track', 'deep-plain'],
      ['/trpc/ingest.track', 'deep-trpc'],
    ])('is one rejected event on %s: 200, the valid events around it stored', async (path, prefix) => {
      const deepEvent = `{"name":"message.user","sessionId":"${prefix}-x","data":${deepObject(LEVELS)}}`;
      const body = `{"events":[${JSON.stringify(event(`${prefix}-1`))},${deepEvent},${JSON.stringify(event(`${prefix}-2`))}]}`;
      const res = await h.fetch(path, { method: 'POST', key: h.a.keys.ingest, body, headers: jsonType });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as any;
      const result = path.startsWith('/trpc') ? answer.result.data : answer;
      expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
      expect(result.rejected).toEqual([{ index: 1, field: 'data', error: expect.stringMatching(/^data: nested deeper than \d+ levels/) }]);
      expect(await h.services.events.sessionEvents('tenant-a', `${prefix}-1`)).toHaveLength(1);
      expect(await h.services.events.sessionEvents('tenant-a', `${prefix}-2`)).toHaveLength(1);
      expect(await h.services.events.sessionEvents('tenant-a', `${prefix}-x`)).toHaveLength(0);
    });

    it('answers 400 for a deep tRPC ?input= (as deep as a URL holds)', async () => {
      const input = `${'['.repeat(2000)}${']'.repeat(2000)}`;
      const res = await h.fetch(`/trpc/sessions.list?input=${encodeURIComponent(input)}`, { key: h.a.keys.read });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorAnswer).error.message).toMatch(/nested deeper than \d+ levels/);
    });

    it('keeps the body limit: a body over it answers 413', async () => {
      const res = await h.fetch(plainPath('quality.review'), { key: h.a.keys.all, json: { note: 'x'.repeat(1024 * 1024 + 1) } });
      expect(res.status).toBe(413);
    });

    it('reads a bracketed query key as a flat name (query strings do not nest)', async () => {
      const res = await h.fetch(`/api/analytics/sessions/list?${'a'}${'[a]'.repeat(2000)}=1`, { key: h.a.keys.read });
      expect(res.status).toBe(200);
    });
  });

  describe('U+0000 in a string input', () => {
    const inputs = stringInputs();

    it('finds the string inputs named in the issue', () => {
      const names = inputs.map(([p, , f]) => `${p}.${f}`);
      for (const name of [
        'quality.records.search',
        'sessions.get.sessionId',
        'realtime.setAgentStatus.agentId',
        'sessions.list.channel',
        'sessions.list.agentId',
        'quality.review.note',
        'billing.recordTokenUsage.usageId',
        'billing.recordTokenUsage.model',
        'billing.recordTokenUsage.botId',
        'billing.setPlan.planId',
        'auth.signIn.username',
      ]) {
        expect(names).toContain(name);
      }
    });

    it.each(inputs)('answers 400 naming the field: %s %s %s', async (procedure, method, field) => {
      const nul = 'a\u0000b';
      const res =
        method === 'GET'
          ? await h.fetch(`${plainPath(procedure)}?${new URLSearchParams({ [field]: nul })}`, { key: h.a.keys.all })
          : await h.fetch(plainPath(procedure), { key: h.a.keys.all, json: { ...validBody[procedure], [field]: nul } });
      const body = (await res.json()) as ErrorAnswer;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(body)).toBe(field);
    });

    it('answers 400 naming a nested field (an audit issue note)', async () => {
      const json = { ...validBody['quality.create'], issues: [{ code: 'tone', severity: 'minor', note: 'a\u0000b' }] };
      const res = await h.fetch(plainPath('quality.create'), { key: h.a.keys.all, json });
      expect(res.status).toBe(400);
      expect(fieldOf((await res.json()) as ErrorAnswer)).toBe('issues.0.note');
    });

    it('answers 400 naming the field over /trpc too (query and mutation)', async () => {
      const get = await h.fetch(`/trpc/sessions.get?input=${encodeURIComponent(JSON.stringify({ sessionId: 'a\u0000b' }))}`, {
        key: h.a.keys.read,
      });
      expect(get.status).toBe(400);
      expect(fieldOf((await get.json()) as ErrorAnswer)).toBe('sessionId');
      const post = await h.fetch('/trpc/auth.signIn', { json: { username: 'admin-tenant-a\u0000', password: PASSWORD } });
      expect(post.status).toBe(400);
      expect(fieldOf((await post.json()) as ErrorAnswer)).toBe('username');
    });

    it('is one rejected event on ingest.track, the others stored', async () => {
      const events = [event('nul-1'), { ...event('nul-x'), channel: 'w\u0000b' }, event('nul-2')];
      const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ accepted: 2, rejected: [{ index: 1, field: 'channel' }] });
    });
  });

  describe('an impossible day', () => {
    it('covers every day input of the OpenAPI document', () => {
      const doc = openApiDocument('') as { paths: Record<string, Record<string, any>> };
      const documented = Object.entries(doc.paths)
        .filter(([path]) => !path.endsWith('.csv'))
        .flatMap(([path, ops]) =>
          (ops.get?.parameters ?? [])
            .filter((p: any) => p.schema?.format === 'date')
            .map((p: any) => `${path.slice(1).replaceAll('/', '.')}.${p.name}`),
        );
      expect(documented.sort()).toEqual(dayInputs.map(([p, f]) => `${p}.${f}`).sort());
    });

    const cases = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Paris'].flatMap((zone) =>
      ['9999-12-31', '0000-01-01', '1969-12-31', '9999-01-01'].flatMap((bad) =>
        dayInputs.flatMap(([procedure, field, partner]) => [
          [zone, procedure, `${field}=${bad}`, field] as const,
          ...(partner ? [[zone, procedure, `${field}=${bad}&${partner}=2026-01-15`, field] as const] : []),
        ]),
      ),
    );

    it.each(cases)('answers 400 naming the field (%s) %s?%s', async (zone, procedure, query, field) => {
      const res = await h.fetch(`${plainPath(procedure)}?${query}`, { key: zoneKeys[zone] });
      const body = (await res.json()) as ErrorAnswer;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(body)).toBe(field);
    });

    const edges = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'].flatMap((zone) =>
      dayInputs.filter(([, , partner]) => partner !== 'from').map(([procedure, field]) => [zone, procedure, field] as const),
    );

    it.each(edges)('answers 200 at both ends of the documented range (%s) %s %s', async (zone, procedure, field) => {
      const partner = field === 'from' ? 'to' : null;
      for (const [first, last] of [
        ['1970-01-01', '1970-01-01'],
        ['9998-12-31', '9998-12-31'],
      ]) {
        const query = partner ? `from=${first}&to=${last}` : `${field}=${first}`;
        const res = await h.fetch(`${plainPath(procedure)}?${query}`, { key: zoneKeys[zone] });
        expect(res.status, `${query}: ${await res.clone().text()}`).toBe(200);
      }
    });
  });

  describe('an impossible instant', () => {
    it.each([
      ['billing.recordTokenUsage', 'occurredAt', '0000-01-01T00:00:00Z'],
      ['billing.recordTokenUsage', 'occurredAt', '1969-12-31T23:59:59+00:00'],
      ['billing.setPrice', 'effectiveFrom', '0000-01-01T00:00:00Z'],
      ['billing.setPrice', 'effectiveFrom', '9999-12-31T23:59:59Z'],
    ])('answers 400 naming the field: %s %s=%s', async (procedure, field, at) => {
      const res = await h.fetch(plainPath(procedure), { key: h.a.keys.all, json: { ...validBody[procedure], [field]: at } });
      const body = (await res.json()) as ErrorAnswer;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(body)).toBe(field);
    });
  });

  it('is still up after all of it: a read answers 200', async () => {
    const res = await h.fetch('/api/analytics/realtime/overview', { key: h.a.keys.read });
    expect(res.status).toBe(200);
  });

  it('answered only what the OpenAPI document declares', () => expectAnswersDocumented(h));
});
