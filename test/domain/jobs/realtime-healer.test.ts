// RealtimeHealer: a failed projection never fails its caller and is healed by a resync, an emptied store is rebuilt
// on the next check, and projections that meet a resync are neither lost nor counted twice.
import { describe, expect, it } from 'vitest';
import { MemoryRealtimeStore } from '../../../adapters/memory/realtime/memory-realtime-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { TransientStoreError } from '../../../domain/errors.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { RealtimeHealer, type RealtimeMarker } from '../../../domain/jobs/realtime-healer.ts';
import { RealtimeResync } from '../../../domain/jobs/realtime-resync.ts';
import type { Logger } from '../../../domain/logger.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import type { RealtimeChange, RealtimeStore } from '../../../domain/realtime/realtime-store.ts';
import type { Tenant } from '../../../domain/tenants/tenant.ts';
import { anEvent } from '../../support/builders.ts';

const NOW = '2026-03-10T15:00:00Z';
const TODAY = '2026-03-10';
const at = (iso: string) => new Date(iso);

/** Three sessions of today and an agent, one event per minute from 09:00. */
function traffic(tenantId = 't1'): AnalyticsEvent[] {
  let minute = 0;
  const e = (name: Parameters<typeof anEvent>[0], over: Partial<AnalyticsEvent>) =>
    anEvent(name, { tenantId, occurredAt: at(`2026-03-10T09:${String(minute++).padStart(2, '0')}:00Z`), ...over });
  return [
    e('agent.login', { agentId: 'a1', sessionId: null }),
    ...['s1', 's2', 's3'].flatMap((s, i) => [
      e('session.start', { sessionId: s, channel: i === 0 ? 'web' : 'app' }),
      e('message.user', { sessionId: s }),
      e('message.ai', { sessionId: s, data: { responseTimeMs: 900 } }),
    ]),
    e('session.transfer', { sessionId: 's2' }),
    e('session.end', { sessionId: 's1', data: { reason: 'resolved' } }),
  ];
}

/** The setting: stored events (the replay source), a live store that can be taken down, a marker, a healer. */
function setting() {
  const clock = new FixedClock(NOW);
  const stored: AnalyticsEvent[] = [];
  let gate: Promise<void> | undefined;
  const replay = {
    async replayEvents(tenantId: string, since: Date, agentsSince: Date) {
      await gate;
      const sessions = new Set(stored.filter((e) => e.tenantId === tenantId && e.sessionId && e.occurredAt >= since).map((e) => e.sessionId));
      return stored
        .filter(
          (e) =>
            e.tenantId === tenantId && (sessions.has(e.sessionId) || (e.sessionId === null && e.agentId !== null && e.occurredAt >= agentsSince)),
        )
        .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    },
  };
  const memory = new MemoryRealtimeStore();
  const state = { down: false, commits: 0 };
  const fail = () => {
    throw new TransientStoreError('redis: Command timed out');
  };
  const live: RealtimeStore = {
    loadSessions: (t, ids) => (state.down ? fail() : memory.loadSessions(t, ids)),
    loadAgents: (t, ids) => (state.down ? fail() : memory.loadAgents(t, ids)),
    commit: (t, change: RealtimeChange) => {
      if (state.down) fail();
      state.commits++;
      return memory.commit(t, change);
    },
    read: (...a) => memory.read(...a),
    replace: (t, s) => (state.down ? fail() : memory.replace(t, s)),
    ping: async () => (state.down ? fail() : undefined),
  };
  let primed = false;
  const marker: RealtimeMarker = {
    isPrimed: async () => (state.down ? fail() : primed),
    markPrimed: async () => {
      primed = true;
    },
  };
  const warnings: string[] = [];
  const logger: Logger = { info() {}, warn: (m) => void warnings.push(m), error() {} };
  const zoneOf = async () => 'UTC';
  const projector = new RealtimeProjector({ store: live, zoneOf });
  const tenants = { list: async () => [{ tenantId: 't1' } as Tenant] };
  const activity = { activeTenants: async () => ['t1'] };
  const healer = new RealtimeHealer({ tenants, activity, replay, realtime: live, clock, zoneOf, projector, marker, logger });

  /** What a resync into a fresh store makes of the stored events: the figures the live store must equal. */
  const recomputed = async () => {
    const fresh = new MemoryRealtimeStore();
    await new RealtimeResync({ replay, realtime: fresh, clock, zoneOf }).run('t1');
    return fresh.read('t1', TODAY, at('2026-03-10T08:00:00Z'));
  };
  const view = () => memory.read('t1', TODAY, at('2026-03-10T08:00:00Z'));
  /** Stores events (as ingest does) and projects them through the healer (as the sink queue does). */
  const ingest = async (events: AnalyticsEvent[]) => {
    stored.push(...events);
    await healer.sink.apply(events);
  };
  const hold = () => {
    let release!: () => void;
    gate = new Promise<void>((r) => {
      release = r;
    });
    return () => {
      gate = undefined;
      release();
    };
  };
  return { healer, state, ingest, view, recomputed, warnings, hold, setPrimed: (v: boolean) => (primed = v), isPrimed: () => primed };
}

