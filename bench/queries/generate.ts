// Generates the bench dataset straight in SQL (INSERT ... SELECT generate_series): sessions spread evenly over
// `days` days up to now on 5 channels with 20 agents, their events (about 7.5 per session), the session facts
// folded from those events, and the daily rollups of every closed day, so generation takes minutes, not hours.
import { sql, type Kysely } from 'kysely';
import { EventPartitions, utcDay } from '../../adapters/postgres/events/partitions.ts';
import type { Database } from '../../adapters/postgres/schema.ts';

export const EVENTS_PER_SESSION = 7.5;

/** Inserts about `events` events of tenant `tenantId` over the `days` days before `now`. */
export async function generateEvents(db: Kysely<Database>, opts: { tenantId: string; events: number; days: number; now: Date }): Promise<void> {
  const sessions = Math.round(opts.events / EVENTS_PER_SESSION);
  const start = new Date(opts.now.getTime() - opts.days * 86_400_000);
  const spanSec = (opts.now.getTime() - start.getTime()) / 1000;
  const partitions = new EventPartitions(db);
  const days: string[] = [];
  for (let t = start.getTime() - 86_400_000; t <= opts.now.getTime() + 86_400_000; t += 86_400_000) days.push(utcDay(new Date(t)));
  await partitions.ensure(days);

  await sql`SELECT setseed(0.42)`.execute(db);
  await sql`DROP TABLE IF EXISTS bench_plan`.execute(db);
  // One row per session: what will happen in it.
  await sql`
    CREATE UNLOGGED TABLE bench_plan AS
    SELECT
      'b' || i AS session_id,
      ${start}::timestamptz + (${spanSec}::float8 * (i - 1) / ${sessions}) * interval '1 second' AS t0,
      (ARRAY['web', 'app', 'whatsapp', 'messenger', 'email'])[1 + floor(random() * 5)::int] AS channel,
      1 + floor(random() * 3)::int AS turns,
      random() < 0.3 AS transferred,
      1 + floor(random() * 3)::int AS replies,
      'agent-' || (1 + floor(random() * 20)::int) AS agent_id,
      random() < 0.92 AS ends,
      CASE WHEN random() < 0.4 THEN 1 + floor(random() * 5)::int END AS rating,
      random() < 0.2 AS orders,
      random() < 0.1 AS tracks
    FROM generate_series(1, ${sessions}) AS i
  `.execute(db);

  // The events of each plan, never later than now.
  await sql`
    INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data)
    SELECT ${opts.tenantId}, gen_random_uuid(), e.name, e.at, p.session_id, e.agent_id, e.channel, 'bench', e.data
    FROM bench_plan p
    CROSS JOIN LATERAL (
      SELECT 'session.start' AS name, p.t0 AS at, NULL::text AS agent_id, p.channel, '{}'::jsonb AS data
      UNION ALL
      SELECT 'message.user', p.t0 + j * interval '40 seconds', NULL, NULL, jsonb_build_object('length', 20 + j)
      FROM generate_series(1, p.turns) j
      UNION ALL
      SELECT 'message.ai', p.t0 + j * interval '40 seconds' + interval '5 seconds', NULL, NULL,
        jsonb_build_object('responseTimeMs', 300 + floor(random() * 4000)::int, 'model', 'doubao-pro')
      FROM generate_series(1, p.turns) j
      UNION ALL
      SELECT 'session.transfer', p.t0 + p.turns * interval '40 seconds' + interval '20 seconds', NULL, NULL, '{}'::jsonb
      WHERE p.transferred
      UNION ALL
      SELECT 'message.agent', p.t0 + p.turns * interval '40 seconds' + r * interval '90 seconds' + random() * interval '60 seconds',
        p.agent_id, NULL, jsonb_build_object('responseTimeMs', 2000 + floor(random() * 60000)::int)
      FROM generate_series(1, p.replies) r WHERE p.transferred
      UNION ALL
      SELECT 'order.query', p.t0 + interval '30 seconds', NULL, NULL, jsonb_build_object('found', random() < 0.8) WHERE p.orders
      UNION ALL
      SELECT 'tracking.query', p.t0 + interval '35 seconds', NULL, NULL, jsonb_build_object('found', random() < 0.7) WHERE p.tracks
      UNION ALL
      SELECT 'session.end', p.t0 + interval '10 minutes', NULL, NULL, '{"reason":"resolved"}'::jsonb WHERE p.ends
      UNION ALL
      SELECT 'session.rated', p.t0 + interval '11 minutes', NULL, NULL, jsonb_build_object('score', p.rating)
      WHERE p.ends AND p.rating IS NOT NULL
    ) e
    WHERE e.at <= ${opts.now}
  `.execute(db);

  // Session facts, folded from the events (what the event write maintains row by row).
  await sql`
    INSERT INTO analytics_sessions (
      tenant_id, session_id, channel, channel_from_start, started_at, ended_at, end_reason, first_event_at, last_event_at,
      first_transfer_at, last_transfer_at, first_agent_reply_at, last_agent_reply_at, agent_id,
      user_messages, ai_messages, agent_messages, rating, rated_at, order_queries, order_not_found, tracking_queries, tracking_not_found
    )
    SELECT tenant_id, session_id,
      min(channel), true,
      min(occurred_at) FILTER (WHERE name = 'session.start'),
      max(occurred_at) FILTER (WHERE name = 'session.end'),
      CASE WHEN bool_or(name = 'session.end') THEN 'resolved' END,
      min(occurred_at), max(occurred_at),
      min(occurred_at) FILTER (WHERE name = 'session.transfer'), max(occurred_at) FILTER (WHERE name = 'session.transfer'),
      min(occurred_at) FILTER (WHERE name = 'message.agent'), max(occurred_at) FILTER (WHERE name = 'message.agent'),
      min(agent_id),
      count(*) FILTER (WHERE name = 'message.user'), count(*) FILTER (WHERE name = 'message.ai'),
      count(*) FILTER (WHERE name = 'message.agent'),
      min((data->>'score')::int) FILTER (WHERE name = 'session.rated'), max(occurred_at) FILTER (WHERE name = 'session.rated'),
      count(*) FILTER (WHERE name = 'order.query'), count(*) FILTER (WHERE name = 'order.query' AND data->'found' = 'false'),
      count(*) FILTER (WHERE name = 'tracking.query'), count(*) FILTER (WHERE name = 'tracking.query' AND data->'found' = 'false')
    FROM analytics_events
    WHERE tenant_id = ${opts.tenantId}
    GROUP BY tenant_id, session_id
  `.execute(db);
  await sql`DROP TABLE bench_plan`.execute(db);
  await sql`ANALYZE`.execute(db);
}
