// RealtimeResync (job `sync-realtime-stats`): rebuilds a tenant's realtime state from storage by replaying stored
// events through the same RealtimeProjector, so a flushed, restarted or drifted realtime store heals exactly.
import { dictionary } from '../dictionary.ts';
import type { AnalyticsEvent } from '../events/envelope.ts';
import { dayBounds, localDay } from '../local-day.ts';
import type { SessionFacts } from '../sessions/session-facts.ts';
import type { DayCounters } from '../stats/counters.ts';
import type { AgentState } from '../realtime/agent-state.ts';
import { RealtimeProjector } from '../realtime/realtime-projector.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { RealtimeChange, RealtimeStore, RealtimeView } from '../realtime/realtime-store.ts';
import type { Clock } from '../clock.ts';

/** Where the replay reads from. */
export interface RealtimeReplaySource {
  /**
   * Every event of the sessions that have an event at or after `since` (their whole timeline, so facts are whole),
   * and every agent event at or after `agentsSince`; oldest first.
   */
  replayEvents(tenantId: string, since: Date, agentsSince: Date): Promise<AnalyticsEvent[]>;
}

/** How far back agent events are replayed to know each agent's status at midnight. */
const AGENT_LOOKBACK_MS = 7 * 86_400_000;

export class RealtimeResync {
  readonly #p: { replay: RealtimeReplaySource; realtime: RealtimeStore; clock: Clock; zoneOf: ZoneOf };

  constructor(ports: { replay: RealtimeReplaySource; realtime: RealtimeStore; clock: Clock; zoneOf: ZoneOf }) {
    this.#p = ports;
  }

  /** Replaces the tenant's realtime state with today's, recomputed; returns what was replayed. */
  async run(tenantId: string): Promise<{ events: number; sessions: number; agents: number }> {
    const zone = await this.#p.zoneOf(tenantId);
    const now = this.#p.clock.now();
    const today = localDay(now, zone);
    const since = dayBounds(today, zone).start;
    const events = await this.#p.replay.replayEvents(tenantId, since, new Date(since.getTime() - AGENT_LOOKBACK_MS));
    const scratch = new ScratchRealtimeStore();
    await new RealtimeProjector({ store: scratch, zoneOf: () => zone }).apply(events);
    const sessions = [...scratch.sessions.values()].filter((s) => s.lastEventAt >= since);
    const agents = [...scratch.agents.values()];
    const counters: DayCounters = scratch.counters[today] ? { [today]: scratch.counters[today] } : {};
    await this.#p.realtime.replace(tenantId, { counters, sessions, agents });
    return { events: events.length, sessions: sessions.length, agents: agents.length };
  }
}

/** A RealtimeStore that only accumulates what the projector commits (one tenant, one replay). */
class ScratchRealtimeStore implements RealtimeStore {
  readonly sessions = new Map<string, SessionFacts>();
  readonly agents = new Map<string, AgentState>();
  readonly counters: DayCounters = {};

  async loadSessions(_tenantId: string, ids: readonly string[]): Promise<Map<string, SessionFacts>> {
    return new Map(ids.flatMap((id) => (this.sessions.has(id) ? [[id, this.sessions.get(id)!] as const] : [])));
  }
  async loadAgents(_tenantId: string, ids: readonly string[]): Promise<Map<string, AgentState>> {
    return new Map(ids.flatMap((id) => (this.agents.has(id) ? [[id, this.agents.get(id)!] as const] : [])));
  }
  async commit(_tenantId: string, change: RealtimeChange): Promise<void> {
    for (const s of change.sessions) this.sessions.set(s.sessionId, s);
    for (const a of change.agents) this.agents.set(a.agentId, a);
    for (const [day, counters] of Object.entries(change.counters)) {
      const into = (this.counters[day] ??= dictionary());
      for (const [k, v] of Object.entries(counters)) into[k] = (into[k] ?? 0) + v;
    }
  }
  async read(): Promise<RealtimeView> {
    throw new Error('ScratchRealtimeStore is write-only');
  }
  async replace(): Promise<void> {}
  async ping(): Promise<void> {}
}
