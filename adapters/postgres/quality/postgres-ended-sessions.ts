// PostgresEndedSessions: the ended sessions whose end was stored since a time, from analytics_sessions. Each page is
// one range of the partial index (tenant_id, end_stored_at, session_id COLLATE "C") WHERE ended_at IS NOT NULL
// (migrations/2026_12_02_01_01_*), so a run reads what was stored since the last one, however large the table.
import { sql, type Kysely } from 'kysely';
import type { EndedCursor, EndedPage, EndedSessions, EndedWindow } from '../../../domain/quality/ended-sessions.ts';
import type { Database } from '../schema.ts';
import { sessionRowToFacts } from '../sessions/session-row.ts';

export class PostgresEndedSessions implements EndedSessions {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async endStoredSince(tenantId: string, window: EndedWindow, limit: number, after?: EndedCursor): Promise<EndedPage> {
    const rows = await this.#db
      .selectFrom('analytics_sessions')
      .selectAll()
      .select(sql<Date>`end_stored_at`.as('stored_at'))
      .where('tenant_id', '=', tenantId)
      .where('ended_at', 'is not', null)
      .where(sql<boolean>`end_stored_at >= ${window.storedSince}`)
      .where('ended_at', '>=', window.endedFrom)
      .where('ended_at', '<', window.endedBefore)
      .$if(after !== undefined, (q) => q.where(sql<boolean>`(end_stored_at, session_id COLLATE "C") > (${after!.storedAt}, ${after!.sessionId})`))
      .orderBy(sql`end_stored_at`)
      .orderBy(sql`session_id COLLATE "C"`)
      .limit(limit)
      .execute();
    const last = rows[rows.length - 1];
    return {
      sessions: rows.map(sessionRowToFacts),
      next: rows.length === limit && last ? { storedAt: last.stored_at, sessionId: last.session_id } : null,
    };
  }
}
