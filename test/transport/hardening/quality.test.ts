// Issue 19, quality audit, over real HTTP on PostgreSQL and Redis: a session ingested after it ended (its events
// 25+ minutes old) is auto-audited by the next run, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityRecordsPage } from '../../../domain/quality/models.ts';
import { needServer } from '../../support/databases.ts';
import { startHarness, type Harness } from '../harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe.skipIf(!up)('quality audit (issue 19)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
  }, 60_000);
  afterAll(() => h?.close());

  const ingest = async (key: string, events: unknown[]) => {
    const res = await h.fetch('/api/analytics/ingest/track', { key, json: { events } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: events.length, rejected: [] });
  };
  /** A whole bot session that ended `endedMinutesAgo` minutes ago, sent only now. */
  const lateSession = (sessionId: string, endedMinutesAgo: number) => [
    { name: 'session.start', sessionId, channel: 'web', occurredAt: minutesAgo(endedMinutesAgo + 5) },
    { name: 'message.user', sessionId, occurredAt: minutesAgo(endedMinutesAgo + 4) },
    { name: 'message.ai', sessionId, occurredAt: minutesAgo(endedMinutesAgo + 3), data: { responseTimeMs: 900 } },
    { name: 'session.end', sessionId, occurredAt: minutesAgo(endedMinutesAgo), data: { reason: 'resolved' } },
  ];
  const records = async (key: string, query: string): Promise<QualityRecordsPage> => {
    const res = await h.fetch(`/api/analytics/quality/records?${query}`, { key });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as QualityRecordsPage;
  };
  const runAutoAudit = async () => {
    const outcome = await h.services.jobs.run('auto-audit');
    expect(outcome).toMatchObject({ status: 'done' });
    return outcome;
  };

  it('auto-audits a session ingested 25+ minutes after it ended, after the job has run already, exactly once', async () => {
    await runAutoAudit(); // the job has run: its next window starts about now
    await ingest(h.a.keys.ingest, lateSession('late-session-1', 26));

    await runAutoAudit();
    const audited = await records(h.a.keys.read, 'search=late-session-1');
    expect(audited.total).toBe(1);
    expect(audited.items[0]).toMatchObject({ sessionId: 'late-session-1', source: 'auto' });

    await runAutoAudit();
    expect((await records(h.a.keys.read, 'search=late-session-1')).total).toBe(1);
  });
});
