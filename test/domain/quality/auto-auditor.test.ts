// Golden auto audits, written by hand: a bot-resolved, a transferred-slow, an abandoned and a badly rated session,
// scored on the default scorecard (outcome ×3 critical, satisfaction ×2 critical, AI speed ×2, queue wait ×2,
// agent first response ×1, look-ups ×1), each deduction explained as an issue; each session audited once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../domain/clock.ts';
import { AutoAuditor } from '../../../domain/quality/auto-auditor.ts';
import { sequentialIds } from '../../support/builders.ts';
import { qualityStoreKinds, type QualityStores } from './quality-stores.ts';
import { ev, scriptedSessions, t } from './scripted-sessions.ts';

describe.each(await qualityStoreKinds())('AutoAuditor on %s', (_kind, open) => {
  let stores: QualityStores;
  let events: QualityStores['events'];
  let audits: QualityStores['audits'];
  let clock: FixedClock;
  let auditor: AutoAuditor;
  beforeEach(async () => {
    stores = await open();
    ({ events, audits } = stores);
    clock = new FixedClock('2026-03-10T11:00:00Z');
    auditor = new AutoAuditor({ audits, ended: stores.ended, events, clock, ids: sequentialIds() });
    await events.append(scriptedSessions);
  });
  afterEach(async () => {
    await stores?.close();
  });

  const auditOf = async (sessionId: string) => (await audits.find('t1', { search: sessionId, offset: 0, limit: 10 })).items[0];

  it('scores each ended session once, with the exact score and every deduction as an issue', async () => {
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toEqual({ audited: 4, skipped: 0 });

    expect(await auditOf('bot-ok')).toMatchObject({
      source: 'auto',
      score: 100,
      finalScore: 100,
      issues: [],
      status: 'scored',
      agentId: null,
      channel: 'web',
    });

    // (100×3 + 75×2 + 50×2 + 50×2 + 50×1 + 0×1) / 11 = 700 / 11 = 63.6 → 64
    expect(await auditOf('slow')).toMatchObject({
      score: 64,
      status: 'awaiting_review',
      agentId: 'alice',
      channel: 'app',
      sessionEndedAt: '2026-03-10T10:20:00.000Z',
      issues: [
        { code: 'satisfaction', severity: 'minor', note: 'rated 4 of 5' },
        { code: 'ai_response_speed', severity: 'minor', note: 'mean AI response 4 s (target 3 s)' },
        { code: 'queue_wait', severity: 'minor', note: 'waited 240 s in the queue (target 60 s)' },
        { code: 'agent_first_response', severity: 'minor', note: 'first agent reply took 90 s (target 60 s)' },
        { code: 'lookups_failed', severity: 'major', note: '1 of 1 order/tracking look-ups found nothing' },
      ],
    });

    // A failed critical category (outcome) sets the score to 0.
    expect(await auditOf('gone')).toMatchObject({
      score: 0,
      status: 'awaiting_review',
      agentId: 'bob',
      issues: [
        { code: 'outcome', severity: 'critical', note: 'abandoned after the transfer: no agent replied' },
        { code: 'queue_wait', severity: 'major', note: 'left after 600 s in the queue (target 60 s)' },
      ],
    });

    // Satisfaction is critical: 2 of 5 (25 %) fails it, although everything else was perfect.
    expect(await auditOf('rated-2')).toMatchObject({
      score: 0,
      status: 'awaiting_review',
      issues: [{ code: 'satisfaction', severity: 'critical', note: 'rated 2 of 5' }],
    });
  });

  it('never audits a session twice, however often the job runs over overlapping windows', async () => {
    await auditor.autoAuditEndedSessions('t1', t('00:00:00'));
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toEqual({ audited: 0, skipped: 4 });
    const [facts] = await events.getSessions('t1', ['slow']);
    expect(await auditor.auditSession('t1', facts!)).toBeNull();
    expect((await audits.find('t1', { offset: 0, limit: 100 })).total).toBe(4);
  });

  it('leaves a session alone until it has settled, so a rating sent just after the end still counts', async () => {
    clock.set('2026-03-10T10:25:00Z'); // 'slow' ended 5 minutes ago
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toEqual({ audited: 3, skipped: 0 });
    expect(await auditOf('slow')).toBeUndefined();
    clock.set('2026-03-10T10:31:00Z');
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toEqual({ audited: 1, skipped: 3 });
  });

  it('audits a session sent after it ended, however long before the window its end time is, once', async () => {
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toMatchObject({ audited: 4 });
    // The next run's window starts now (in store time); this session ended at 09:30, long before, and arrives now.
    const storedSince = new Date(Date.now() - 1000);
    await events.append([
      ev('session.start', 'sent-late', '09:00:00', {}, { channel: 'web' }),
      ev('message.ai', 'sent-late', '09:00:01', { responseTimeMs: 100 }),
      ev('session.end', 'sent-late', '09:30:00'),
    ]);
    expect(await auditor.autoAuditEndedSessions('t1', storedSince, t('00:00:00'))).toMatchObject({ audited: 1 });
    expect(await auditOf('sent-late')).toMatchObject({ source: 'auto', sessionEndedAt: '2026-03-10T09:30:00.000Z' });
    expect(await auditor.autoAuditEndedSessions('t1', storedSince, t('00:00:00'))).toMatchObject({ audited: 0 });
  });

  it('pages through many sessions, even more than a page ending at the same instant', async () => {
    const many = Array.from({ length: 450 }, (_, i) => [
      ev('session.start', `m${i}`, '09:00:00', {}, { channel: 'web' }),
      ev('message.ai', `m${i}`, '09:00:01', { responseTimeMs: 100 }),
      ev('session.end', `m${i}`, '09:10:00'),
    ]).flat();
    await events.append(many);
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toMatchObject({ audited: 454 });
  });
});