describe('RealtimeHealer', () => {
  it('marks the store stale when a projection fails, without failing the caller or retrying, and rebuilds it on the next check', async () => {
    const s = setting();
    const [first, second] = [traffic().slice(0, 6), traffic().slice(6)];
    await s.healer.run(new Date(NOW));
    await s.ingest(first);
    s.state.down = true;
    await expect(s.ingest(second)).resolves.toBeUndefined();
    expect(s.healer.stale).toBe(true);
    expect(s.warnings).toEqual(['realtime projection failed; a resync rebuilds it']);

    await s.healer.check(); // still down: nothing to rebuild into yet
    expect(s.healer.stale).toBe(true);
    s.state.down = false;
    await s.healer.check();

    expect(s.healer.stale).toBe(false);
    expect(await s.view()).toEqual(await s.recomputed());
  });

  it('rebuilds a store found empty (its marker gone) on the next check, and leaves a primed one alone', async () => {
    const s = setting();
    await s.healer.check();
    expect(s.isPrimed()).toBe(true);
    await s.ingest(traffic());
    const commits = s.state.commits;
    await s.healer.check();
    expect(s.state.commits).toBe(commits);

    // Redis restarted empty: the state and the marker are gone together.
    s.setPrimed(false);
    await s.healer.check();
    expect(await s.view()).toEqual(await s.recomputed());
    expect(s.isPrimed()).toBe(true);
  });

  it('holds projections during a resync and skips the events it replayed, so none is lost or counted twice', async () => {
    const s = setting();
    const events = traffic();
    const [before, during] = [events.slice(0, 5), events.slice(5)];
    await s.ingest(before);
    const release = s.hold();
    const resync = s.healer.run(new Date(NOW));
    // Stored before the replay reads them, projected while it runs (the sink's queue lagging behind the store).
    const lagging = s.ingest(during);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.healer.stale).toBe(true);
    release();
    await Promise.all([resync, lagging]);
    // And an event stored after the resync is projected as usual.
    await s.ingest([anEvent('message.user', { tenantId: 't1', sessionId: 's3', occurredAt: at('2026-03-10T10:00:00Z') })]);

    expect(await s.view()).toEqual(await s.recomputed());
  });

  it('runs one resync at a time: a run asked for while one is under way joins it', async () => {
    const s = setting();
    await s.ingest(traffic());
    const release = s.hold();
    const [a, b] = [s.healer.run(new Date(NOW)), s.healer.run(new Date(NOW))];
    expect(a).toBe(b);
    release();
    expect(await a).toMatchObject({ tenants: 1 });
  });
});
