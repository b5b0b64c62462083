// Event counters of a window, each event on the day it occurred (the SQL twin of `addEventContribution`):
// messages by kind, AI response times, agent replies and their times, order and tracking look-ups.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { histogramRows, localDaySql, type CounterRow } from './counter-rows.ts';

export async function eventCounters(db: Kysely<Database>, tenantId: string, zone: string, from: Date, to: Date): Promise<CounterRow[]> {
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
