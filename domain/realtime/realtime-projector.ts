// RealtimeProjector: moves the realtime store for events that were newly stored. Session counters move by the
// difference between a session's contribution before and after, so late, re-rated or reordered events stay right.
import type { AnalyticsEvent } from '../events/envelope.ts';
import { emptyFacts, foldEvent, type SessionFacts } from '../sessions/session-facts.ts';
import { dayBounds } from '../local-day.ts';
import { addEventContribution, addSessionContribution } from '../stats/contributions.ts';
import { bump, field, splitByDay, type DayCounters } from '../stats/counters.ts';
import type { RealtimeSink } from '../tracker/tracker.ts';
import { foldAgentEvent, type AgentState } from './agent-state.ts';
import type { RealtimeStore } from './realtime-store.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';

export class RealtimeProjector implements RealtimeSink {
  readonly #store: RealtimeStore;
  readonly #zoneOf: ZoneOf;

  constructor(deps: { store: RealtimeStore; zoneOf: ZoneOf }) {
    this.#store = deps.store;
    this.#zoneOf = deps.zoneOf;
  }

  async apply(events: readonly AnalyticsEvent[]): Promise<void> {
    const byTenant = new Map<string, AnalyticsEvent[]>();
    for (const e of events) {
      const list = byTenant.get(e.tenantId);
      if (list) list.push(e);
      else byTenant.set(e.tenantId, [e]);
    }
    for (const [tenantId, list] of byTenant) await this.#applyTenant(tenantId, list, await this.#zoneOf(tenantId));
  }

  async #applyTenant(tenantId: string, events: AnalyticsEvent[], zone: string): Promise<void> {
    const sorted = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const sessionIds = unique(sorted.map((e) => e.sessionId));
    const agentIds = unique(sorted.filter((e) => e.name.startsWith('agent.')).map((e) => e.agentId));
    const [before, agentsBefore] = await Promise.all([
      sessionIds.length ? this.#store.loadSessions(tenantId, sessionIds) : new Map<string, SessionFacts>(),
      agentIds.length ? this.#store.loadAgents(tenantId, agentIds) : new Map<string, AgentState>(),
    ]);

    const counters: DayCounters = {};
    const after = new Map<string, SessionFacts>();
    const agents = new Map<string, AgentState>(agentsBefore);
    const changedAgents = new Set<string>();
    for (const e of sorted) {
      addEventContribution(counters, e, zone);
      if (e.sessionId) {
        const current = after.get(e.sessionId) ?? before.get(e.sessionId) ?? emptyFacts(tenantId, e.sessionId, e.occurredAt);
        after.set(e.sessionId, foldEvent(current, e));
      }
      if (e.agentId && e.name.startsWith('agent.')) {
        const folded = foldAgentEvent(agents.get(e.agentId), e);
        if (!folded) continue;
        agents.set(e.agentId, folded.state);
        changedAgents.add(e.agentId);
        if (folded.closed) {
          for (const [day, ms] of splitByDay(folded.closed.from, folded.closed.to, zone, (d) => dayBounds(d, zone).start)) {
            bump(counters, day, field.agentStatusMs(folded.closed.status, e.agentId), ms);
          }
        }
      }
    }
    for (const [id, facts] of after) {
      const old = before.get(id);
      if (old) addSessionContribution(counters, old, zone, -1);
      addSessionContribution(counters, facts, zone, 1);
    }
    await this.#store.commit(tenantId, {
      sessions: [...after.values()],
      counters,
      agents: [...changedAgents].map((id) => agents.get(id)!),
    });
  }
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
