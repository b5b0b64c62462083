// PostgresEventStore: the EventStore and SessionStore ports on PostgreSQL or PGlite. One statement per batch;
// a data error is isolated to its row by splitting the batch, a transient one is handed to the tracker to retry.
import { sql, type Kysely } from 'kysely';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import type { AppendResult, EventStore, TimeRange } from '../../../domain/events/event-store.ts';
import type { EventName } from '../../../domain/events/catalog.ts';
import type { RealtimeReplaySource } from '../../../domain/jobs/realtime-resync.ts';
import { findNulChar } from '../../../domain/events/nul-free.ts';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionStore } from '../../../domain/sessions/session-store.ts';
import { EventPartitions, utcDaysOf } from './partitions.ts';
import { classifyError, isMissingPartition, toStoreError } from '../db/pg-errors.ts';
import { appendEvents } from './append-events.ts';
import type { Database } from '../schema.ts';
import { sessionRowToFacts } from '../sessions/session-row.ts';
import type { EventRow } from './tables.ts';

type Rejected = { id: string; error: string };

export class PostgresEventStore implements EventStore, SessionStore, RealtimeReplaySource {
  readonly #db: Kysely<Database>;
  /** The day partitions of analytics_events (also used by the cleanup job to create ahead and drop). */
  readonly partitions: EventPartitions;

  constructor(deps: { db: Kysely<Database>; partitions?: EventPartitions }) {
    this.#db = deps.db;
    this.partitions = deps.partitions ?? new EventPartitions(deps.db);
  }

  /**
   * Stores a batch in one statement (`INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING`, chained with the
   * session upsert and the dirty-day marks). Throws TransientStoreError when PostgreSQL cannot take it now.
   */
  async append(events: readonly AnalyticsEvent[]): Promise<AppendResult> {
    const rejected: Rejected[] = [];
    const seen = new Set<string>();
    const batch: AnalyticsEvent[] = [];
    const json: string[] = [];
    for (const e of events) {
      const key = `${e.tenantId}\u0000${e.id.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const data = JSON.stringify(e.data);
      // JSON writes U+0000 as \u0000: one look at the serialized data, a walk only to name the field.
      const nul = data.includes('\\u0000') || envelopeHasNul(e) ? findNulChar(e) : null;
      if (nul) {
        rejected.push({ id: e.id, error: `${nul}: unsupported U+0000 character` });
      } else {
        batch.push(e);
        json.push(data);
      }
    }
    if (batch.length === 0) return { stored: [], rejected };
    try {
      await this.partitions.ensure(utcDaysOf(batch));
    } catch (err) {
      throw toStoreError(err, 'creating event partitions');
    }
    const stored = await this.#write(batch, json, rejected);
    return { stored, rejected };
  }

  /** Writes a batch; on a data error, writes its halves apart until the bad rows stand alone and are rejected. */
  async #write(batch: AnalyticsEvent[], json: string[], rejected: Rejected[], partitionRetried = false): Promise<string[]> {
    try {
      return (await appendEvents(this.#db, batch, json)).map((i) => batch[i]!.id);
    } catch (err) {
      if (isMissingPartition(err) && !partitionRetried) {
        // A partition vanished under the cache (dropped by retention elsewhere, or a fresh database): create again.
        this.partitions.forget();
        await this.partitions.ensure(utcDaysOf(batch)).catch((e: unknown) => {
          throw toStoreError(e, 'creating event partitions');
        });
        return this.#write(batch, json, rejected, true);
      }
      if (classifyError(err) !== 'data') throw toStoreError(err, 'writing events');
      if (batch.length === 1) {
        rejected.push({ id: batch[0]!.id, error: (err as Error).message });
        return [];
      }
      const half = Math.ceil(batch.length / 2);
      const left = await this.#write(batch.slice(0, half), json.slice(0, half), rejected, partitionRetried);
      const right = await this.#write(batch.slice(half), json.slice(half), rejected, partitionRetried);
      return [...left, ...right];
    }
  }

  async sessionEvents(tenantId: string, sessionId: string): Promise<AnalyticsEvent[]> {
    const rows = await this.#db
      .selectFrom('analytics_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map(eventRowToEvent);
  }

  async count(tenantId: string, range?: TimeRange): Promise<number> {
    let q = this.#db
      .selectFrom('analytics_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId);
    if (range) q = q.where('occurred_at', '>=', range.from).where('occurred_at', '<', range.to);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async getSessions(tenantId: string, sessionIds: readonly string[]): Promise<SessionFacts[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('analytics_sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', (eb) => eb.fn.any(eb.val([...sessionIds])))
      .execute();
    return rows.map(sessionRowToFacts);
  }

  async replayEvents(tenantId: string, since: Date, agentsSince: Date): Promise<AnalyticsEvent[]> {
    const { rows } = await sql<EventRow>`
      SELECT e.* FROM analytics_events e
      WHERE e.tenant_id = ${tenantId}
        AND e.session_id IN (
          -- today's sessions, found from today's events by the (tenant, time) key
          SELECT session_id FROM analytics_events WHERE tenant_id = ${tenantId} AND occurred_at >= ${since} AND session_id IS NOT NULL)
      UNION ALL
      SELECT e.* FROM analytics_events e
      WHERE e.tenant_id = ${tenantId} AND e.session_id IS NULL AND e.agent_id IS NOT NULL AND e.occurred_at >= ${agentsSince}
      ORDER BY occurred_at, id`.execute(this.#db);
    return rows.map(eventRowToEvent);
  }

  /**
   * Tenants with an event at or after `since`, found by hopping the (tenant, time) key from one tenant to the next
   * instead of reading every recent row.
   */
  async activeTenants(since: Date): Promise<string[]> {
    const { rows } = await sql<{ tenant_id: string | null }>`
      WITH RECURSIVE t(tenant_id) AS (
        (SELECT tenant_id FROM analytics_events WHERE occurred_at >= ${since} ORDER BY tenant_id LIMIT 1)
        UNION ALL
        SELECT (SELECT e.tenant_id FROM analytics_events e
                WHERE e.occurred_at >= ${since} AND e.tenant_id > t.tenant_id ORDER BY e.tenant_id LIMIT 1)
        FROM t WHERE t.tenant_id IS NOT NULL
      )
      SELECT tenant_id FROM t WHERE tenant_id IS NOT NULL`.execute(this.#db);
    return rows.map((r) => r.tenant_id!);
  }
}

const nul = (v: string | null) => v?.includes('\u0000') === true;

function envelopeHasNul(e: AnalyticsEvent): boolean {
  return nul(e.tenantId) || nul(e.id) || nul(e.sessionId) || nul(e.agentId) || nul(e.channel) || nul(e.product);
}

/** analytics_events row -> AnalyticsEvent. */
export function eventRowToEvent(r: EventRow): AnalyticsEvent {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name as EventName,
    occurredAt: r.occurred_at,
    sessionId: r.session_id,
    agentId: r.agent_id,
    channel: r.channel,
    product: r.product,
    data: r.data,
  };
}
