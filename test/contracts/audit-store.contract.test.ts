// The quality stores' contract (AuditStore, EndedSessions) on memory, PGlite and PostgreSQL: same inputs, same answers
// (the memory EndedSessions keeps no store times and lists more, as the port allows).
import { expect } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { MemoryAuditStore } from '../../adapters/memory/quality/memory-audit-store.ts';
import { MemoryEndedSessions } from '../../adapters/memory/quality/memory-ended-sessions.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresAuditStore } from '../../adapters/postgres/quality/postgres-audit-store.ts';
import { PostgresEndedSessions } from '../../adapters/postgres/quality/postgres-ended-sessions.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import type { AuditStore, AuditQuery } from '../../domain/quality/audit-store.ts';
import type { EndedSessions, EndedWindow } from '../../domain/quality/ended-sessions.ts';
import type { QualityAuditRecord } from '../../domain/quality/models.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface AuditStoreFixture {
  readonly audits: AuditStore;
  readonly ended: EndedSessions;
  /** Where ended sessions come from. */
  readonly events: EventStore;
  /** Whether `ended` knows when each end was stored (else it lists every session ending in the window). */
  readonly keepsStoreTimes: boolean;
}

const adapters: PortAdapters<AuditStoreFixture> = {
  memory: () => {
    const events = new MemoryEventStore();
    return { audits: new MemoryAuditStore(), ended: new MemoryEndedSessions(events), events, keepsStoreTimes: false };
  },
  sql: ({ db }) => ({
    audits: new PostgresAuditStore({ db }),
    ended: new PostgresEndedSessions({ db }),
    events: new PostgresEventStore({ db }),
    keepsStoreTimes: true,
  }),
};

const at = (iso: string) => new Date(iso);
let seq = 0;

function anAudit(over: Partial<QualityAuditRecord> = {}): QualityAuditRecord {
  seq++;
  return {
    id: `00000000-0000-7000-8000-${seq.toString(16).padStart(12, '0')}`,
    sessionId: `s${seq}`,
    agentId: null,
    channel: 'web',
    source: 'auto',
    score: 90,
    finalScore: 90,
    issues: [],
    status: 'scored',
    review: null,
    reviews: [],
    sessionEndedAt: '2026-03-10T10:00:00.000Z',
    createdAt: '2026-03-10T10:20:00.000Z',
    ...over,
  };
}

const page = (over: Partial<AuditQuery> = {}): AuditQuery => ({ offset: 0, limit: 100, ...over });
const ids = (r: { items: QualityAuditRecord[] }) => r.items.map((a) => a.sessionId);

