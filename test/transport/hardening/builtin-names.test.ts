// Issue 19: agent ids, channels, models, bots and issue codes that are JavaScript's own names (`__proto__`,
// `constructor`, `toString`...) are ordinary names. Ingested over real HTTP, every read of the tenant answers 200 and
// shows them as rows with the right counts, before and after a realtime resync, on PostgreSQL + Redis and on the
// embedded default (PGlite + in-process realtime); the other tenant is unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/access/models.ts';
import { allows } from '../../../domain/access/permissions.ts';
import { eventually } from '../../support/builders.ts';
import { needServer } from '../../support/databases.ts';
import { procedureDefs, startHarness, type Harness, type HarnessOptions } from '../harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;
/** The agent moved by realtime.setAgentStatus (the others stay busy from their status_change event). */
const AWAY = 'hasOwnProperty';
/** Channels are stored in lower case (`toString` is `tostring`); `__proto__` and `constructor` stay what they are. */
const CHANNELS = NAMES.map((n) => n.toLowerCase());
/** The one such name an issue code may be (lower-case letters, digits, _ and .). */
const ISSUE_CODE = 'constructor';

/**
 * Per name: a live session of that id, channel and customer, transferred to the agent of that name, and an ended,
 * rated one the agent handled; tokens on a model and on a bot of that name.
 */
function eventsOf(n: string, base: number) {
  const at = (s: number) => new Date(base + s * 1000).toISOString();
  const live = n;
  const done = `e-${n}`;
  return [
    { name: 'session.start', sessionId: live, channel: n, occurredAt: at(0), data: { customerId: n } },
    { name: 'message.user', sessionId: live, occurredAt: at(1) },
    { name: 'message.ai', sessionId: live, occurredAt: at(2), data: { responseTimeMs: 800, model: n, inputTokens: 10, outputTokens: 5, intent: n } },
    { name: 'session.transfer', sessionId: live, occurredAt: at(3), data: { toAgentId: n } },
    { name: 'agent.login', agentId: n, occurredAt: at(4), data: { name: n } },
    { name: 'agent.status_change', agentId: n, occurredAt: at(5), data: { status: 'busy' } },
    { name: 'message.agent', sessionId: live, agentId: n, occurredAt: at(6), data: { responseTimeMs: 1000 } },
    { name: 'session.start', sessionId: done, channel: n, occurredAt: at(0) },
    { name: 'message.user', sessionId: done, occurredAt: at(1) },
    { name: 'session.transfer', sessionId: done, occurredAt: at(2), data: { toAgentId: n } },
    { name: 'message.agent', sessionId: done, agentId: n, occurredAt: at(3), data: { responseTimeMs: 1000 } },
    { name: 'session.rated', sessionId: done, occurredAt: at(4), data: { score: 4 } },
    { name: 'session.end', sessionId: done, occurredAt: at(5), data: { reason: 'resolved' } },
    { name: 'llm.usage', occurredAt: at(6), data: { usageId: `u-bot-${n}`, botId: n, inputTokens: 100, outputTokens: 50 } },
    { name: 'llm.usage', occurredAt: at(6), data: { usageId: `u-model-${n}`, model: n, inputTokens: 100, outputTokens: 50 } },
  ];
}

/** Every query procedure's plain-JSON path (so a read added later is covered too), and the CSV twins. */
const readPaths = Object.values(procedureDefs).flatMap((p) =>
  p._def.type === 'query' && p._def.meta?.openapi ? [p._def.meta.openapi.path as string] : [],
);
/** The reads a `read` key may make (the others, administration, need the `admin` scope), by declared needs. */
const readKeyActor: Actor = { kind: 'key', tenantId: 't', keyId: 'k', scopes: ['read'] };
const readKeyMay = new Set(
  Object.values(procedureDefs).flatMap((p) => {
    const { needs, openapi } = p._def.meta ?? {};
    return openapi && (!needs || allows(readKeyActor, needs)) ? [openapi.path as string] : [];
  }),
);
const inputs: Record<string, string> = { '/sessions/get': `?sessionId=${encodeURIComponent('__proto__')}` };
const csvPaths = ['/stats/trend.csv', '/billing/usage.csv', '/quality/records.csv', '/sessions/list.csv'];

type Row = Record<string, unknown>;

async function get(h: Harness, key: string, path: string): Promise<{ status: number; body: unknown; text: string }> {
  const res = await h.fetch(`/api/analytics${path}`, { key });
  const text = await res.text();
  const body = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null;
  return { status: res.status, body, text };
}

