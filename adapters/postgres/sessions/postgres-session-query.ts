// SessionQuery on PostgreSQL / PGlite: the drill-down lists over analytics_sessions (one row per session).
import type { Kysely } from 'kysely';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionCriteria, SessionPage, SessionQuery } from '../../../domain/sessions/session-query.ts';
import { listSessions } from './session-list.ts';
import type { Database } from '../schema.ts';
import { sessionRowToFacts } from './session-row.ts';

export class PostgresSessionQuery implements SessionQuery {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async list(tenantId: string, criteria: SessionCriteria, page: SessionPage): Promise<{ total: number; items: SessionFacts[] }> {
    const { total, rows } = await listSessions(this.#db, tenantId, criteria, page);
    return { total, items: rows.map(sessionRowToFacts) };
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
