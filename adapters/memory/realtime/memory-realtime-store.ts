// In-process RealtimeStore: the embedded default when REDIS_URL is absent, and the reference for the Redis one.
import type { LocalDay } from '../../../domain/local-day.ts';
import type { AgentState } from '../../../domain/realtime/agent-state.ts';
import type { RealtimeChange, RealtimeReadOptions, RealtimeState, RealtimeStore, RealtimeView } from '../../../domain/realtime/realtime-store.ts';
import { isQueued, type SessionFacts } from '../../../domain/sessions/session-facts.ts';
import { addCounters, copyCounters, keepHistogramBuckets, type DayCounters } from '../../../domain/stats/counters.ts';

interface TenantState {
  sessions: Map<string, SessionFacts>;
  counters: DayCounters;
  agents: Map<string, AgentState>;
  newest: number;
  commits: number;
}

/** Like the Redis store's key expiry: sessions quiet for two days and day counters older than three go. */
const SESSION_TTL_MS = 2 * 86_400_000;
const DAY_TTL_DAYS = 3;
const PRUNE_EVERY = 500;

export class MemoryRealtimeStore implements RealtimeStore {
  readonly #tenants = new Map<string, TenantState>();

  async loadSessions(tenantId: string, ids: readonly string[]): Promise<Map<string, SessionFacts>> {
    const t = this.#tenant(tenantId);
    return new Map(ids.flatMap((id) => (t.sessions.has(id) ? [[id, t.sessions.get(id)!] as const] : [])));
  }

  async loadAgents(tenantId: string, ids: readonly string[]): Promise<Map<string, AgentState>> {
    const t = this.#tenant(tenantId);
    return new Map(ids.flatMap((id) => (t.agents.has(id) ? [[id, t.agents.get(id)!] as const] : [])));
  }

  async commit(tenantId: string, change: RealtimeChange): Promise<void> {
    const t = this.#tenant(tenantId);
    for (const s of change.sessions) t.sessions.set(s.sessionId, s);
    for (const a of change.agents) t.agents.set(a.agentId, a);
    for (const [day, c] of Object.entries(change.counters)) t.counters[day] = addCounters(t.counters[day] ?? {}, c);
    for (const s of change.sessions) t.newest = Math.max(t.newest, s.lastEventAt.getTime());
    if (++t.commits % PRUNE_EVERY === 0) prune(t);
  }

  async read(tenantId: string, day: LocalDay, activeSince: Date, options: RealtimeReadOptions = {}): Promise<RealtimeView> {
    const t = this.#tenant(tenantId);
    const sessions = [...t.sessions.values()];
    const counters = t.counters[day] ?? {};
    return {
      counters: options.histograms ? keepHistogramBuckets(counters, options.histograms) : copyCounters(counters),
      live: sessions.filter((s) => s.endedAt === null && s.lastEventAt >= activeSince),
      queued: sessions.filter(isQueued),
      agents: [...t.agents.values()],
    };
  }

  async replace(tenantId: string, state: RealtimeState): Promise<void> {
    this.#tenants.set(tenantId, {
      sessions: new Map(state.sessions.map((s) => [s.sessionId, s])),
      counters: Object.fromEntries(Object.entries(state.counters).map(([day, c]) => [day, copyCounters(c)])),
      agents: new Map(state.agents.map((a) => [a.agentId, a])),
      newest: Math.max(0, ...state.sessions.map((s) => s.lastEventAt.getTime())),
      commits: 0,
    });
  }

  async ping(): Promise<void> {}

  /** Forgets everything (tests: what a flushed Redis looks like). */
  clear(): void {
    this.#tenants.clear();
  }

  #tenant(id: string): TenantState {
    let t = this.#tenants.get(id);
    if (!t) this.#tenants.set(id, (t = { sessions: new Map(), counters: {}, agents: new Map(), newest: 0, commits: 0 }));
    return t;
  }
}

function prune(t: TenantState): void {
  for (const [id, s] of t.sessions) if (t.newest - s.lastEventAt.getTime() > SESSION_TTL_MS) t.sessions.delete(id);
  const days = Object.keys(t.counters).sort();
  for (const day of days.slice(0, Math.max(0, days.length - DAY_TTL_DAYS))) delete t.counters[day];
}