async function json(h: Harness, key: string, path: string): Promise<Row> {
  const r = await get(h, key, path);
  expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(200);
  return r.body as Row;
}

const byKey = (rows: unknown, key: string) => new Map((rows as Row[]).map((r) => [String(r[key]), r]));

/** The live figures of tenant a: a row per name with the counts ingested. */
async function expectLiveFigures(h: Harness): Promise<void> {
  const key = h.a.keys.read;
  const channels = await json(h, key, '/realtime/channels');
  expect(channels).toMatchObject({ sessionsToday: 10, activeNow: 5 });
  const channelRows = byKey(channels.channels, 'channel');
  expect([...channelRows.keys()].sort()).toEqual([...CHANNELS].sort());
  for (const n of CHANNELS) expect(channelRows.get(n)).toMatchObject({ sessionsToday: 2, activeNow: 1, share: 0.2 });

  const agentRows = byKey((await json(h, key, '/realtime/agents')).agents, 'agentId');
  expect([...agentRows.keys()].sort()).toEqual([...NAMES].sort());
  for (const n of NAMES) {
    expect(agentRows.get(n)).toMatchObject({
      name: n,
      status: n === AWAY ? 'away' : 'busy',
      activeSessions: 1,
      handledToday: 1,
      repliesToday: 2,
      meanResponseMs: 1000,
    });
  }

  const overview = await json(h, key, '/realtime/overview');
  expect(overview).toMatchObject({
    activeSessions: 5,
    today: { sessions: 10, ended: 1 * NAMES.length, transferred: 10 },
    agents: { busy: 4, away: 1 },
  });
}

/** Every read of tenant a answers 200 and counts the names as ordinary ones. */
async function expectEveryRead(h: Harness): Promise<void> {
  const key = h.a.keys.read;
  for (const path of [...readPaths.map((p) => p + (inputs[p] ?? '')), ...csvPaths]) {
    // An admin query answers 403 to a read key (roles-walk.test.ts): it is read with the admin key.
    const r = await get(h, readKeyMay.has(path.split('?')[0]!) || path.endsWith('.csv') ? key : h.a.keys.admin, path);
    expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(200);
  }
  await expectLiveFigures(h);

  expect(await json(h, key, '/stats/today')).toMatchObject({ current: { sessions: 10, ended: 5, transferred: 10 } });
  for (const n of NAMES) {
    const q = encodeURIComponent(n);
    expect(await json(h, key, `/sessions/list?channel=${q}`)).toMatchObject({ total: 2 });
    expect(await json(h, key, `/sessions/list?agentId=${q}`)).toMatchObject({ total: 2 });
    expect(await json(h, key, `/sessions/get?sessionId=${encodeURIComponent(`e-${n}`)}`)).toMatchObject({
      session: { channel: n.toLowerCase(), agentId: n },
    });
    expect(await json(h, key, `/sessions/get?sessionId=${q}`)).toMatchObject({ session: { sessionId: n, customerId: n, agentId: n } });
  }

  const usage = await json(h, key, '/billing/usage');
  const subjects = new Map((usage.models as Row[]).map((r) => [`${r.kind}:${r.name}`, r]));
  for (const n of NAMES) {
    expect(subjects.get(`bot:${n}`)).toMatchObject({ inputTokens: 100, outputTokens: 50 });
    expect(subjects.get(`model:${n}`)).toMatchObject({ inputTokens: 110, outputTokens: 55 });
  }
  const usageCsv = (await get(h, key, '/billing/usage.csv')).text;
  for (const n of NAMES) expect(usageCsv).toContain(`,${n},`);
  const channelCsv = (await get(h, key, `/sessions/list.csv?channel=${encodeURIComponent('__proto__')}`)).text;
  expect(channelCsv.trim().split('\r\n')).toHaveLength(3);

  const quality = await json(h, key, '/quality/summary');
  expect(quality.issuesByCode).toContainEqual({ code: ISSUE_CODE, count: 1 });
  expect(await json(h, key, `/quality/records?search=${ISSUE_CODE}`)).toMatchObject({ total: 1 });
}