await portContract<AuditStoreFixture>('AuditStore', adapters, (it) => {
  it('stores an audit and reads it back as written', async ({ fx }) => {
    const audit = anAudit({
      agentId: 'a1',
      issues: [
        { code: 'queue_wait', severity: 'minor', note: 'waited 90 s' },
        { code: 'outcome', severity: 'critical' },
      ],
    });
    expect(await fx.audits.insert('t1', audit)).toBe(true);
    expect(await fx.audits.get('t1', audit.id)).toEqual(audit);
    expect(await fx.audits.get('t2', audit.id)).toBeNull();
  });

  it('keeps one auto audit per session, however often it is inserted; manual audits may add more', async ({ fx }) => {
    const first = anAudit({ sessionId: 'same' });
    expect(await fx.audits.insert('t1', first)).toBe(true);
    expect(await fx.audits.insert('t1', anAudit({ sessionId: 'same' }))).toBe(false);
    expect(await fx.audits.insert('t1', anAudit({ sessionId: 'same', source: 'manual' }))).toBe(true);
    expect(await fx.audits.insert('t2', anAudit({ sessionId: 'same' }))).toBe(true);
    expect((await fx.audits.find('t1', page())).total).toBe(2);
    expect(await fx.audits.autoAudited('t1', ['same', 'other'])).toEqual(new Set(['same']));
  });

  it('keeps a review with who and when, and moves the final score', async ({ fx }) => {
    const audit = anAudit({ score: 40, finalScore: 40, status: 'awaiting_review' });
    await fx.audits.insert('t1', audit);
    const review = { reviewerId: 'r1', role: 'supervisor' as const, finalScore: 70, note: 'customer was rude', at: '2026-03-11T08:00:00.000Z' };
    const saved = await fx.audits.saveReview('t1', audit.id, review);
    expect(saved).toEqual({ ...audit, finalScore: 70, status: 'reviewed', review, reviews: [review] });
    expect(await fx.audits.get('t1', audit.id)).toEqual(saved);
    expect(await fx.audits.saveReview('t2', audit.id, review)).toBeNull();
  });

  it('keeps every review in the order saved; the latest is the audit review and final score, in get and find', async ({ fx }) => {
    const audit = anAudit({ score: 40, finalScore: 40, status: 'awaiting_review' });
    await fx.audits.insert('t1', audit);
    const byAdmin = { reviewerId: 'ann', role: 'admin' as const, finalScore: 90, note: 'resolved in the end', at: '2026-03-11T08:00:00.000Z' };
    const bySupervisor = { reviewerId: 'sam', role: 'supervisor' as const, finalScore: 60, note: null, at: '2026-03-11T09:00:00.000Z' };
    const byKey = { reviewerId: 'key:k1', role: 'api_key' as const, finalScore: 55, note: 'batch re-score', at: '2026-03-11T10:00:00.000Z' };
    await fx.audits.saveReview('t1', audit.id, byAdmin);
    await fx.audits.saveReview('t1', audit.id, bySupervisor);
    const expected = { ...audit, finalScore: 60, status: 'reviewed', review: bySupervisor, reviews: [byAdmin, bySupervisor] };
    expect(await fx.audits.get('t1', audit.id)).toEqual(expected);
    expect((await fx.audits.find('t1', page())).items).toEqual([expected]);
    expect(await fx.audits.saveReview('t1', audit.id, byKey)).toEqual({
      ...expected,
      finalScore: 55,
      review: byKey,
      reviews: [byAdmin, bySupervisor, byKey],
    });
  });

  it('stores an audit written with reviews, its history as written', async ({ fx }) => {
    const first = { reviewerId: 'ann', role: null, finalScore: 70, note: null, at: '2026-03-11T08:00:00.000Z' };
    const second = { reviewerId: 'sam', role: 'supervisor' as const, finalScore: 75, note: 'ok', at: '2026-03-11T09:00:00.000Z' };
    const audit = anAudit({ score: 50, finalScore: 75, status: 'reviewed', review: second, reviews: [first, second] });
    await fx.audits.insert('t1', audit);
    expect(await fx.audits.get('t1', audit.id)).toEqual(audit);
  });

  it('totals a reviewed audit once, by its latest review', async ({ fx }) => {
    const audit = anAudit({ score: 40, finalScore: 40, status: 'awaiting_review' });
    await fx.audits.insert('t1', audit);
    await fx.audits.saveReview('t1', audit.id, { reviewerId: 'ann', role: 'admin', finalScore: 90, note: null, at: '2026-03-11T08:00:00.000Z' });
    await fx.audits.saveReview('t1', audit.id, { reviewerId: 'sam', role: 'supervisor', finalScore: 60, note: null, at: '2026-03-11T09:00:00.000Z' });
    expect(await fx.audits.totals('t1', undefined, 80)).toMatchObject({ audited: 1, finalScoreSum: 60, passed: 0, reviewed: 1, reviewShiftSum: 20 });
  });

  it('pages newest session end first and counts every match', async ({ fx }) => {
    for (let i = 0; i < 5; i++) await fx.audits.insert('t1', anAudit({ sessionId: `p${i}`, sessionEndedAt: `2026-03-1${i}T10:00:00.000Z` }));
    const second = await fx.audits.find('t1', page({ offset: 2, limit: 2 }));
    expect(ids(second)).toEqual(['p2', 'p1']);
    expect(second.total).toBe(5);
  });

  it('filters by status, source, agents, channels, final score and session end (any of each list)', async ({ fx }) => {
    await fx.audits.insert('t1', anAudit({ sessionId: 'a', agentId: 'ann', channel: 'web', finalScore: 50, score: 50, status: 'awaiting_review' }));
    await fx.audits.insert('t1', anAudit({ sessionId: 'b', agentId: 'bob', channel: 'app', source: 'manual', finalScore: 80, score: 80 }));
    await fx.audits.insert(
      't1',
      anAudit({ sessionId: 'c', agentId: null, channel: 'whatsapp', finalScore: 100, score: 100, sessionEndedAt: '2026-03-12T10:00:00.000Z' }),
    );
    expect(ids(await fx.audits.find('t1', page({ statuses: ['awaiting_review'] })))).toEqual(['a']);
    expect(ids(await fx.audits.find('t1', page({ sessionIds: ['b', 'c', 'zz'] })))).toEqual(['c', 'b']);
    expect(ids(await fx.audits.find('t1', page({ sources: ['manual'] })))).toEqual(['b']);
    expect(ids(await fx.audits.find('t1', page({ agentIds: ['ann', 'bob'] }))).sort()).toEqual(['a', 'b']);
    expect(ids(await fx.audits.find('t1', page({ channels: ['app', 'whatsapp'] })))).toEqual(['c', 'b']);
    expect(ids(await fx.audits.find('t1', page({ scoreMin: 80, scoreMax: 99 })))).toEqual(['b']);
    expect(ids(await fx.audits.find('t1', page({ ended: { from: at('2026-03-11T00:00:00Z'), to: at('2026-03-13T00:00:00Z') } })))).toEqual(['c']);
  });

  it('searches session and agent ids (contains, any case) and issue codes (exact), taking wildcards literally', async ({ fx }) => {
    await fx.audits.insert('t1', anAudit({ sessionId: 'Chat-123', agentId: 'alice' }));
    await fx.audits.insert('t1', anAudit({ sessionId: 'chat_9', agentId: 'ALEX', issues: [{ code: 'queue_wait', severity: 'major' }] }));
    await fx.audits.insert('t1', anAudit({ sessionId: 'x%y', agentId: null }));
    expect(ids(await fx.audits.find('t1', page({ search: 'chat-1' })))).toEqual(['Chat-123']);
    expect(ids(await fx.audits.find('t1', page({ search: 'al' }))).sort()).toEqual(['Chat-123', 'chat_9']);
    expect(ids(await fx.audits.find('t1', page({ search: 'queue_wait' })))).toEqual(['chat_9']);
    expect(ids(await fx.audits.find('t1', page({ search: 'queue' })))).toEqual([]);
    expect(ids(await fx.audits.find('t1', page({ search: '%' })))).toEqual(['x%y']);
    expect(ids(await fx.audits.find('t1', page({ search: '_' })))).toEqual(['chat_9']);
  });

  it('answers every audit of exactly one session, newest first, with its reviews, whatever the number of look-alikes', async ({ fx }) => {
    const first = anAudit({ sessionId: 's1', source: 'manual', createdAt: '2026-03-10T10:21:00.000Z' });
    const second = anAudit({ sessionId: 's1', source: 'manual', createdAt: '2026-03-10T10:22:00.000Z' });
    await fx.audits.insert('t1', first);
    for (let i = 0; i < 120; i++) await fx.audits.insert('t1', anAudit({ sessionId: `s${1000 + i}` }));
    await fx.audits.insert('t1', anAudit({ sessionId: 'S1' }));
    await fx.audits.insert('t2', anAudit({ sessionId: 's1' }));
    await fx.audits.insert('t1', second);
    const review = { reviewerId: 'u1', role: 'supervisor' as const, finalScore: 70, note: null, at: '2026-03-10T11:00:00.000Z' };
    const reviewed = await fx.audits.saveReview('t1', first.id, review);
    expect(await fx.audits.bySession('t1', 's1')).toEqual([second, reviewed]);
    expect(await fx.audits.bySession('t1', 's10')).toEqual([]);
    expect(await fx.audits.bySession('t1', 's1%')).toEqual([]);
  });

  it('totals audits of sessions ended in a range, issues by code most frequent first', async ({ fx }) => {
    const issue = (code: string) => ({ code, severity: 'minor' as const });
    await fx.audits.insert('t1', anAudit({ score: 90, finalScore: 90, issues: [issue('b_code')] }));
    await fx.audits.insert('t1', anAudit({ score: 40, finalScore: 40, status: 'awaiting_review', issues: [issue('a_code'), issue('b_code')] }));
    const reviewed = anAudit({ score: 60, finalScore: 60, source: 'manual', issues: [issue('a_code'), issue('c_code')] });
    await fx.audits.insert('t1', reviewed);
    await fx.audits.saveReview('t1', reviewed.id, { reviewerId: 'r', role: 'admin', finalScore: 85, note: null, at: '2026-03-11T00:00:00.000Z' });
    await fx.audits.insert('t1', anAudit({ sessionEndedAt: '2026-03-20T00:00:00.000Z', issues: [issue('z')] }));
    const t = await fx.audits.totals('t1', { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-11T00:00:00Z') }, 80);
    expect(t).toEqual({
      audited: 3,
      auto: 2,
      manual: 1,
      finalScoreSum: 90 + 40 + 85,
      passed: 2,
      awaitingReview: 1,
      reviewed: 1,
      reviewShiftSum: 25,
      issuesByCode: [
        { code: 'a_code', count: 2 },
        { code: 'b_code', count: 2 },
        { code: 'c_code', count: 1 },
      ],
    });
    expect((await fx.audits.totals('t1', undefined, 80)).audited).toBe(4);
    expect((await fx.audits.totals('t2', undefined, 80)).audited).toBe(0);
  });

  const window = (over: Partial<EndedWindow> = {}): EndedWindow => ({
    storedSince: new Date(Date.now() - 60_000),
    endedFrom: at('2026-03-10T00:00:00Z'),
    endedBefore: at('2026-03-11T00:00:00Z'),
    ...over,
  });
  const sessionIds = (p: { sessions: { sessionId: string }[] }) => p.sessions.map((s) => s.sessionId);
  const pause = () => new Promise((r) => setTimeout(r, 30));

  it('pages sessions whose ends were stored together by session id, in code-point order', async ({ fx }) => {
    const ids = ['b', 'B', 'a', '_', 'c'];
    await fx.events.append(ids.flatMap((sessionId) => [anEvent('session.end', { sessionId, occurredAt: at('2026-03-10T09:00:00Z') })]));
    const first = await fx.ended.endStoredSince('t1', window(), 2);
    const second = await fx.ended.endStoredSince('t1', window(), 10, first.next!);
    expect([...sessionIds(first), ...sessionIds(second)]).toEqual(['B', '_', 'a', 'b', 'c']);
    expect(second.next).toBeNull();
  });

  it('lists the sessions of the window whose end was stored since, however long before they ended, at most the limit', async ({ fx }) => {
    const end = (sessionId: string, iso: string) => [
      anEvent('session.start', { sessionId, occurredAt: at('2026-03-10T08:00:00Z') }),
      anEvent('session.end', { sessionId, occurredAt: at(iso) }),
    ];
    await fx.events.append([
      ...end('early', '2026-03-10T09:00:00Z'),
      ...end('outside', '2026-03-11T09:00:00Z'),
      anEvent('session.start', { sessionId: 'open', occurredAt: at('2026-03-10T08:00:00Z') }),
    ]);
    await fx.events.append(end('late', '2026-03-10T12:00:00Z'));
    // Stored minutes ago, ended days before: listed all the same.
    expect(sessionIds(await fx.ended.endStoredSince('t1', window(), 10))).toEqual(['early', 'late']);
    const first = await fx.ended.endStoredSince('t1', window(), 1);
    expect(sessionIds(first)).toEqual(['early']);
    expect(sessionIds(await fx.ended.endStoredSince('t1', window(), 10, first.next!))).toEqual(['late']);
    expect((await fx.ended.endStoredSince('t2', window(), 10)).sessions).toEqual([]);
  });

  it('leaves out ends stored before the window (when it keeps store times); a later end is stored again, a message is not', async ({ fx }) => {
    await fx.events.append([anEvent('session.end', { sessionId: 's', occurredAt: at('2026-03-10T09:00:00Z') })]);
    await pause();
    const afterFirst = new Date();
    await pause();
    await fx.events.append([anEvent('message.user', { sessionId: 's', occurredAt: at('2026-03-10T09:01:00Z') })]);
    expect(sessionIds(await fx.ended.endStoredSince('t1', window({ storedSince: afterFirst }), 10))).toEqual(fx.keepsStoreTimes ? [] : ['s']);
    await fx.events.append([anEvent('session.end', { sessionId: 's', occurredAt: at('2026-03-10T09:02:00Z') })]);
    expect(sessionIds(await fx.ended.endStoredSince('t1', window({ storedSince: afterFirst }), 10))).toEqual(['s']);
  });
});
