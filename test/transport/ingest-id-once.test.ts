// An event id is stored and counted once over HTTP on PostgreSQL + Redis, whatever occurredAt each copy carries or
// leaves out: a plain sender's retry (no occurredAt, seconds later) and a copy with another occurredAt are duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/builders.ts';
import { needServer } from '../support/databases.ts';
import { startHarness, type Harness } from './harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!up)('ingest.track stores an id once over HTTP (PostgreSQL + Redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
  }, 60_000);
  afterAll(() => h?.close());

  const track = async (events: unknown[]) => {
    const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const read = async (path: string) => (await h.fetch(path, { key: h.a.keys.read })).json();

  it('answers duplicates 1 to a retry without occurredAt seconds later and to a copy with another occurredAt, and counts the message once', async () => {
    const id = '0190a1b2-c3d4-7e5f-8a6b-000000000001';
    const message = { id, name: 'message.user', sessionId: 'once-1' };
    expect(await track([{ name: 'session.start', sessionId: 'once-1', channel: 'web' }, message])).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
    });
    await sleep(1500);
    expect(await track([message])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const earlier = new Date(Date.now() - 20_000).toISOString();
    expect(await track([{ ...message, occurredAt: earlier }])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

    const rows = await h.db.selectFrom('analytics_events').select('occurred_at').where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const [session] = await h.db.selectFrom('analytics_sessions').select('user_messages').where('session_id', '=', 'once-1').execute();
    expect(session?.user_messages).toBe(1);

    // A later event of the same request path: once the live figures show it, every copy before it was applied too.
    expect(await track([{ name: 'message.ai', sessionId: 'once-1', data: { responseTimeMs: 700 } }])).toMatchObject({ accepted: 1 });
    await eventually(async () => {
      const overview = await read('/api/analytics/realtime/overview');
      expect(overview.today.messages).toMatchObject({ ai: 1 });
    }, 10_000);
    const overview = await read('/api/analytics/realtime/overview');
    expect(overview.today.messages).toMatchObject({ user: 1, ai: 1 });
    const today = await read('/api/analytics/stats/today');
    expect(today.current.messages).toEqual({ user: 1, ai: 1, agent: 0 });
  }, 30_000);
});
