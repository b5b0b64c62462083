// stats.trend over a from–to range of local days (PostgreSQL + Redis, over plain HTTP): the figures of a custom range
// equal those counted by hand from the events sent, the change is against the range of equal length just before it,
// a range ending today carries today's live figures, and a bad range is a 400 naming `from` or `to`.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trend } from '../../domain/stats/models.ts';
import { needServer } from '../support/databases.ts';
import { startHarness, type Harness } from './harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const ZONE = 'Europe/Paris'; // tenant-a's zone (harness)
const minute = 60_000;

/** The local day `k` days before today in Paris, and an instant at `hour`:00 local on it. */
const today = () => DateTime.now().setZone(ZONE).startOf('day');
const dayAgo = (k: number) => today().minus({ days: k }).toISODate()!;
const at = (k: number, hour: number) => today().minus({ days: k }).plus({ hours: hour });

let n = 0;
/** An AI-resolved session starting at `start`: start, user message, AI reply of `ms`, end. */
function aiSession(start: DateTime, ms: number) {
  const id = `range-${++n}`;
  const t = (i: number) => new Date(start.toMillis() + i * minute).toISOString();
  return [
    { name: 'session.start', sessionId: id, channel: 'web', occurredAt: t(0) },
    { name: 'message.user', sessionId: id, occurredAt: t(1) },
    { name: 'message.ai', sessionId: id, occurredAt: t(2), data: { responseTimeMs: ms } },
    { name: 'session.end', sessionId: id, occurredAt: t(3), data: { reason: 'resolved' } },
  ];
}
/** A session started at `start` and left open. */
function openSession(start: DateTime) {
  return [{ name: 'session.start', sessionId: `range-${++n}`, channel: 'app', occurredAt: start.toJSDate().toISOString() }];
}

interface ErrorAnswer {
  error: { code: string | number; message: string; issues?: { field: string }[] };
}
const fieldOf = (body: ErrorAnswer) => body.error.issues?.[0]?.field ?? body.error.message.split(':', 1)[0];

