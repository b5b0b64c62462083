// The SessionStore contract on memory, PGlite and PostgreSQL: the facts an event store keeps per session as events
// arrive (in any order, late, replayed), read back by id.
import { describe, expect } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import { agentFirstResponseMs, emptyFacts, foldEvent } from '../../domain/sessions/session-facts.ts';
import type { SessionStore } from '../../domain/sessions/session-store.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface SessionStoreFixture {
  /** Where the events go in: the SessionStore's facts follow its writes. */
  readonly events: EventStore;
  readonly sessions: SessionStore;
}

const at = (iso: string) => new Date(iso);

/** The adapters are event stores that keep session facts as they write. */
const writingFacts = (store: EventStore & SessionStore) => ({ events: store, sessions: store });

const adapters: PortAdapters<SessionStoreFixture> = {
  memory: () => writingFacts(new MemoryEventStore()),
  sql: ({ db }) => writingFacts(new PostgresEventStore({ db })),
};

await portContract<SessionStoreFixture>('SessionStore', adapters, (it) => {
  it('keeps session facts equal to folding the events, whatever order they arrive in', async ({ fx }) => {
    const events: AnalyticsEvent[] = [
      anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z'), channel: 'app', data: { customerId: 'c1' } }),
      anEvent('message.user', { occurredAt: at('2026-03-10T10:00:01Z') }),
      anEvent('message.ai', { occurredAt: at('2026-03-10T10:00:03Z') }),
      anEvent('order.query', { occurredAt: at('2026-03-10T10:00:04Z'), data: { found: false } }),
      anEvent('tracking.query', { occurredAt: at('2026-03-10T10:00:04Z'), data: { found: true } }),
      anEvent('session.transfer', { occurredAt: at('2026-03-10T10:01:00Z'), data: { toAgentId: 'a7' } }),
      anEvent('message.agent', { occurredAt: at('2026-03-10T10:02:30Z'), agentId: 'a2' }),
      anEvent('message.agent', { occurredAt: at('2026-03-10T10:03:00Z'), agentId: 'a3' }),
      anEvent('session.rated', { occurredAt: at('2026-03-10T10:05:00Z'), data: { score: 2 } }),
      anEvent('session.rated', { occurredAt: at('2026-03-10T10:06:00Z'), data: { score: 4 } }),
      anEvent('session.end', { occurredAt: at('2026-03-10T10:04:00Z'), data: { reason: 'resolved' } }),
    ];
    const expected = events.reduce(foldEvent, emptyFacts('t1', 's1', events[0]!.occurredAt));
    // Arrive reversed, in two batches.
    const reversed = [...events].reverse();
    await fx.events.append(reversed.slice(0, 5));
    await fx.events.append(reversed.slice(5));
    const [facts] = await fx.sessions.getSessions('t1', ['s1']);
    expect(facts).toEqual(expected);
    expect(facts).toMatchObject({
      channel: 'app',
      customerId: 'c1',
      agentId: 'a3',
      rating: 4,
      userMessages: 1,
      aiMessages: 1,
      agentMessages: 2,
      orderQueries: 1,
      orderNotFound: 1,
      trackingQueries: 1,
      trackingNotFound: 0,
      endReason: 'resolved',
    });
    expect(facts!.firstAgentReplyAt).toEqual(at('2026-03-10T10:02:30Z'));
  });

  it('keeps the earliest start and event, the latest end and rating, however late they arrive', async ({ fx }) => {
    const user = anEvent('message.user', { occurredAt: at('2026-03-10T10:01:00Z') });
    await fx.events.append([
      anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z'), channel: 'web', data: { customerId: 'c1' } }),
      user,
      anEvent('session.end', { occurredAt: at('2026-03-10T10:05:00Z'), data: { reason: 'resolved' } }),
      anEvent('session.rated', { occurredAt: at('2026-03-10T10:06:00Z'), data: { score: 3 } }),
    ]);
    await fx.events.append([
      anEvent('session.end', { occurredAt: at('2026-03-10T10:03:00Z'), data: { reason: 'timeout' } }), // an earlier end
      anEvent('session.rated', { occurredAt: at('2026-03-10T10:04:00Z'), data: { score: 5 } }), // an earlier rating
      anEvent('message.user', { occurredAt: at('2026-03-10T09:59:00Z') }), // before the start
      user, // replayed
    ]);
    expect(await fx.sessions.getSessions('t1', ['s1'])).toEqual([
      {
        tenantId: 't1',
        sessionId: 's1',
        channel: 'web',
        customerId: 'c1',
        startedAt: at('2026-03-10T10:00:00Z'),
        endedAt: at('2026-03-10T10:05:00Z'),
        endReason: 'resolved',
        firstEventAt: at('2026-03-10T09:59:00Z'),
        lastEventAt: at('2026-03-10T10:06:00Z'),
        firstTransferAt: null,
        lastTransferAt: null,
        firstAgentReplyAt: null,
        lastAgentReplyAt: null,
        agentId: null,
        userMessages: 2,
        aiMessages: 0,
        agentMessages: 0,
        rating: 3,
        ratedAt: at('2026-03-10T10:06:00Z'),
        orderQueries: 0,
        orderNotFound: 0,
        trackingQueries: 0,
        trackingNotFound: 0,
      },
    ]);
  });

  it('takes the channel of the start, else of the first event that brought one', async ({ fx }) => {
    await fx.events.append([anEvent('message.user', { occurredAt: at('2026-03-10T10:01:00Z'), channel: 'app' })]);
    expect(await fx.sessions.getSessions('t1', ['s1'])).toMatchObject([{ channel: 'app', startedAt: null }]);
    await fx.events.append([anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z'), channel: 'web' })]);
    await fx.events.append([anEvent('message.user', { occurredAt: at('2026-03-10T10:02:00Z'), channel: 'email' })]);
    expect(await fx.sessions.getSessions('t1', ['s1'])).toMatchObject([{ channel: 'web', startedAt: at('2026-03-10T10:00:00Z') }]);
  });

  describe('agent first response: the first agent reply at or after the first transfer', () => {
    const start = () => anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z') });
    const replyBefore = () => anEvent('message.agent', { occurredAt: at('2026-03-10T10:01:00Z') }); // no first response
    const transfer = () => anEvent('session.transfer', { occurredAt: at('2026-03-10T10:05:00Z') });
    const replyAfter = () => anEvent('message.agent', { occurredAt: at('2026-03-10T10:06:30Z') });
    const replyLater = () => anEvent('message.agent', { occurredAt: at('2026-03-10T10:07:00Z') });
    const firstResponse = async (fx: SessionStoreFixture) => {
      const [f] = await fx.sessions.getSessions('t1', ['s1']);
      return { at: f!.firstTransferAt ? f!.firstAgentReplyAt : null, ms: agentFirstResponseMs(f!) };
    };
    const ninetySeconds = { at: at('2026-03-10T10:06:30Z'), ms: 90_000 };

    it('skips a reply before the transfer, events in time order, one by one', async ({ fx }) => {
      for (const e of [start(), replyBefore(), transfer(), replyAfter(), replyLater()]) await fx.events.append([e]);
      expect(await firstResponse(fx)).toEqual(ninetySeconds);
    });

    it('skips it in one batch in any order, and across batches in reverse', async ({ fx }) => {
      await fx.events.append([replyAfter(), replyLater(), transfer(), replyBefore(), start()]);
      expect(await firstResponse(fx)).toEqual(ninetySeconds);
      await fx.events.append([anEvent('session.start', { sessionId: 's2', occurredAt: at('2026-03-10T10:00:00Z') })]);
      for (const e of [replyLater(), replyAfter(), transfer(), replyBefore()]) await fx.events.append([{ ...e, sessionId: 's2' }]);
      const [s2] = await fx.sessions.getSessions('t1', ['s2']);
      expect(agentFirstResponseMs(s2!)).toBe(90_000);
    });

    it('finds the first reply when the transfer arrives late, after the replies that followed it', async ({ fx }) => {
      await fx.events.append([start(), replyAfter(), replyLater()]);
      await fx.events.append([transfer()]);
      expect(await firstResponse(fx)).toEqual(ninetySeconds);
    });

    it('has none when every reply came before the transfer, or when there is no transfer', async ({ fx }) => {
      await fx.events.append([start(), replyBefore()]);
      expect(await firstResponse(fx)).toEqual({ at: null, ms: null });
      await fx.events.append([transfer()]);
      expect(await firstResponse(fx)).toEqual({ at: null, ms: null });
    });

    it('skips it when part of a batch was stored before (the replayed rows move nothing)', async ({ fx }) => {
      const s = start();
      await fx.events.append([s]);
      await fx.events.append([s, replyBefore(), transfer(), replyAfter()]);
      expect(await firstResponse(fx)).toEqual(ninetySeconds);
    });
  });

  it('answers the known sessions asked for, of that tenant only', async ({ fx }) => {
    await fx.events.append([
      anEvent('session.start', { sessionId: 's1' }),
      anEvent('session.start', { sessionId: 's2' }),
      anEvent('session.start', { sessionId: 's1', tenantId: 't2', channel: 'app' }),
    ]);
    const found = await fx.sessions.getSessions('t1', ['s2', 'missing', 's1']);
    expect(found.map((f) => `${f.tenantId}/${f.sessionId}/${f.channel}`).sort()).toEqual(['t1/s1/web', 't1/s2/web']);
    expect(await fx.sessions.getSessions('t2', ['s1', 's2'])).toMatchObject([{ tenantId: 't2', sessionId: 's1', channel: 'app' }]);
    expect(await fx.sessions.getSessions('t1', [])).toEqual([]);
    expect(await fx.sessions.getSessions('t3', ['s1'])).toEqual([]);
  });
});
