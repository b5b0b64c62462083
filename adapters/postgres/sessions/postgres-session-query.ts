// SessionQuery on PostgreSQL / PGlite: the drill-down lists over analytics_sessions (one row per session): the rows
// meeting SessionCriteria (the SQL twin of `matchesCriteria`), ordered like `compareForList`, and how many there are.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SessionCohort } from '../../../domain/sessions/models.ts';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionCriteria, SessionPage, SessionQuery } from '../../../domain/sessions/session-query.ts';
import type { Database } from '../schema.ts';
import type { SessionRow } from '../events/tables.ts';
import { outcomeSql, transferredSql } from './session-outcome.ts';
import { sessionRowToFacts } from './session-row.ts';

export class PostgresSessionQuery implements SessionQuery {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async list(tenantId: string, criteria: SessionCriteria, page: SessionPage): Promise<{ total: number; items: SessionFacts[] }> {
    const where = whereOf(tenantId, criteria);
    const direction = criteria.cohort === 'queued' ? sql`ASC` : sql`DESC`;
    const [count, list] = await Promise.all([
      sql<{ n: number }>`SELECT count(*) AS n FROM analytics_sessions WHERE ${where}`.execute(this.#db),
      sql<SessionRow>`
        SELECT * FROM analytics_sessions WHERE ${where}
        ORDER BY ${cohortInstant[criteria.cohort]} ${direction}, session_id COLLATE "C"
        LIMIT ${page.limit} OFFSET ${page.offset}
      `.execute(this.#db),
    ]);
    return { total: Number(count.rows[0]?.n ?? 0), items: list.rows.map(sessionRowToFacts) };
  }

  async get(tenantId: string, sessionId: string): Promise<SessionFacts | null> {
    const row = await this.#db
      .selectFrom('analytics_sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return row ? sessionRowToFacts(row) : null;
  }
}

/** The instant a row belongs to each cohort by (null when it does not belong). */
const cohortInstant: Record<SessionCohort, RawBuilder<Date | null>> = {
  started: sql`started_at`,
  transferred: sql`first_transfer_at`,
  ended: sql`ended_at`,
  firstAgentReply: sql`(CASE WHEN first_transfer_at IS NOT NULL THEN first_agent_reply_at END)`,
  rated: sql`(CASE WHEN rating IS NOT NULL THEN rated_at END)`,
  active: sql`last_event_at`,
  queued: sql`last_transfer_at`,
};

/** The column of each day cohort's instant. */
const cohortColumn = {
  started: 'started_at',
  transferred: 'first_transfer_at',
  ended: 'ended_at',
  firstAgentReply: 'first_agent_reply_at',
  rated: 'rated_at',
} as const;

/** Where a row belongs to the criteria's cohort and period. */
function cohortCondition(c: SessionCriteria): RawBuilder<boolean> {
  if (c.cohort === 'active') {
    return sql`started_at IS NOT NULL AND ended_at IS NULL${c.activeSince ? sql` AND last_event_at >= ${c.activeSince}` : sql``}`;
  }
  if (c.cohort === 'queued') {
    return sql`ended_at IS NULL AND last_transfer_at IS NOT NULL AND (last_agent_reply_at IS NULL OR last_agent_reply_at < last_transfer_at)`;
  }
  const column = sql.ref(cohortColumn[c.cohort]);
  const parts = [sql`${column} IS NOT NULL`];
  if (c.cohort === 'firstAgentReply') parts.push(sql`first_transfer_at IS NOT NULL`);
  if (c.cohort === 'rated') parts.push(sql`rating IS NOT NULL`);
  if (c.from) parts.push(sql`${column} >= ${c.from}`);
  if (c.to) parts.push(sql`${column} < ${c.to}`);
  return sql.join(parts, sql` AND `) as RawBuilder<boolean>;
}

/** The rows of the tenant meeting the criteria. */
function whereOf(tenantId: string, c: SessionCriteria): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`tenant_id = ${tenantId}`, cohortCondition(c)];
  if (c.outcome?.length) parts.push(sql`${outcomeSql()} = ANY(${[...c.outcome]}::text[])`);
  if (c.channel?.length) parts.push(sql`coalesce(channel, 'unknown') = ANY(${[...c.channel]}::text[])`);
  if (c.agentId?.length) parts.push(sql`agent_id = ANY(${[...c.agentId]}::text[])`);
  if (c.transferred !== undefined) parts.push(c.transferred ? transferredSql() : sql`NOT ${transferredSql()}`);
  if (c.rated !== undefined) parts.push(c.rated ? sql`rating IS NOT NULL` : sql`rating IS NULL`);
  if (c.score?.length) parts.push(sql`rating = ANY(${[...c.score]}::int[])`);
  return sql.join(parts, sql` AND `) as RawBuilder<boolean>;
}
