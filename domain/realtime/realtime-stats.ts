// RealtimeStats: the live Monitoring reads (overview, channels, agents) from the RealtimeStore, and the agent status
// change, which is recorded as an `agent.status_change` event through the same store-then-project path as ingest.
import type { Clock, IdSource } from '../clock.ts';
import { countBy } from '../dictionary.ts';
import { invalid } from '../errors.ts';
import type { AgentStatusName } from '../events/catalog.ts';
import type { EventStore } from '../events/event-store.ts';
import { validateEvent } from '../events/envelope.ts';
import { dayBounds, localDay } from '../local-day.ts';
import { parseInput } from '../parse-input.ts';
import { isActive, type SessionFacts } from '../sessions/session-facts.ts';
import { byDimension, field, type Counters, type HistogramName } from '../stats/counters.ts';
import { metricsOf, ratio } from '../stats/metrics.ts';
import type { RealtimeSink } from '../tracker/sink-queue.ts';
import type { AgentState } from './agent-state.ts';
import { SetAgentStatusInputSchema, type AgentStatus, type AgentStatusList, type ChannelStats, type RealtimeOverview } from './models.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { RealtimeStore, RealtimeView } from './realtime-store.ts';

export interface RealtimeStatsPorts {
  readonly realtime: RealtimeStore;
  /** Where a status change is stored, like any ingested event (idempotent by id). */
  readonly events: EventStore;
  /** The RealtimeProjector: a newly stored status change moves the live state before the call returns. */
  readonly projector: RealtimeSink;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly zoneOf: ZoneOf;
  /** "active" (docs/metrics.md): some event within this long (default 30 min). */
  readonly idleTimeoutMs?: number;
}

const QUEUE_LIST = 50;
const statusOrder: Record<AgentStatusName, number> = { online: 0, busy: 1, away: 2, offline: 3 };

/** What one read of the live state knows, with "now" and the tenant's day fixed once. */
interface Snapshot {
  readonly now: Date;
  readonly day: string;
  readonly zone: string;
  readonly view: RealtimeView;
  /** Sessions active now ("active" in docs/metrics.md). */
  readonly active: SessionFacts[];
}

export class RealtimeStats {
  readonly #p: RealtimeStatsPorts;
  readonly #idleMs: number;

  constructor(ports: RealtimeStatsPorts) {
    this.#p = ports;
    this.#idleMs = ports.idleTimeoutMs ?? 30 * 60_000;
  }

  /** The wall screen's cards: live sessions, the handoff queue, today's figures and agents by status. */
  async getOverview(tenantId: string): Promise<RealtimeOverview> {
    const s = await this.#snapshot(tenantId, ['aiResponseMs']);
    const m = metricsOf(s.view.counters);
    const queue = [...s.view.queued].sort((a, b) => waitingSince(a) - waitingSince(b) || (a.sessionId < b.sessionId ? -1 : 1));
    const agents = { online: 0, busy: 0, away: 0, offline: 0 };
    for (const a of s.view.agents) agents[a.status]++;
    return {
      asOf: s.now.toISOString(),
      day: s.day,
      timeZone: s.zone,
      activeSessions: s.active.length,
      queue: {
        length: queue.length,
        oldestWaitMs: queue.length ? Math.max(0, s.now.getTime() - waitingSince(queue[0]!)) : null,
        sessions: queue.slice(0, QUEUE_LIST).map((f) => ({
          sessionId: f.sessionId,
          channel: f.channel,
          agentId: f.agentId,
          waitingSince: new Date(waitingSince(f)).toISOString(),
          waitMs: Math.max(0, s.now.getTime() - waitingSince(f)),
        })),
      },
      today: {
        sessions: m.sessions,
        ended: m.ended,
        aiResolved: m.aiResolved,
        aiResolutionRate: m.aiResolutionRate,
        transferred: m.transferred,
        messages: { ...m.messages, total: m.messages.user + m.messages.ai + m.messages.agent },
        aiResponseMs: m.aiResponseMs,
        satisfaction: m.satisfaction,
      },
      agents,
    };
  }