describe.skipIf(!up)('stats.trend over a from–to range (PostgreSQL + Redis)', () => {
  let h: Harness;
  const trend = async (query: string): Promise<Trend> => {
    const res = await h.fetch(`/api/analytics/stats/trend?${query}`, { key: h.a.keys.read });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    return JSON.parse(body) as Trend;
  };

  // The range asked for: 5 local days, from 12 to 8 days ago; the range before it: 17 to 13 days ago.
  const from = () => dayAgo(12);
  const to = () => dayAgo(8);

  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
    const events = [
      ...aiSession(at(18, 12), 100), // before the previous range: in neither
      ...aiSession(at(17, 0).plus({ minutes: 5 }), 200), // first minutes of the previous range's first day
      ...openSession(at(13, 23).plus({ minutes: 50 })), // last minutes of the previous range: previous only
      ...aiSession(at(12, 0).plus({ minutes: 1 }), 300), // the range's first local minute
      ...aiSession(at(12, 14), 500),
      ...openSession(at(10, 9)),
      ...aiSession(at(8, 23).plus({ minutes: 40 }), 700), // the range's last hour (ends 23:43 local, same day)
      ...openSession(at(7, 0).plus({ minutes: 2 })), // just after the range: in neither
      ...aiSession(DateTime.now().minus({ seconds: 5 }), 900), // today (live)
    ];
    const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events } });
    expect(await res.json()).toMatchObject({ accepted: events.length, rejected: [] });
  }, 60_000);
  afterAll(() => h?.close());

  it('answers the figures of a custom range, counted by hand from the events sent', async () => {
    const t = await trend(`from=${from()}&to=${to()}`);
    expect(t).toMatchObject({ timeZone: ZONE, from: from(), to: to(), days: 5, previousFrom: dayAgo(17), previousTo: dayAgo(13) });
    expect(t.rows.map((r) => r.day)).toEqual([dayAgo(12), dayAgo(11), dayAgo(10), dayAgo(9), dayAgo(8)]);
    expect(t.rows.map((r) => r.sessions)).toEqual([2, 0, 1, 0, 1]);
    // In the range: 4 sessions started, 3 ended (all AI-resolved), AI replies of 300, 500 and 700 ms.
    expect(t.totals).toMatchObject({ sessions: 4, ended: 3, aiResolved: 3, abandoned: 0, aiResolutionRate: 1 });
    expect(t.totals.messages).toEqual({ user: 3, ai: 3, agent: 0 });
    expect(t.totals.aiResponseMs).toMatchObject({ count: 3, mean: 500, p50: 500 });
    // The 5 days before: 2 sessions started, 1 ended, one AI reply of 200 ms.
    expect(t.previous).toMatchObject({ sessions: 2, ended: 1, aiResolved: 1 });
    expect(t.previous.aiResponseMs).toMatchObject({ count: 1, mean: 200 });
    const fig = (key: string) => t.figures.find((f) => f.key === key);
    expect(fig('sessions')).toMatchObject({ value: 4, previous: 2, change: 1 });
    expect(fig('ended')).toMatchObject({ value: 3, previous: 1, change: 2 });
    expect(fig('aiResponseMs.mean')).toMatchObject({ value: 500, previous: 200, change: 1.5 });
  });

  it('totals equal the sum of the per-day rows', async () => {
    const t = await trend(`from=${dayAgo(20)}&to=${dayAgo(0)}`);
    expect(t.rows).toHaveLength(21);
    const sum = (pick: (r: Trend['rows'][number]) => number) => t.rows.reduce((s, r) => s + pick(r), 0);
    expect(t.totals.sessions).toBe(sum((r) => r.sessions));
    expect(t.totals.ended).toBe(sum((r) => r.ended));
    expect(t.totals.messages.ai).toBe(sum((r) => r.messages.ai));
    expect(t.totals.sessions).toBe(9);
  });

  it('carries today’s live figures in a range that ends today, as the same span given in days does', async () => {
    const custom = await trend(`from=${dayAgo(2)}&to=${dayAgo(0)}`);
    expect(custom.rows.at(-1)).toMatchObject({ day: dayAgo(0), sessions: 1, aiResolved: 1 });
    const byDays = await trend('days=3');
    expect({ ...custom, asOf: null }).toEqual({ ...byDays, asOf: null });
  });

  it('answers a one-day range and a range of 366 days', async () => {
    expect(await trend(`from=${dayAgo(12)}&to=${dayAgo(12)}`)).toMatchObject({ days: 1, previousFrom: dayAgo(13), previousTo: dayAgo(13) });
    const year = await trend(`from=${dayAgo(365)}&to=${dayAgo(0)}`);
    expect(year).toMatchObject({ days: 366, previousFrom: dayAgo(731), previousTo: dayAgo(366) });
    expect(year.totals.sessions).toBe(9);
  });

  it.each([
    ['from after to', () => `from=${dayAgo(3)}&to=${dayAgo(4)}`, 'from'],
    ['367 days', () => `from=${dayAgo(366)}&to=${dayAgo(0)}`, 'to'],
    ['from without to', () => `from=${dayAgo(3)}`, 'to'],
    ['to without from', () => `to=${dayAgo(3)}`, 'from'],
    ['not a day', () => `from=2026-02-30&to=${dayAgo(3)}`, 'from'],
    ['not a day (to)', () => `from=${dayAgo(3)}&to=yesterday`, 'to'],
    ['days beside a range', () => `days=7&from=${dayAgo(3)}&to=${dayAgo(2)}`, 'days'],
  ])('answers 400 naming the field: %s', async (_, query, field) => {
    for (const path of ['stats/trend', 'stats/trend.csv']) {
      const res = await h.fetch(`/api/analytics/${path}?${query()}`, { key: h.a.keys.read });
      const body = (await res.json()) as ErrorAnswer;
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(fieldOf(body), path).toBe(field);
    }
  });

  it('exports the custom range as CSV, one row per day', async () => {
    const res = await h.fetch(`/api/analytics/stats/trend.csv?from=${from()}&to=${to()}`, { key: h.a.keys.read });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(6);
    const day = lines[0]!.split(',').indexOf('day');
    expect(lines.slice(1).map((l) => l.split(',')[day])).toEqual([dayAgo(12), dayAgo(11), dayAgo(10), dayAgo(9), dayAgo(8)]);
  });
});
