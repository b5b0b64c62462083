// SessionDrillDown: the sessions behind any count (`sessions.list`) and one whole session (`sessions.get`): its facts,
// timeline, token usage priced at each usage's instant, and its audits.
// A list resolves its period with the same local days and cohort instants the counters use, so its total is the count.
import type { Clock } from '../clock.ts';
import { notFound } from '../errors.ts';
import type { EventStore } from '../events/event-store.ts';
import { dayBounds, localDay } from '../local-day.ts';
import { parseInput } from '../parse-input.ts';
import type { AuditStore } from '../quality/audit-store.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import {
  SessionGetInputSchema,
  SessionListInputSchema,
  type SessionDetail,
  type SessionList,
  type SessionListInput,
  type SessionSummary,
} from './models.ts';
import { agentFirstResponseMs, durationSec, isQueued, outcomeOf, type SessionFacts } from './session-facts.ts';
import type { SessionCriteria, SessionQuery } from './session-query.ts';
import { sessionUsageOf, type SessionUsageSource } from './session-usage.ts';

export interface SessionDrillDownPorts {
  readonly sessions: SessionQuery;
  readonly events: EventStore;
  /** A session's token usage, priced. */
  readonly usage: SessionUsageSource;
  /** A session's audits, by its exact id. */
  readonly audits: Pick<AuditStore, 'bySession'>;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
  /** "active" (docs/metrics.md): some event within this long (default 30 min). */
  readonly idleTimeoutMs?: number;
}

export class SessionDrillDown {
  readonly #p: SessionDrillDownPorts;

  constructor(ports: SessionDrillDownPorts) {
    this.#p = ports;
  }

  /** A page of the sessions a figure counts; `total` is that figure. Bad input throws INVALID naming the field. */
  async list(tenantId: string, input: SessionListInput = {}): Promise<SessionList> {
    const f = parseInput(SessionListInputSchema, input);
    const now = this.#p.clock.now();
    const zone = await this.#p.zoneOf(tenantId);
    const live = f.cohort === 'active' || f.cohort === 'queued';
    const first = f.from ?? f.day ?? localDay(now, zone);
    const last = f.to ?? f.day ?? first;
    const criteria: SessionCriteria = {
      cohort: f.cohort,
      from: live ? null : dayBounds(first, zone).start,
      to: live ? null : dayBounds(last, zone).end,
      activeSince: f.cohort === 'active' ? new Date(now.getTime() - (this.#p.idleTimeoutMs ?? 30 * 60_000)) : null,
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.channel ? { channel: f.channel.map((c) => c.toLowerCase()) } : {}),
      ...(f.agentId ? { agentId: f.agentId } : {}),
      ...(f.transferred !== undefined ? { transferred: f.transferred } : {}),
      ...(f.rated !== undefined ? { rated: f.rated } : {}),
      ...(f.score ? { score: f.score } : {}),
    };
    const { total, items } = await this.#p.sessions.list(tenantId, criteria, { offset: (f.page - 1) * f.size, limit: f.size });
    return {
      cohort: f.cohort,
      from: criteria.from?.toISOString() ?? null,
      to: criteria.to?.toISOString() ?? null,
      total,
      page: f.page,
      size: f.size,
      items: items.map(summaryOf),
    };
  }

  /** One session's facts, its events oldest first, its priced usage and its audits. Unknown ids throw NOT_FOUND. */
  async get(tenantId: string, sessionId: string): Promise<SessionDetail> {
    const input = parseInput(SessionGetInputSchema, { sessionId });
    const facts = await this.#p.sessions.get(tenantId, input.sessionId);
    if (!facts) throw notFound(`session ${input.sessionId}`);
    const [events, usages, audits] = await Promise.all([
      this.#p.events.sessionEvents(tenantId, input.sessionId),
      this.#p.usage.sessionUsages(tenantId, input.sessionId),
      this.#p.audits.bySession(tenantId, input.sessionId),
    ]);
    return {
      session: summaryOf(facts),
      usage: sessionUsageOf(usages),
      audits,
      timeline: events.map((e) => ({
        id: e.id,
        name: e.name,
        occurredAt: e.occurredAt.toISOString(),
        agentId: e.agentId,
        channel: e.channel,
        product: e.product,
        data: { ...e.data },
      })),
    };
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The listed shape of a session's facts. */
export function summaryOf(f: SessionFacts): SessionSummary {
  return {
    sessionId: f.sessionId,
    channel: f.channel,
    customerId: f.customerId,
    agentId: f.agentId,
    startedAt: iso(f.startedAt),
    endedAt: iso(f.endedAt),
    endReason: f.endReason,
    lastEventAt: f.lastEventAt.toISOString(),
    firstTransferAt: iso(f.firstTransferAt),
    // Only from a transfer: before one, the stored value is a reply that is no agent first response.
    firstAgentReplyAt: f.firstTransferAt === null ? null : iso(f.firstAgentReplyAt),
    outcome: outcomeOf(f),
    queued: isQueued(f),
    transferred: f.firstTransferAt !== null,
    messages: { user: f.userMessages, ai: f.aiMessages, agent: f.agentMessages },
    rating: f.rating,
    ratedAt: iso(f.ratedAt),
    agentFirstResponseMs: agentFirstResponseMs(f),
    durationSec: durationSec(f),
    orderQueries: f.orderQueries,
    orderNotFound: f.orderNotFound,
    trackingQueries: f.trackingQueries,
    trackingNotFound: f.trackingNotFound,
  };
}