  /** Per channel: sessions started today, active now, and the share of today's sessions; most sessions first. */
  async getChannels(tenantId: string): Promise<ChannelStats> {
    const s = await this.#snapshot(tenantId, []);
    // Maps, not objects: a channel is outside input and may be named `constructor` or `__proto__`.
    const today = byDimension(s.view.counters, field.sessions);
    const activeBy = countBy(s.active, (f) => f.channel ?? 'unknown');
    const total = s.view.counters[field.sessions] ?? 0;
    const channels = [...new Set([...today.keys(), ...activeBy.keys()])].map((channel) => ({
      channel,
      sessionsToday: today.get(channel) ?? 0,
      activeNow: activeBy.get(channel) ?? 0,
      share: ratio(today.get(channel) ?? 0, total),
    }));
    channels.sort((a, b) => b.sessionsToday - a.sessionsToday || b.activeNow - a.activeNow || a.channel.localeCompare(b.channel));
    return { asOf: s.now.toISOString(), day: s.day, sessionsToday: total, activeNow: s.active.length, channels };
  }

  /** Every agent with a status or with work today: status and since, load, and today's time per status. */
  async getAgents(tenantId: string): Promise<AgentStatusList> {
    const s = await this.#snapshot(tenantId, []);
    return { asOf: s.now.toISOString(), day: s.day, agents: this.#agentRows(s) };
  }

  /**
   * Sets an agent's status: stores an `agent.status_change` event (product `agent_workbench`) and projects it,
   * exactly as if the workbench had sent it, then answers the agent's row as Monitoring now shows it.
   */
  async updateAgentStatus(tenantId: string, agentId: string, status: AgentStatusName): Promise<AgentStatus> {
    const input = parseInput(SetAgentStatusInputSchema, { agentId, status });
    const now = this.#p.clock.now();
    const checked = validateEvent(
      { name: 'agent.status_change', agentId: input.agentId, occurredAt: now, data: { status: input.status } },
      { tenantId, now, retentionDays: 1, newId: () => this.#p.ids.next(), product: 'agent_workbench' },
    );
    if (!checked.ok) throw invalid(checked.field, checked.error);
    const { stored, rejected } = await this.#p.events.append([checked.event]);
    if (rejected.length) throw invalid('agentId', rejected[0]!.error);
    if (stored.length) await this.#p.projector.apply([checked.event]);
    const row = this.#agentRows(await this.#snapshot(tenantId, [])).find((a) => a.agentId === input.agentId);
    return row!;
  }

  /** The live state, with the buckets of only the `histograms` the read shows a percentile of. */
  async #snapshot(tenantId: string, histograms: readonly HistogramName[]): Promise<Snapshot> {
    const now = this.#p.clock.now();
    const zone = await this.#p.zoneOf(tenantId);
    const day = localDay(now, zone);
    const view = await this.#p.realtime.read(tenantId, day, new Date(now.getTime() - this.#idleMs), { histograms });
    const active = view.live.filter((f) => isActive(f, now, this.#idleMs));
    return { now, day, zone, view, active };
  }

  #agentRows(s: Snapshot): AgentStatus[] {
    const c = s.view.counters;
    const dayStart = dayBounds(s.day, s.zone).start.getTime();
    const states = new Map<string, AgentState>(s.view.agents.map((a) => [a.agentId, a]));
    const ids = new Set<string>(states.keys());
    for (const k of Object.keys(c)) if (k.startsWith('agent.')) ids.add(k.slice(k.indexOf('|') + 1));
    const activeBy = countBy(s.active, (f) => f.agentId);

    const rows = [...ids].map((agentId): AgentStatus => {
      const state = states.get(agentId);
      const status = state?.status ?? 'offline';
      const ongoing = state ? Math.max(0, s.now.getTime() - Math.max(state.since.getTime(), dayStart)) : 0;
      const timeIn = (st: AgentStatusName) => get(c, field.agentStatusMs(st, agentId)) + (status === st ? ongoing : 0);
      return {
        agentId,
        name: state?.name ?? null,
        status,
        since: state ? state.since.toISOString() : null,
        inStatusMs: state ? Math.max(0, s.now.getTime() - state.since.getTime()) : null,
        activeSessions: activeBy.get(agentId) ?? 0,
        handledToday: get(c, field.agentHandled(agentId)),
        repliesToday: get(c, field.agentReplies(agentId)),
        meanResponseMs: ratio(get(c, field.agentReplyMsSum(agentId)), get(c, field.agentReplyMsCount(agentId))),
        onlineMs: timeIn('online'),
        busyMs: timeIn('busy'),
        awayMs: timeIn('away'),
      };
    });
    return rows.sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.agentId.localeCompare(b.agentId));
  }
}

const get = (c: Counters, k: string) => c[k] ?? 0;
const waitingSince = (f: SessionFacts) => (f.lastTransferAt ?? f.lastEventAt).getTime();
