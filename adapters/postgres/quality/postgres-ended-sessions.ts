// PostgresEndedSessions: sessions whose end falls in a range, from analytics_sessions (tenant, ended_at index).
import { sql, type Kysely } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import type { EndedCursor, EndedSessions } from '../../../domain/quality/ended-sessions.ts';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { Database } from '../schema.ts';
import { sessionRowToFacts } from '../sessions/session-row.ts';

export class PostgresEndedSessions implements EndedSessions {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async endedBetween(tenantId: string, range: TimeRange, limit: number, after?: EndedCursor): Promise<SessionFacts[]> {
    const rows = await this.#db
      .selectFrom('analytics_sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ended_at', '>=', range.from)
      .where('ended_at', '<', range.to)
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('ended_at', '>', after!.endedAt),
            eb.and([eb('ended_at', '=', after!.endedAt), eb(sql`session_id COLLATE "C"`, '>', after!.sessionId)]),
          ]),
        ),
      )
      .orderBy('ended_at')
      .orderBy(sql`session_id COLLATE "C"`)
      .limit(limit)
      .execute();
    return rows.map(sessionRowToFacts);
  }
}
