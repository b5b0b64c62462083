// The batch write: the events' ids claimed in analytics_event_ids (one row per tenant and id, whatever occurred_at),
// the events (one array parameter per column, whatever the batch size), the batch folded into its sessions, and the
// past local days it touched marked, all in ONE statement. Usually every event is new, and plain INSERTs take them
// (ON CONFLICT's speculative insertion cost about a quarter of PostgreSQL's CPU here); a batch holding an id stored
// before, at any occurred_at, fails that statement whole and goes again by the ON CONFLICT one.
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
 * Rows go in key order (tenant, id) so concurrent writers cannot deadlock.
 */
export async function appendEvents(db: Kysely<Database>, events: readonly AnalyticsEvent[], dataJson?: readonly string[]): Promise<number[]> {
  const json = dataJson ?? events.map((e) => JSON.stringify(e.data));
  const order = events.map((_, i) => i).sort((a, b) => compareKey(events[a]!, events[b]!));
  const sessions = foldBatch(events);
  try {
    await appendNew(db, events, order, json, sessions);
    return order;
  } catch (err) {
    // Only an id stored before (at any occurred_at): the statement wrote nothing, so the batch goes again, skipping those.
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
      RETURNING tenant_id, id
    ),
    -- an id stored before, at any occurred_at, fails the statement here
    claimed AS (INSERT INTO analytics_event_ids (tenant_id, id) SELECT tenant_id, id FROM inserted),
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

/**
 * The batch again with ON CONFLICT DO NOTHING: only the ids claimed now are written, and only the rows inserted now
 * move sessions and days. (An event on record without its id row, which only a writer bypassing this one can leave,
 * has its id claimed here and is not written or counted again.)
 */
async function appendSkippingStored(
  db: Kysely<Database>,
  events: readonly AnalyticsEvent[],
  order: readonly number[],
  json: readonly string[],
  sessions: ReturnType<typeof foldBatch>,
): Promise<number[]> {
  const { rows } = await sql<{ ord: number }>`/* prepare: analytics_append_events */
    WITH input AS (${eventRows(events, order, json)}),
    claimed AS (
      INSERT INTO analytics_event_ids (tenant_id, id)
      SELECT tenant_id, id FROM input
      ON CONFLICT DO NOTHING
      RETURNING tenant_id, id
    ),
    inserted AS (
      INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data)
      SELECT tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data FROM input JOIN claimed USING (tenant_id, id)
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

/**
 * Key order of analytics_event_ids (tenant, id), where writers of the same id meet: every writer takes those locks in
 * the same order, so concurrent writers cannot deadlock. (An id in capitals may sort apart from uuid's order: at worst
 * a deadlock, which is transient and retried.)
 */
function compareKey(a: AnalyticsEvent, b: AnalyticsEvent): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
