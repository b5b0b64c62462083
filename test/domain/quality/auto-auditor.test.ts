// Golden auto audits, written by hand: a bot-resolved, a transferred-slow, an abandoned and a badly rated session,
// scored on the default scorecard (outcome ×3 critical, satisfaction ×2 critical, AI speed ×2, queue wait ×2,
// agent first response ×1, look-ups ×1), each deduction explained as an issue; each session audited once.
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAuditStore } from '../../../adapters/memory/memory-audit-store.ts';
import { MemoryEndedSessions } from '../../../adapters/memory/memory-ended-sessions.ts';
import { MemoryEventStore } from '../../../adapters/memory/memory-event-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { AutoAuditor } from '../../../domain/quality/auto-auditor.ts';
import { anEvent, sequentialIds } from '../../support/builders.ts';

const t = (hhmmss: string) => new Date(`2026-03-10T${hhmmss}Z`);
const ev = (name: AnalyticsEvent['name'], sessionId: string, hhmmss: string, data: Record<string, unknown> = {}, over: Partial<AnalyticsEvent> = {}) =>
  anEvent(name, { sessionId, occurredAt: t(hhmmss), ...(Object.keys(data).length ? { data } : {}), ...over });

/** Four sessions of 2026-03-10, all ended by 10:30 UTC. */
export const scriptedSessions: AnalyticsEvent[] = [
  // bot-resolved: fast answers, an order found, rated 5.
  ev('session.start', 'bot-ok', '10:00:00', {}, { channel: 'web' }),
  ev('message.user', 'bot-ok', '10:00:05'),
  ev('message.ai', 'bot-ok', '10:00:06', { responseTimeMs: 1200 }),
  ev('order.query', 'bot-ok', '10:00:07', { found: true }),
  ev('message.ai', 'bot-ok', '10:00:09', { responseTimeMs: 2000 }),
  ev('session.end', 'bot-ok', '10:01:00', { reason: 'resolved' }),
  ev('session.rated', 'bot-ok', '10:01:30', { score: 5 }),
  // transferred-slow: a slowish AI, a tracking number not found, 4 minutes in the queue, rated 4.
  ev('session.start', 'slow', '10:00:00', {}, { channel: 'app' }),
  ev('message.ai', 'slow', '10:00:10', { responseTimeMs: 4000 }),
  ev('tracking.query', 'slow', '10:00:20', { found: false }),
  ev('session.transfer', 'slow', '10:01:00'),
  ev('message.agent', 'slow', '10:05:00', { responseTimeMs: 90_000 }, { agentId: 'alice' }),
  ev('session.end', 'slow', '10:20:00', { reason: 'resolved' }),
  ev('session.rated', 'slow', '10:21:00', { score: 4 }),
  // abandoned: handed over, nobody answered for 10 minutes.
  ev('session.start', 'gone', '10:00:00', {}, { channel: 'whatsapp' }),
  ev('message.ai', 'gone', '10:00:01', { responseTimeMs: 1000 }),
  ev('session.transfer', 'gone', '10:02:00', { toAgentId: 'bob' }),
  ev('session.end', 'gone', '10:12:00', { reason: 'abandoned' }),
  // badly rated: a fast bot, rated 2.
  ev('session.start', 'rated-2', '10:00:00', {}, { channel: 'web' }),
  ev('message.ai', 'rated-2', '10:00:03', { responseTimeMs: 2500 }),
  ev('message.ai', 'rated-2', '10:00:30', { responseTimeMs: 2500 }),
  ev('session.end', 'rated-2', '10:03:00', { reason: 'resolved' }),
  ev('session.rated', 'rated-2', '10:04:00', { score: 2 }),
];

describe('AutoAuditor', () => {
  let events: MemoryEventStore;
  let audits: MemoryAuditStore;
  let clock: FixedClock;
  let auditor: AutoAuditor;
  beforeEach(async () => {
    events = new MemoryEventStore();
    audits = new MemoryAuditStore();
    clock = new FixedClock('2026-03-10T11:00:00Z');
    auditor = new AutoAuditor({ audits, ended: new MemoryEndedSessions(events), events, clock, ids: sequentialIds() });
    await events.append(scriptedSessions);
  });

  const auditOf = async (sessionId: string) => (await audits.find('t1', { search: sessionId, offset: 0, limit: 10 })).items[0];

  it('scores each ended session once, with the exact score and every deduction as an issue', async () => {
    expect(await auditor.autoAuditEndedSessions('t1', t('00:00:00'))).toEqual({ audited: 4, skipped: 0 });

    expect(await auditOf('bot-ok')).toMatchObject({ source: 'auto', score: 100, finalScore: 100, issues: [], status: 'scored', agentId: null, channel: 'web' });

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
