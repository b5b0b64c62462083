// The batch write: the events (one array parameter per column, whatever the batch size), the batch folded into
// its sessions, and the past local days it touched marked, all in ONE statement. Usually every event is new, and
// a plain INSERT takes them (ON CONFLICT's speculative insertion cost about a quarter of PostgreSQL's CPU here);
// a batch holding an event stored before fails that statement whole and goes again by the ON CONFLICT one.
import { sql, type Kysely } from 'kysely';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import type { Database } from '../schema.ts';
import { sqlState } from '../db/pg-errors.ts';
import { eventRows, foldBatch, sessionlessRows, sessionRows } from './batch-rows.ts';
import { foldFreshSessions, markTouchedDays, upsertBatchSessions } from './session-merge.ts';

const UNIQUE_VIOLATION = '23505';

/**
 * Writes `events` (already deduplicated by tenant and id) and returns the indexes (into `events`) of those stored
 * for the first time. Replays and retries insert nothing, so sessions and dirty days move only for new rows.
 * Rows go in key order so concurrent writers cannot deadlock.
 */
export async function appendEvents(db: Kysely<Database>, events: readonly AnalyticsEvent[], dataJson?: readonly string[]): Promise<number[]> {
  const json = dataJson ?? events.map((e) => JSON.stringify(e.data));
  const order = events.map((_, i) => i).sort((a, b) => compareKey(events[a]!, events[b]!));
  const sessions = foldBatch(events);
  try {
    await appendNew(db, events, order, json, sessions);
    return order;
  } catch (err) {
    // Only an event stored before: the statement wrote nothing, so the batch goes again, skipping those.
    if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
  }
  return appendSkippingStored(db, events, order, json, sessions);
}

/** Every event of the batch is new (else the statement fails whole with a unique violation and writes nothing). */
async function appendNew(
  db: Kysely<Database>,
  events: readonly AnalyticsEvent[],
  order: readonly number[],
  json: readonly string[],
  sessions: ReturnType<typeof foldBatch>,
): Promise<void> {
  await sql`/* prepare: analytics_append_new_events */
    WITH inserted AS (
      INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data)
      SELECT tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data FROM (${eventRows(events, order, json)}) AS input
    ),
    batch_sessions AS (${sessionRows(sessions)}),
    upserted AS (${upsertBatchSessions}),
    touched AS (
      -- an event without a session marks its own day; a session, every day it spans
      ${sessionlessRows(events, order)}
      UNION ALL
      SELECT tenant_id, first_event_at, last_event_at FROM upserted
    ),
    marked AS (${markTouchedDays})
    SELECT 1`.execute(db);
}

/** The batch again with ON CONFLICT DO NOTHING: only the rows inserted now move sessions and days. */
async function appendSkippingStored(
  db: Kysely<Database>,
  events: readonly AnalyticsEvent[],
  order: readonly number[],
  json: readonly string[],
  sessions: ReturnType<typeof foldBatch>,
): Promise<number[]> {
  const { rows } = await sql<{ ord: number }>`/* prepare: analytics_append_events */
    WITH input AS (${eventRows(events, order, json)}),
    inserted AS (
      INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data)
      SELECT tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data FROM input
      ON CONFLICT DO NOTHING
      RETURNING tenant_id, id
    ),
    written AS (
      SELECT count(*) = ${events.length} AS all_new FROM inserted
    ),
    -- The rows stored for the first time (a replay's old rows move nothing).
    fresh AS (
      SELECT * FROM input WHERE (SELECT all_new FROM written)
      UNION ALL
      SELECT input.* FROM input JOIN inserted USING (tenant_id, id) WHERE NOT (SELECT all_new FROM written)
    ),
    -- What the batch adds to each session: when every row turned out new (a writer that raced this one lost), the
    -- batch folded in JS by foldEvent itself; when only some rows are new, the same fold of the new rows in SQL.
    batch_sessions AS (
      SELECT * FROM (${sessionRows(sessions)}) AS all_rows WHERE (SELECT all_new FROM written)
      UNION ALL
      ${foldFreshSessions}
    ),
    upserted AS (${upsertBatchSessions}),
    touched AS (
      SELECT tenant_id, occurred_at AS from_at, occurred_at AS to_at FROM fresh WHERE session_id IS NULL
      UNION ALL
      SELECT tenant_id, first_event_at, last_event_at FROM upserted
    ),
    marked AS (${markTouchedDays})
    SELECT ord FROM fresh`.execute(db);
  return rows.map((r) => r.ord);
}

/** Key order of analytics_events (tenant, time, id): locks are taken in the same order by every writer. */
function compareKey(a: AnalyticsEvent, b: AnalyticsEvent): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  const dt = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
