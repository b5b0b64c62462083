// One contract for the stats read ports of every adapter (memory, PGlite, PostgreSQL): CountersSource and
// SessionQuery give what the domain's own contributions and cohort predicate give over the same events, and
// DailyRollupStore keeps rollups and honours dirty marks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCountersSource } from '../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { MemorySessionQuery } from '../../adapters/memory/sessions/memory-session-query.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import { dayBounds } from '../../domain/local-day.ts';
import type { SessionCriteria, SessionQuery } from '../../domain/sessions/session-query.ts';
import type { CountersSource } from '../../domain/stats/counters-source.ts';
import type { DailyRollupStore } from '../../domain/stats/daily-rollup-store.ts';
import { randomTraffic } from '../support/random-traffic.ts';

export interface StatsPortsFixture {
  readonly events: EventStore;
  readonly counters: CountersSource;
  readonly sessions: SessionQuery;
  readonly rollups: DailyRollupStore;
  /** Marks a day dirty at `at`, as the event write does for a late event. */
  markDirty(tenantId: string, day: string, at: Date): Promise<void>;
  close(): Promise<void>;
}

const NY = 'America/New_York';
// Four days around the spring-forward change of 2026-03-08 in New York.
const traffic = randomTraffic({ tenantId: 'tr', from: new Date('2026-03-06T05:00:00Z'), spanMs: 4 * 86_400_000, sessions: 400, seed: 7 });

export function statsPortsContract(name: string, make: () => Promise<StatsPortsFixture>): void {
  describe(`stats ports contract: ${name}`, () => {
    let fx: StatsPortsFixture;
    const reference = new MemoryEventStore();
    const refCounters = new MemoryCountersSource(reference);
    const refSessions = new MemorySessionQuery(reference);

    beforeAll(async () => {
      fx = await make();
      for (const batch of traffic) {
        await fx.events.append(batch);
        await reference.append(batch);
      }
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('CountersSource: whole local days, across the DST change, as the contributions count them', async () => {
      for (const day of ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']) {
        const { start, end } = dayBounds(day, NY);
        const got = await fx.counters.countersBetween('tr', NY, start, end);
        expect(got).toEqual(await refCounters.countersBetween('tr', NY, start, end));
      }
      const got = await fx.counters.countersBetween('tr', NY, new Date('2026-03-06T00:00:00Z'), new Date('2026-03-12T00:00:00Z'));
      expect(Object.keys(got).sort()).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
      expect(got).toEqual(await refCounters.countersBetween('tr', NY, new Date('2026-03-06T00:00:00Z'), new Date('2026-03-12T00:00:00Z')));
    });

    it('CountersSource: a partial window and another zone', async () => {
      const from = new Date('2026-03-08T09:17:00Z');
      const to = new Date('2026-03-08T18:42:30Z');
      expect(await fx.counters.countersBetween('tr', 'Asia/Kolkata', from, to)).toEqual(
        await refCounters.countersBetween('tr', 'Asia/Kolkata', from, to),
      );
      expect(await fx.counters.countersBetween('other', NY, from, to)).toEqual({});
    });

    it('SessionQuery: every cohort and filter lists what the cohort predicate lists, in the same order', async () => {
      const { start, end } = dayBounds('2026-03-08', NY);
      const day = { from: start, to: end, activeSince: null };
      const cases: SessionCriteria[] = [
        { cohort: 'started', ...day },
        { cohort: 'started', ...day, channel: ['web', 'unknown'] },
        { cohort: 'transferred', ...day },
        { cohort: 'ended', ...day, outcome: ['ai'] },
        { cohort: 'ended', ...day, outcome: ['agent'], agentId: ['a2'] },
        { cohort: 'ended', ...day, outcome: ['abandoned', 'agent'], rated: true },
        { cohort: 'firstAgentReply', ...day },
        { cohort: 'rated', ...day, score: [4, 5] },
        { cohort: 'started', ...day, transferred: false, rated: false },
        { cohort: 'active', from: null, to: null, activeSince: new Date('2026-03-09T23:00:00Z') },
        { cohort: 'queued', from: null, to: null, activeSince: null },
      ];
      for (const c of cases) {
        const page = { offset: 3, limit: 20 };
        const got = await fx.sessions.list('tr', c, page);
        const want = await refSessions.list('tr', c, page);
        expect({ c, total: got.total, ids: got.items.map((s) => s.sessionId) }).toEqual({
          c,
          total: want.total,
          ids: want.items.map((s) => s.sessionId),
        });
        expect(got.items).toEqual(want.items);
      }
    });

    it('SessionQuery.get: the facts of one session, null for an unknown one', async () => {
      expect(await fx.sessions.get('tr', 'r1')).toEqual(await refSessions.get('tr', 'r1'));
      expect(await fx.sessions.get('tr', 'nope')).toBeNull();
      expect(await fx.sessions.get('other', 'r1')).toBeNull();
    });

    it('DailyRollupStore: keeps a day, hides it while dirty, and clears marks set before the computation only', async () => {
      expect(await fx.rollups.get('ru', ['2026-03-01'])).toEqual({});
      const t0 = new Date(Date.now() - 60_000);
      await fx.rollups.put('ru', '2026-03-01', { sessions: 3, 'sessions|web': 3 }, t0);
      await fx.rollups.put('ru', '2026-03-02', { sessions: 1 }, t0);
      expect(await fx.rollups.get('ru', ['2026-03-01', '2026-03-02', '2026-03-03'])).toEqual({
        '2026-03-01': { sessions: 3, 'sessions|web': 3 },
        '2026-03-02': { sessions: 1 },
      });
      await fx.markDirty('ru', '2026-03-01', new Date(Date.now() - 30_000));
      expect(await fx.rollups.dirtyDays('ru')).toEqual(['2026-03-01']);
      expect(await fx.rollups.get('ru', ['2026-03-01', '2026-03-02'])).toEqual({ '2026-03-02': { sessions: 1 } });
      await fx.rollups.put('ru', '2026-03-01', { sessions: 4 }, t0); // computed from before the mark: stays dirty
      expect(await fx.rollups.dirtyDays('ru')).toEqual(['2026-03-01']);
      await fx.rollups.put('ru', '2026-03-01', { sessions: 4 }, new Date());
      expect(await fx.rollups.dirtyDays('ru')).toEqual([]);
      expect(await fx.rollups.get('ru', ['2026-03-01'])).toEqual({ '2026-03-01': { sessions: 4 } });
      expect(await fx.rollups.get('other', ['2026-03-01'])).toEqual({});
    });

    it('DailyRollupStore: keeps running totals of a day, replaced by the next put, hidden while dirty', async () => {
      const t0 = new Date(Date.now() - 60_000);
      await fx.rollups.put('rh', '2026-03-01', { sessions: 3 }, t0, [{ sessions: 1 }, { sessions: 2 }]);
      expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 1)).toEqual({ sessions: 1 });
      expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 2)).toEqual({ sessions: 2 });
      expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 3)).toBeNull();
      await fx.rollups.put('rh', '2026-03-01', { sessions: 4 }, t0, [{ sessions: 2 }]);
      expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 1)).toEqual({ sessions: 2 });
      expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 2)).toBeNull();
      expect(await fx.rollups.get('rh', ['2026-03-01'])).toEqual({ '2026-03-01': { sessions: 4 } });
      await fx.markDirty('rh', '2026-03-01', new Date());
      expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 1)).toBeNull();
      expect(await fx.rollups.getRunningTotal('other', '2026-03-01', 1)).toBeNull();
    });
  });
}
