// SessionDrillDown input rules: periods in the tenant zone, multi-select filters, and bad input naming its field.
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { MemoryAuditStore } from '../../../adapters/memory/quality/memory-audit-store.ts';
import { MemorySessionQuery } from '../../../adapters/memory/sessions/memory-session-query.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { SessionDrillDown } from '../../../domain/sessions/session-drill-down.ts';
import { anEvent } from '../../support/builders.ts';

function setup(zone = 'America/New_York') {
  const events = new MemoryEventStore();
  const drill = new SessionDrillDown({
    sessions: new MemorySessionQuery(events),
    events,
    usage: { sessionUsages: async () => [] },
    audits: new MemoryAuditStore(),
    clock: new FixedClock('2026-03-10T16:00:00Z'),
    zoneOf: () => zone,
  });
  return { events, drill };
}

describe('SessionDrillDown.list', () => {
  it('resolves a day in the tenant zone', async () => {
    const { events, drill } = setup();
    await events.append([
      anEvent('session.start', { sessionId: 'late-9th', occurredAt: new Date('2026-03-10T03:30:00Z') }), // 23:30 EDT on the 9th
      anEvent('session.start', { sessionId: 'early-10th', occurredAt: new Date('2026-03-10T04:30:00Z') }), // 00:30 EDT
    ]);
    const today = await drill.list('t1');
    expect(today).toMatchObject({ cohort: 'started', from: '2026-03-10T04:00:00.000Z', to: '2026-03-11T04:00:00.000Z', total: 1 });
    expect(today.items.map((s) => s.sessionId)).toEqual(['early-10th']);
    expect((await drill.list('t1', { from: '2026-03-09', to: '2026-03-10' })).total).toBe(2);
  });

  it.each([
    [{ day: '2026-03-10', from: '2026-03-09', to: '2026-03-10' }, 'day'],
    [{ from: '2026-03-09' }, 'to'],
    [{ from: '2026-03-10', to: '2026-03-09' }, 'from'],
    [{ day: '10/03/2026' }, 'day'],
    [{ size: 101 }, 'size'],
    [{ cohort: 'closed' }, 'cohort'],
    [{ outcome: ['bot'] }, 'outcome'],
  ])('rejects %j naming %s', async (input, field) => {
    const { drill } = setup();
    await expect(drill.list('t1', input as never)).rejects.toMatchObject({ code: 'INVALID', field });
  });

  it('reads filters from a query string: single values and text flags', async () => {
    const { events, drill } = setup('UTC');
    await events.append([
      anEvent('session.start', { sessionId: 'a', channel: 'app', occurredAt: new Date('2026-03-10T10:00:00Z') }),
      anEvent('session.rated', { sessionId: 'a', occurredAt: new Date('2026-03-10T10:05:00Z'), data: { score: 4 } }),
      anEvent('session.start', { sessionId: 'b', channel: 'web', occurredAt: new Date('2026-03-10T11:00:00Z') }),
    ]);
    const page = await drill.list('t1', { channel: 'app', rated: 'true', score: '4' } as never);
    expect(page.items.map((s) => s.sessionId)).toEqual(['a']);
  });
});
