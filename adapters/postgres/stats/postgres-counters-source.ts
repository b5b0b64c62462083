// CountersSource on PostgreSQL / PGlite: the counters of a window from the raw facts, in SQL twins of domain/stats:
// session cohorts from analytics_sessions (`addSessionContribution`), events from analytics_events
// (`addEventContribution`), histograms as `observe` keeps them.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dictionary } from '../../../domain/dictionary.ts';
import type { CountersSource } from '../../../domain/stats/counters-source.ts';
import type { DayCounters } from '../../../domain/stats/counters.ts';
import { outcomeSql } from '../sessions/session-outcome.ts';
import type { Database } from '../schema.ts';

export class PostgresCountersSource implements CountersSource {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async countersBetween(tenantId: string, zone: string, from: Date, to: Date): Promise<DayCounters> {
    const [sessions, events] = await Promise.all([
      sessionCohortCounters(this.#db, tenantId, zone, from, to),
      eventCounters(this.#db, tenantId, zone, from, to),
    ]);
    return addRows(addRows({}, sessions), events);
  }
}

/**
 * Session counters of a window, each session counted on the day of the instant its cohort names: started,
 * transferred, ended by outcome with duration, agent first response, last rating.
 */
async function sessionCohortCounters(db: Kysely<Database>, tenantId: string, zone: string, from: Date, to: Date): Promise<CounterRow[]> {
  const day = (column: string) => localDaySql(sql.ref(column), zone);
  const inWindow = (column: string) => sql`tenant_id = ${tenantId} AND ${sql.ref(column)} >= ${from} AND ${sql.ref(column)} < ${to}`;
  const { rows } = await sql<CounterRow>`
    WITH started AS (
      SELECT ${day('started_at')} AS day, coalesce(channel, 'unknown') AS channel
      FROM analytics_sessions WHERE ${inWindow('started_at')}
    ),
    transferred AS (
      SELECT ${day('first_transfer_at')} AS day FROM analytics_sessions WHERE ${inWindow('first_transfer_at')}
    ),
    ended AS (
      SELECT ${day('ended_at')} AS day, ${outcomeSql()} AS outcome, agent_id,
        CASE WHEN started_at IS NOT NULL THEN ${msBetweenSql(sql.ref('started_at'), sql.ref('ended_at'))} END AS duration_ms
      FROM analytics_sessions WHERE ${inWindow('ended_at')}
    ),
    first_replies AS (
      SELECT ${day('first_agent_reply_at')} AS day, ${msBetweenSql(sql.ref('first_transfer_at'), sql.ref('first_agent_reply_at'))} AS ms
      FROM analytics_sessions WHERE ${inWindow('first_agent_reply_at')} AND first_transfer_at IS NOT NULL
    ),
    rated AS (
      SELECT ${day('rated_at')} AS day, rating FROM analytics_sessions WHERE ${inWindow('rated_at')} AND rating IS NOT NULL
    ),
    counts (day, key) AS (
      SELECT day, 'sessions' FROM started
      UNION ALL SELECT day, 'sessions|' || channel FROM started
      UNION ALL SELECT day, 'transferred' FROM transferred
      UNION ALL SELECT day, 'ended' FROM ended
      UNION ALL SELECT day, 'ended.' || outcome FROM ended
      UNION ALL SELECT day, 'agent.handled|' || agent_id FROM ended WHERE outcome = 'agent' AND agent_id IS NOT NULL
      UNION ALL SELECT day, 'rating.' || rating FROM rated
    ),
    observations (day, h, v) AS (
      SELECT day, 'durationMs', duration_ms FROM ended WHERE duration_ms IS NOT NULL
      UNION ALL SELECT day, 'agentFirstResponseMs', ms FROM first_replies
    )
    SELECT day, key, count(*) AS n FROM counts GROUP BY day, key
    UNION ALL ${histogramRows}
  `.execute(db);
  return rows;
}

/**
 * Event counters of a window, each event on the day it occurred: messages by kind, AI response times, agent replies
 * and their times, order and tracking look-ups.
 */
async function eventCounters(db: Kysely<Database>, tenantId: string, zone: string, from: Date, to: Date): Promise<CounterRow[]> {
  const { rows } = await sql<CounterRow>`
    WITH e AS (
      SELECT ${localDaySql(sql.ref('occurred_at'), zone)} AS day, name, agent_id, data
      FROM analytics_events
      WHERE tenant_id = ${tenantId} AND occurred_at >= ${from} AND occurred_at < ${to}
        AND name IN ('message.user', 'message.ai', 'message.agent', 'order.query', 'tracking.query')
    ),
    replies AS (
      SELECT day, agent_id, round((data->>'responseTimeMs')::numeric)::bigint AS ms
      FROM e WHERE name = 'message.agent' AND jsonb_typeof(data->'responseTimeMs') = 'number'
    ),
    counts (day, key) AS (
      SELECT day, 'messages.' || split_part(name, '.', 2) FROM e WHERE name LIKE 'message.%'
      UNION ALL SELECT day, 'agent.replies|' || agent_id FROM e WHERE name = 'message.agent' AND agent_id IS NOT NULL
      UNION ALL SELECT day, 'orders' FROM e WHERE name = 'order.query'
      UNION ALL SELECT day, 'orders.found' FROM e WHERE name = 'order.query' AND data->'found' = 'true'::jsonb
      UNION ALL SELECT day, 'tracking' FROM e WHERE name = 'tracking.query'
      UNION ALL SELECT day, 'tracking.found' FROM e WHERE name = 'tracking.query' AND data->'found' = 'true'::jsonb
    ),
    observations (day, h, v) AS (
      SELECT day, 'aiResponseMs', greatest(0, round((data->>'responseTimeMs')::numeric))::bigint FROM e WHERE name = 'message.ai'
      UNION ALL SELECT day, 'agentReplyMs', greatest(0, ms) FROM replies
    )
    SELECT day, key, count(*) AS n FROM counts GROUP BY day, key
    UNION ALL SELECT day, 'agent.replyMs.sum|' || agent_id, sum(ms) FROM replies WHERE agent_id IS NOT NULL GROUP BY 1, 2
    UNION ALL SELECT day, 'agent.replyMs.n|' || agent_id, count(*) FROM replies WHERE agent_id IS NOT NULL GROUP BY 1, 2
    UNION ALL ${histogramRows}
  `.execute(db);
  return rows;
}

// The pieces both queries share.

/** One counter increment row: `day` (YYYY-MM-DD, local), field `key` (as in domain `field`), value `n`. */
interface CounterRow {
  day: string;
  key: string;
  n: number | string;
}

/** The local day (tenant zone) an instant column falls on, as 'YYYY-MM-DD'. */
function localDaySql(column: RawBuilder<unknown>, zone: string): RawBuilder<string> {
  return sql<string>`to_char(${column} AT TIME ZONE ${zone}, 'YYYY-MM-DD')`;
}

/** Milliseconds from one instant column to another, never negative, rounded like Math.round. */
function msBetweenSql(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`greatest(0, round(extract(epoch FROM (${to} - ${from})) * 1000))::bigint`;
}

/**
 * Histogram rows of an `observations(day, h, v)` CTE: per bucket (3 significant digits, exact below 1000) a count,
 * plus `s.<h>` the sum and `n.<h>` the count, exactly the fields `observe` bumps.
 */
const histogramRows = sql`
  SELECT day, 'h.' || h || ':' || (
    CASE WHEN v < 1000 THEN v
    ELSE (round(v::numeric / (10 ^ (length(v::text) - 3))::bigint) * (10 ^ (length(v::text) - 3))::bigint)::bigint END
  )::text AS key, count(*) AS n
  FROM observations GROUP BY 1, 2
  UNION ALL SELECT day, 's.' || h, sum(v) FROM observations GROUP BY day, h
  UNION ALL SELECT day, 'n.' || h, count(*) FROM observations GROUP BY day, h
`;

/** Adds rows into day counters (zeros are left out, as `bump` leaves them out). */
function addRows(into: DayCounters, rows: readonly CounterRow[]): DayCounters {
  for (const r of rows) {
    const n = Number(r.n);
    if (n === 0) continue;
    const c = (into[r.day] ??= dictionary());
    const v = (c[r.key] ?? 0) + n;
    if (v === 0) delete c[r.key];
    else c[r.key] = v;
  }
  return into;
}
