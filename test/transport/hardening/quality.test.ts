// Issue 19, quality audit, over real HTTP on PostgreSQL and Redis: a session ingested after it ended (its events
// 25+ minutes old) is auto-audited by the next run, exactly once; reviews are kept as a history, the latest shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityAuditRecord, QualityRecordsPage, QualitySummary } from '../../../domain/quality/models.ts';
import { needServer } from '../../support/databases.ts';
import { PASSWORD, startHarness, type Harness } from '../harness.ts';

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
    expect(audited.items[0]).toMatchObject({ sessionId: 'late-session-1', source: 'auto', reviews: [] });

    await runAutoAudit();
    expect((await records(h.a.keys.read, 'search=late-session-1')).total).toBe(1);
  });

  it('keeps an admin review and a later supervisor review as a history, shows the latest, and the summary uses it', async () => {
    const tenant = h.b;
    await ingest(tenant.keys.ingest, lateSession('reviewed-1', 30));
    const created = await h.fetch('/api/analytics/quality/create', { key: tenant.keys.admin, json: { sessionId: 'reviewed-1', score: 40 } });
    expect(created.status, await created.clone().text()).toBe(200);
    const audit = (await created.json()) as QualityAuditRecord;

    const signInAs = async (username: string) => {
      const res = await h.fetch('/api/analytics/auth/signIn', { json: { username, password: PASSWORD } });
      expect(res.status, await res.clone().text()).toBe(200);
      return (res.headers.get('set-cookie') ?? '').split(';', 1)[0]!;
    };
    const review = async (username: string, finalScore: number, note: string) => {
      const cookie = await signInAs(username);
      const res = await h.fetch('/api/analytics/quality/review', {
        json: { auditId: audit.id, finalScore, note },
        headers: { cookie, origin: h.url },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as QualityAuditRecord;
    };
    await review('admin-tenant-b', 90, 'the customer got the refund');
    const latest = await review('supervisor-tenant-b', 60, 'the refund took three messages');

    const history = [
      { reviewerId: 'admin-tenant-b', role: 'admin', finalScore: 90, note: 'the customer got the refund' },
      { reviewerId: 'supervisor-tenant-b', role: 'supervisor', finalScore: 60, note: 'the refund took three messages' },
    ];
    expect(latest).toMatchObject({ finalScore: 60, status: 'reviewed', review: history[1], reviews: history });
    const [row] = (await records(tenant.keys.read, 'search=reviewed-1')).items;
    expect(row).toMatchObject({ id: audit.id, score: 40, finalScore: 60, review: history[1], reviews: history });
    expect(Date.parse(row!.reviews[0]!.at)).toBeLessThanOrEqual(Date.parse(row!.reviews[1]!.at));

    const res = await h.fetch('/api/analytics/quality/summary', { key: tenant.keys.read });
    expect(res.status).toBe(200);
    const summary = (await res.json()) as QualitySummary;
    // One reviewed audit, its final score the supervisor's 60 (not the admin's 90): |40 − 60| = 20.
    expect(summary).toMatchObject({ audited: 1, reviewed: 1, meanScore: 60, passed: 0, meanReviewShift: 20 });
  });
});
