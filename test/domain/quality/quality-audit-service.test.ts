// QualityAuditService as the quality.* procedures use it: a summary computed by hand over the four golden auto audits,
// one reviewed, plus a manual audit; paged records with search and multi-select filters; create and review rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../domain/clock.ts';
import { AutoAuditor } from '../../../domain/quality/auto-auditor.ts';
import { QualityAuditService, type Reviewer } from '../../../domain/quality/quality-audit-service.ts';
import { anEvent, sequentialIds } from '../../support/builders.ts';
import { qualityStoreKinds, type QualityStores } from './quality-stores.ts';
import { scriptedSessions } from './scripted-sessions.ts';

const supervisor: Reviewer = { id: 'sup-1', role: 'supervisor' };

describe.each(await qualityStoreKinds())('QualityAuditService on %s', (_kind, open) => {
  let stores: QualityStores;
  let quality: QualityAuditService;
  let clock: FixedClock;
  let events: QualityStores['events'];
  let slowAuditId: string;

  beforeEach(async () => {
    stores = await open();
    const { audits } = stores;
    events = stores.events;
    clock = new FixedClock('2026-03-10T11:00:00Z');
    const ids = sequentialIds();
    await events.append(scriptedSessions);
    await new AutoAuditor({ audits, ended: stores.ended, events, clock, ids }).autoAuditEndedSessions('t1', new Date(0));
    quality = new QualityAuditService({ audits, sessions: events, zoneOf: () => 'Asia/Shanghai', clock, ids });
    slowAuditId = (await quality.getRecords('t1', { search: 'slow' })).items[0]!.id;
  });
  afterEach(async () => {
    await stores?.close();
  });

  it('keeps a review with who, in which role and when, and the auto score beside it', async () => {
    clock.set('2026-03-10T12:00:00Z');
    const reviewed = await quality.reviewAudit('t1', slowAuditId, supervisor, 85, 'the customer asked for a callback');
    const review = {
      reviewerId: 'sup-1',
      role: 'supervisor',
      finalScore: 85,
      note: 'the customer asked for a callback',
      at: '2026-03-10T12:00:00.000Z',
    };
    expect(reviewed).toMatchObject({ score: 64, finalScore: 85, status: 'reviewed', review, reviews: [review] });
  });

  it('keeps an earlier review in the history when another reviewer re-scores; the summary counts the latest only', async () => {
    clock.set('2026-03-10T12:00:00Z');
    await quality.reviewAudit('t1', slowAuditId, { id: 'adm-1', role: 'admin' }, 95, 'fine by me');
    clock.set('2026-03-10T13:00:00Z');
    await quality.reviewAudit('t1', slowAuditId, supervisor, 70);
    const [audit] = (await quality.getRecords('t1', { search: 'slow' })).items;
    expect(audit).toMatchObject({
      score: 64,
      finalScore: 70,
      review: { reviewerId: 'sup-1', role: 'supervisor', finalScore: 70, note: null, at: '2026-03-10T13:00:00.000Z' },
      reviews: [
        { reviewerId: 'adm-1', role: 'admin', finalScore: 95, note: 'fine by me', at: '2026-03-10T12:00:00.000Z' },
        { reviewerId: 'sup-1', role: 'supervisor', finalScore: 70, note: null, at: '2026-03-10T13:00:00.000Z' },
      ],
    });
    // One reviewed audit, moved from 64 to 70 (the admin's 95 no longer counts).
    expect(await quality.getSummary('t1')).toMatchObject({ reviewed: 1, meanReviewShift: 6, passed: 1 });
  });

  it('summarizes audits: mean final score, pass rate at 80, issues by code, awaiting review, review shift', async () => {
    await quality.reviewAudit('t1', slowAuditId, supervisor, 85);
    await quality.createAudit('t1', 'bot-ok', 90, [{ code: 'tone', severity: 'minor', note: 'curt' }]);
    // Final scores: bot-ok 100 (auto) and 90 (manual), slow 85 (reviewed from 64), gone 0, rated-2 0.
    expect(await quality.getSummary('t1')).toEqual({
      audited: 5,
      bySource: { auto: 4, manual: 1 },
      meanScore: 55, // 275 / 5
      passThreshold: 80,
      passed: 3,
      passRate: 0.6,
      issuesByCode: [
        { code: 'queue_wait', count: 2 },
        { code: 'satisfaction', count: 2 },
        { code: 'agent_first_response', count: 1 },
        { code: 'ai_response_speed', count: 1 },
        { code: 'lookups_failed', count: 1 },
        { code: 'outcome', count: 1 },
        { code: 'tone', count: 1 },
      ],
      awaitingReview: 2, // gone, rated-2
      reviewed: 1,
      meanReviewShift: 21, // |64 − 85|
    });
    // Local days in Shanghai (UTC+8): the sessions ended on 2026-03-10 18:xx local.
    expect((await quality.getSummary('t1', { from: '2026-03-11', to: '2026-03-11' })).audited).toBe(0);
    expect((await quality.getSummary('t1', { from: '2026-03-10', to: '2026-03-10' })).audited).toBe(5);
  });

  it("lists a session's own audits, and no other session's", async () => {
    await quality.createAudit('t1', 'slow', 70);
    expect((await quality.getSessionAudits('t1', 'slow')).map((a) => [a.sessionId, a.source])).toEqual([
      ['slow', 'manual'],
      ['slow', 'auto'],
    ]);
    expect(await quality.getSessionAudits('t1', 'slo')).toEqual([]);
  });

  it('pages records server-side with search and multi-select filters', async () => {
    const sessions = async (input: object) => (await quality.getRecords('t1', input)).items.map((a) => a.sessionId);
    expect(await quality.getRecords('t1', { page: 2, size: 3 })).toMatchObject({ total: 4, page: 2, size: 3 });
    expect(await sessions({})).toEqual(['slow', 'gone', 'rated-2', 'bot-ok']); // newest session end first
    expect(await sessions({ search: 'queue_wait' })).toEqual(['slow', 'gone']);
    expect(await sessions({ search: 'ALI' })).toEqual(['slow']); // agent alice
    expect(await sessions({ status: 'awaiting_review', scoreMax: 0 })).toEqual(['gone', 'rated-2']);
    expect(await sessions({ channel: ['WEB', 'app'] })).toEqual(['slow', 'rated-2', 'bot-ok']);
    expect(await sessions({ agentId: ['bob'], source: ['auto'] })).toEqual(['gone']);
    expect(await sessions({ scoreMin: 50, from: '2026-03-10', to: '2026-03-10' })).toEqual(['slow', 'bot-ok']);
  });

  it('names the field of bad input', async () => {
    await expect(quality.getRecords('t1', { size: 101 })).rejects.toMatchObject({ code: 'INVALID', field: 'size' });
    await expect(quality.getRecords('t1', { scoreMin: 90, scoreMax: 10 })).rejects.toMatchObject({ field: 'scoreMin' });
    await expect(quality.getRecords('t1', { status: ['closed'] })).rejects.toMatchObject({ field: 'status' });
    await expect(quality.createAudit('t1', 'bot-ok', 101)).rejects.toMatchObject({ field: 'score' });
    await expect(quality.createAudit('t1', 'bot-ok', 50, [{ code: 'Bad Code', severity: 'minor' }])).rejects.toMatchObject({
      field: 'issues.0.code',
    });
    await expect(quality.reviewAudit('t1', slowAuditId, supervisor, -1)).rejects.toMatchObject({ field: 'finalScore' });
  });

  it('audits only sessions that exist and have ended; reviews only audits that exist', async () => {
    await events.append([anEvent('session.start', { sessionId: 'open' })]);
    await expect(quality.createAudit('t1', 'open', 50)).rejects.toMatchObject({ code: 'INVALID', field: 'sessionId' });
    await expect(quality.createAudit('t1', 'nope', 50)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(quality.createAudit('t2', 'bot-ok', 50)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(quality.reviewAudit('t2', slowAuditId, supervisor, 50)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
