// The SQL fold of session facts equals foldEvent for any arrival order, batching, replay and tie, on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import { emptyFacts, foldEvent, type SessionFacts } from '../../domain/sessions/session-facts.ts';
import { anEvent } from '../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../support/databases.ts';

/** A small seeded generator, so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds: EventName[] = [
  'session.start',
  'message.user',
  'message.ai',
  'session.transfer',
  'message.agent',
  'session.end',
  'session.rated',
  'order.query',
  'tracking.query',
];

/** Sessions whose events share a handful of instants, so every "last one wins" rule meets ties. */
function scriptedSessions(rnd: () => number, sessions: number, perSession: number): AnalyticsEvent[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const events: AnalyticsEvent[] = [];
  for (let s = 0; s < sessions; s++) {
    for (let i = 0; i < perSession; i++) {
      const name = pick(kinds);
      const occurredAt = new Date(Date.parse('2026-03-10T10:00:00Z') + Math.floor(rnd() * 4) * 60_000);
      const data: Record<string, unknown> =
        name === 'session.start'
          ? rnd() < 0.7
            ? { customerId: pick(['c1', 'c2', 'c3']) }
            : {}
          : name === 'session.transfer'
            ? rnd() < 0.7
              ? { toAgentId: pick(['a1', 'a2', 'a3']) }
              : {}
            : name === 'session.end'
              ? rnd() < 0.8
                ? { reason: pick(['resolved', 'abandoned', 'timeout']) }
                : {}
              : name === 'session.rated'
                ? { score: 1 + Math.floor(rnd() * 5) }
                : name === 'order.query' || name === 'tracking.query'
                  ? { found: rnd() < 0.5 }
                  : name === 'message.ai'
                    ? { responseTimeMs: 10 }
                    : {};
      events.push(
        anEvent(name, {
          sessionId: `s${s}`,
          occurredAt,
          channel: rnd() < 0.4 ? pick(['web', 'app', 'email']) : null,
          agentId: name === 'message.agent' ? pick(['a1', 'a2', 'a3', 'a4']) : null,
          data,
        }),
      );
    }
  }
  return events;
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** What foldEvent gives for events arriving in this order (replays skipped, as every store does). */
function foldArrivals(arrivals: readonly AnalyticsEvent[]): Map<string, SessionFacts> {
  const seen = new Set<string>();
  const facts = new Map<string, SessionFacts>();
  for (const e of arrivals) {
    if (seen.has(e.id) || !e.sessionId) continue;
    seen.add(e.id);
    facts.set(e.sessionId, foldEvent(facts.get(e.sessionId) ?? emptyFacts(e.tenantId, e.sessionId, e.occurredAt), e));
  }
  return facts;
}

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`PostgresEventStore session facts on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    let store: PostgresEventStore;
    beforeEach(async () => {
      fx = await engine.open();
      store = new PostgresEventStore({ db: fx.db });
    });
    afterEach(() => fx?.close());

    it('moves a session only by the new rows of a partly replayed batch', async () => {
      const first = [
        anEvent('session.start', { occurredAt: new Date('2026-03-10T10:00:00Z'), channel: 'web' }),
        anEvent('session.rated', { occurredAt: new Date('2026-03-10T10:05:00Z'), data: { score: 2 } }),
      ];
      const later = [
        anEvent('session.rated', { occurredAt: new Date('2026-03-10T10:05:00Z'), data: { score: 4 } }),
        anEvent('message.user', { occurredAt: new Date('2026-03-10T10:01:00Z') }),
        anEvent('message.agent', { occurredAt: new Date('2026-03-10T10:02:00Z'), agentId: 'a9' }),
      ];
      await store.append(first);
      await store.append([later[0]!, first[1]!, ...later.slice(1), first[0]!]);
      const [facts] = await store.getSessions('t1', ['s1']);
      expect(facts).toEqual(foldArrivals([...first, later[0]!, first[1]!, ...later.slice(1), first[0]!]).get('s1'));
      expect(facts).toMatchObject({ rating: 4, userMessages: 1, agentMessages: 1, agentId: 'a9', channel: 'web' });
    });

    it.each([1, 2, 3])('equals foldEvent over shuffled, replayed batches (seed %i)', async (seed) => {
      const rnd = random(seed);
      const events = scriptedSessions(rnd, 40, 12);
      const arrivals = shuffle([...events, ...events.filter(() => rnd() < 0.2)], rnd);
      let from = 0;
      while (from < arrivals.length) {
        const size = 1 + Math.floor(rnd() * 60);
        await store.append(arrivals.slice(from, from + size));
        from += size;
      }
      const expected = foldArrivals(arrivals);
      const actual = await store.getSessions('t1', [...expected.keys()]);
      expect(new Map(actual.map((f) => [f.sessionId, f]))).toEqual(expected);
    });
  });
}