function suite(label: string, options: HarnessOptions) {
  describe(label, () => {
    let h: Harness;

    beforeAll(async () => {
      h = await startHarness({}, options);
      const base = Date.now() - 120_000;
      const events = NAMES.flatMap((n) => eventsOf(n, base));
      const ingest = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.all, json: { events } });
      expect(await ingest.json()).toEqual({ accepted: events.length, duplicates: 0, rejected: [] });
      const other = await h.fetch('/api/analytics/ingest/track', {
        key: h.b.keys.all,
        json: {
          events: [
            { name: 'session.start', sessionId: 'b-1', channel: 'web' },
            { name: 'agent.login', agentId: 'b-agent' },
          ],
        },
      });
      expect(other.status).toBe(200);
      for (const subject of [{ model: 'constructor' }, { botId: '__proto__' }]) {
        const res = await h.fetch('/api/analytics/billing/setPrice', {
          key: h.a.keys.admin,
          json: {
            ...subject,
            inputPerMillion: '1',
            outputPerMillion: '2',
            currency: 'USD',
            effectiveFrom: new Date(base - 86_400_000).toISOString(),
          },
        });
        expect(res.status, await res.text()).toBe(200);
      }
      // The sinks (realtime, token usage) and the session facts catch up in the background.
      await eventually(async () => {
        expect(await json(h, h.a.keys.read, '/sessions/list?cohort=ended')).toMatchObject({ total: 5 });
        expect((await json(h, h.a.keys.read, '/billing/usage')).models).toHaveLength(10);
      }, 15_000);
      const audit = await h.fetch('/api/analytics/quality/create', {
        key: h.a.keys.admin,
        json: { sessionId: `e-${ISSUE_CODE}`, score: 70, issues: [{ code: ISSUE_CODE, severity: 'minor' }] },
      });
      expect(audit.status, await audit.text()).toBe(200);
    }, 60_000);

    afterAll(async () => {
      await h?.close();
    });

    it('sets the status of an agent so named and answers its row', async () => {
      const status = await h.fetch('/api/analytics/realtime/setAgentStatus', { key: h.a.keys.all, json: { agentId: AWAY, status: 'away' } });
      expect(status.status, await status.clone().text()).toBe(200);
      expect(await status.json()).toMatchObject({ agentId: AWAY, status: 'away', handledToday: 1, repliesToday: 2 });
      // A supervisor may set a known agent's status only: `constructor` is one, `toLocaleString` is not.
      const cookie = await h.signIn('supervisor');
      const known = await h.fetch('/api/analytics/realtime/setAgentStatus', {
        headers: { cookie },
        json: { agentId: 'constructor', status: 'busy' },
      });
      expect(known.status, await known.clone().text()).toBe(200);
      expect(await known.json()).toMatchObject({ agentId: 'constructor', status: 'busy', activeSessions: 1 });
      const unknown = await h.fetch('/api/analytics/realtime/setAgentStatus', {
        headers: { cookie },
        json: { agentId: 'toLocaleString', status: 'busy' },
      });
      expect(unknown.status).toBe(404);
    });

    it('answers every read with the names as ordinary rows', async () => {
      await expectEveryRead(h);
    }, 60_000);

    it('answers the same after the realtime resync rebuilt the live state', async () => {
      expect(await h.services.jobs.run('sync-realtime-stats')).toMatchObject({ status: 'done' });
      await expectLiveFigures(h);
      await expectEveryRead(h);
    }, 60_000);

    it('leaves the other tenant as it was', async () => {
      const channels = await json(h, h.b.keys.read, '/realtime/channels');
      expect(channels.channels).toEqual([expect.objectContaining({ channel: 'web', sessionsToday: 1, activeNow: 1 })]);
      expect(((await json(h, h.b.keys.read, '/realtime/agents')).agents as Row[]).map((a) => a.agentId)).toEqual(['b-agent']);
      expect(await json(h, h.b.keys.read, '/billing/usage')).toMatchObject({ models: [] });
    });

    it('answers 404 for a procedure or CSV export named like a built-in', async () => {
      for (const n of NAMES) {
        for (const path of [`/trpc/${n}`, `/trpc/realtime.${n}`, `/api/analytics/${n}.csv`, `/api/analytics/realtime/${n}`]) {
          expect((await h.fetch(path, { key: h.a.keys.all })).status, path).toBe(404);
        }
      }
    });
  });
}

describe.skipIf(!up)("JavaScript's own names on PostgreSQL and Redis", () => suite('over real HTTP', { servers: true }));
describe("JavaScript's own names on the embedded default (PGlite, in-process realtime)", () => suite('over real HTTP', {}));
