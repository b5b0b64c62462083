// In-memory EventStore and SessionStore: for unit tests and the embedded default's tests. Same rules as PostgreSQL.
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import type { AppendResult, EventStore, TimeRange } from '../../../domain/events/event-store.ts';
import { findNulChar } from '../../../domain/events/nul-free.ts';
import { emptyFacts, foldEvent, type SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionStore } from '../../../domain/sessions/session-store.ts';

export class MemoryEventStore implements EventStore, SessionStore {
  readonly #events = new Map<string, Map<string, AnalyticsEvent>>();
  readonly #sessions = new Map<string, Map<string, SessionFacts>>();

  async append(events: readonly AnalyticsEvent[]): Promise<AppendResult> {
    const stored: string[] = [];
    const rejected: { id: string; error: string }[] = [];
    for (const e of events) {
      const nul = findNulChar(e);
      if (nul) {
        rejected.push({ id: e.id, error: `${nul}: unsupported U+0000 character` });
        continue;
      }
      // One event per id whatever its occurredAt; a uuid in capitals is the same id (as PostgreSQL's uuid reads it).
      const tenant = mapOf(this.#events, e.tenantId);
      const key = e.id.toLowerCase();
      if (tenant.has(key)) continue;
      tenant.set(key, e);
      stored.push(e.id);
      if (e.sessionId) {
        const sessions = mapOf(this.#sessions, e.tenantId);
        sessions.set(e.sessionId, foldEvent(sessions.get(e.sessionId) ?? emptyFacts(e.tenantId, e.sessionId, e.occurredAt), e));
      }
    }
    return { stored, rejected };
  }

  async sessionEvents(tenantId: string, sessionId: string): Promise<AnalyticsEvent[]> {
    const all = [...(this.#events.get(tenantId)?.values() ?? [])].filter((e) => e.sessionId === sessionId);
    return all.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id));
  }

  async count(tenantId: string, range?: TimeRange): Promise<number> {
    let n = 0;
    for (const e of this.#events.get(tenantId)?.values() ?? []) {
      if (!range || (e.occurredAt >= range.from && e.occurredAt < range.to)) n++;
    }
    return n;
  }

  async getSessions(tenantId: string, sessionIds: readonly string[]): Promise<SessionFacts[]> {
    const sessions = this.#sessions.get(tenantId);
    return sessionIds.flatMap((id) => sessions?.get(id) ?? []);
  }

  /** Every stored event of a tenant (tests and the resync of the embedded default). */
  allEvents(tenantId: string): AnalyticsEvent[] {
    return [...(this.#events.get(tenantId)?.values() ?? [])];
  }

  allSessions(tenantId: string): SessionFacts[] {
    return [...(this.#sessions.get(tenantId)?.values() ?? [])];
  }
}

function mapOf<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}
