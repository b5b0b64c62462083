// sessions.get is the whole session, over HTTP on PGlite and on PostgreSQL + Redis: its token usage priced at each
// usage's instant (unpriced shown as such, never free; another currency in its own), its audits found by the EXACT
// session id among 150 sessions of similar ids; and agent first response counted from the first transfer, alike in
// sessions.get, the Dashboard's today (live, realtime) and a past day's trend (PostgreSQL's counters).
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needServer } from '../support/databases.ts';
import { startHarness, type Harness } from './harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const ZONE = 'Europe/Paris'; // tenant-a's zone (harness)
const minute = 60_000;

/** 150 session ids that contain one another: s1, s10, s100, s1000 … s1146. */
const SIMILAR = ['s1', 's10', 's100', ...Array.from({ length: 147 }, (_, i) => `s${1000 + i}`)];

const backings = [
  { name: 'PGlite', servers: false, skip: false },
  { name: 'PostgreSQL + Redis', servers: true, skip: !up },
];

for (const backing of backings) {
  describe.skipIf(backing.skip)(`sessions.get is the whole session (${backing.name})`, () => {
    let h: Harness;
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * minute).toISOString();
    const get = async (sessionId: string) => {
      const res = await h.fetch(`/api/analytics/sessions/get?sessionId=${encodeURIComponent(sessionId)}`, { key: h.a.keys.read });
      const body = await res.text();
      expect(res.status, body).toBe(200);
      return JSON.parse(body);
    };
    const track = async (events: unknown[]) => {
      const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events } });
      expect(await res.json()).toMatchObject({ accepted: events.length, rejected: [] });
    };
    const setPrice = async (price: Record<string, unknown>) => {
      const res = await h.fetch('/api/analytics/billing/setPrice', { key: h.a.keys.admin, json: price });
      expect(res.status, await res.text()).toBe(200);
    };

    beforeAll(async () => {
      h = await startHarness({}, backing.servers ? { servers: true } : {});
      // gpt-x: 1 / 2 USD per million until 60 minutes ago, then 10 / 20; bot-cny: 5 / 5 CNY; gpt-free has no price.
      await setPrice({ model: 'gpt-x', inputPerMillion: '1', outputPerMillion: '2', currency: 'USD', effectiveFrom: ago(24 * 60) });
      await setPrice({ model: 'gpt-x', inputPerMillion: '10', outputPerMillion: '20', currency: 'USD', effectiveFrom: ago(60) });
      await setPrice({ botId: 'bot-cny', inputPerMillion: '5', outputPerMillion: '5', currency: 'CNY', effectiveFrom: ago(24 * 60) });
      const events: Record<string, unknown>[] = SIMILAR.flatMap((id) => [
        { name: 'session.start', sessionId: id, channel: 'web', occurredAt: ago(100) },
        { name: 'message.user', sessionId: id, occurredAt: ago(99) },
        { name: 'llm.usage', sessionId: id, occurredAt: ago(98), data: { usageId: `u-${id}`, model: 'gpt-x', inputTokens: 7, outputTokens: 3 } },
        // s1 ended first: listed by latest end, its audits come after all the others'
        { name: 'session.end', sessionId: id, occurredAt: ago(id === 's1' ? 25 : 20), data: { reason: 'resolved' } },
      ]);
      // s1's own usage besides u-s1 (98 min ago: 7 in, 3 out at 1 / 2 USD).
      events.push(
        { name: 'llm.usage', sessionId: 's1', occurredAt: ago(90), data: { usageId: 'a-old', model: 'gpt-x', inputTokens: 1000, outputTokens: 500 } },
        { name: 'llm.usage', sessionId: 's1', occurredAt: ago(30), data: { usageId: 'b-new', model: 'gpt-x', inputTokens: 1000, outputTokens: 500 } },
        {
          name: 'llm.usage',
          sessionId: 's1',
          occurredAt: ago(29),
          data: { usageId: 'c-free', model: 'gpt-free', inputTokens: 300, outputTokens: 100 },
        },
        {
          name: 'llm.usage',
          sessionId: 's1',
          occurredAt: ago(28),
          data: { usageId: 'd-cny', botId: 'bot-cny', inputTokens: 2000, outputTokens: 2000 },
        },
      );
      await track(events);
      await h.services.sinks.drain();
      // s1's two audits, then 120 on s1000 … s1119 (a search for "s1" capped at 100 finds only those).
      for (const score of [40, 90]) {
        const res = await h.fetch('/api/analytics/quality/create', { key: h.a.keys.admin, json: { sessionId: 's1', score } });
        expect(res.status, await res.text()).toBe(200);
      }
      for (const id of SIMILAR.slice(3, 123)) await h.services.quality.createAudit('tenant-a', id, 70);
    }, 120_000);
    afterAll(() => h?.close());

    it("answers s1's usage, each priced at its instant, and its cost unknown because one usage has no price", async () => {
      const { usage } = await get('s1');
      expect(usage.items).toEqual([
        {
          usageId: 'u-s1',
          occurredAt: ago(98),
          source: 'llm.usage',
          kind: 'model',
          name: 'gpt-x',
          model: 'gpt-x',
          inputTokens: 7,
          outputTokens: 3,
          price: { currency: 'USD', inputPerMillion: '1.000000', outputPerMillion: '2.000000', effectiveFrom: ago(24 * 60) },
          cost: '0.000013',
        },
        {
          usageId: 'a-old',
          occurredAt: ago(90),
          source: 'llm.usage',
          kind: 'model',
          name: 'gpt-x',
          model: 'gpt-x',
          inputTokens: 1000,
          outputTokens: 500,
          price: { currency: 'USD', inputPerMillion: '1.000000', outputPerMillion: '2.000000', effectiveFrom: ago(24 * 60) },
          cost: '0.002000',
        },
        {
          usageId: 'b-new',
          occurredAt: ago(30),
          source: 'llm.usage',
          kind: 'model',
          name: 'gpt-x',
          model: 'gpt-x',
          inputTokens: 1000,
          outputTokens: 500,
          price: { currency: 'USD', inputPerMillion: '10.000000', outputPerMillion: '20.000000', effectiveFrom: ago(60) },
          cost: '0.020000',
        },
        {
          usageId: 'c-free',
          occurredAt: ago(29),
          source: 'llm.usage',
          kind: 'model',
          name: 'gpt-free',
          model: 'gpt-free',
          inputTokens: 300,
          outputTokens: 100,
          price: null,
          cost: null,
        },
        {
          usageId: 'd-cny',
          occurredAt: ago(28),
          source: 'llm.usage',
          kind: 'bot',
          name: 'bot-cny',
          model: null,
          inputTokens: 2000,
          outputTokens: 2000,
          price: { currency: 'CNY', inputPerMillion: '5.000000', outputPerMillion: '5.000000', effectiveFrom: ago(24 * 60) },
          cost: '0.020000',
        },
      ]);
      expect(usage.totals).toEqual({
        inputTokens: 4307,
        outputTokens: 3103,
        totalTokens: 7410,
        unpricedTokens: 400,
        knownCosts: [
          { currency: 'CNY', cost: '0.020000' },
          { currency: 'USD', cost: '0.022013' },
        ],
        cost: null,
        currency: null,
      });
    });

    it("answers a wholly priced session's cost, in its one currency", async () => {
      const { usage } = await get('s10');
      expect(usage.items).toHaveLength(1);
      expect(usage.totals).toEqual({
        inputTokens: 7,
        outputTokens: 3,
        totalTokens: 10,
        unpricedTokens: 0,
        knownCosts: [{ currency: 'USD', cost: '0.000013' }],
        cost: '0.000013',
        currency: 'USD',
      });
    });

    it("answers exactly s1's two audits, not those of s10, s100 or s1000 … s1119", async () => {
      const { audits } = await get('s1');
      expect(audits.map((a: { sessionId: string; score: number }) => [a.sessionId, a.score]).sort()).toEqual([
        ['s1', 40],
        ['s1', 90],
      ]);
      expect((await get('s1000')).audits).toHaveLength(1);
      expect((await get('s10')).audits).toEqual([]);
    });
  });

  describe.skipIf(backing.skip)(`agent first response counts from the first transfer (${backing.name})`, () => {
    let h: Harness;
    // Today: a reply 5 min before the transfer, the first reply after it 90 s later. Three days ago the same, 45 s.
    const today = DateTime.now().minus({ minutes: 12 });
    const past = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 3 }).plus({ hours: 12 });
    const day3 = past.toISODate()!;
    const session = (id: string, t0: DateTime, replyMs: number) => {
      const t = (ms: number) => new Date(t0.toMillis() + ms).toISOString();
      return [
        { name: 'session.start', sessionId: id, channel: 'web', occurredAt: t(0) },
        { name: 'message.agent', sessionId: id, agentId: 'ag1', occurredAt: t(minute), data: { responseTimeMs: 1000 } },
        { name: 'session.transfer', sessionId: id, occurredAt: t(6 * minute), data: { toAgentId: 'ag1' } },
        { name: 'message.agent', sessionId: id, agentId: 'ag1', occurredAt: t(6 * minute + replyMs), data: { responseTimeMs: 2000 } },
        { name: 'message.agent', sessionId: id, agentId: 'ag1', occurredAt: t(6 * minute + replyMs + 1000), data: { responseTimeMs: 500 } },
      ];
    };

    beforeAll(async () => {
      h = await startHarness({}, backing.servers ? { servers: true } : {});
      // Another session, with an agent reply and no transfer at all: no agent first response.
      const untransferred = [
        { name: 'session.start', sessionId: 'fr-none', channel: 'web', occurredAt: today.toISO() },
        { name: 'message.agent', sessionId: 'fr-none', agentId: 'ag1', occurredAt: today.plus({ seconds: 30 }).toISO() },
      ];
      const res = await h.fetch('/api/analytics/ingest/track', {
        key: h.a.keys.ingest,
        json: { events: [...session('fr-today', today, 90_000), ...session('fr-past', past, 45_000), ...untransferred] },
      });
      expect(await res.json()).toMatchObject({ accepted: 12, rejected: [] });
      await h.services.sinks.drain();
    }, 60_000);
    afterAll(() => h?.close());

    const read = async (path: string) => {
      const res = await h.fetch(`/api/analytics/${path}`, { key: h.a.keys.read });
      const body = await res.text();
      expect(res.status, body).toBe(200);
      return JSON.parse(body);
    };

    it('answers the first reply after the transfer in sessions.get, not the one before it', async () => {
      const { session: s } = await read('sessions/get?sessionId=fr-today');
      expect(s.agentFirstResponseMs).toBe(90_000);
      expect(s.firstAgentReplyAt).toBe(today.plus({ minutes: 6, seconds: 90 }).toUTC().toISO());
      expect((await read('sessions/get?sessionId=fr-past')).session.agentFirstResponseMs).toBe(45_000);
      const none = (await read('sessions/get?sessionId=fr-none')).session;
      expect(none.agentFirstResponseMs).toBeNull();
      expect(none.firstAgentReplyAt).toBeNull();
    });

    it("counts it so in today's Dashboard (live) and in a past day's trend", async () => {
      const t = await read('stats/today');
      expect(t.current.agentFirstResponseMs).toMatchObject({ count: 1, mean: 90_000 });
      const trend = await read(`stats/trend?from=${day3}&to=${day3}`);
      expect(trend.totals.agentFirstResponseMs).toMatchObject({ count: 1, mean: 45_000 });
    });

    it('lists the session under the day of its first reply after the transfer', async () => {
      const list = await read(`sessions/list?cohort=firstAgentReply&day=${day3}`);
      expect(list.items.map((i: { sessionId: string }) => i.sessionId)).toEqual(['fr-past']);
    });
  });
}
