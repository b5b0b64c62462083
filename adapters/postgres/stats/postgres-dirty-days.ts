// PostgresDirtyDays: the DirtyDays port on one table of marks: analytics_dirty_days (the daily stats', set by the
// event write) or analytics_roi_dirty_days (ROI's, set by usage, price and event writes).
import { sql, type Kysely } from 'kysely';
import type { DirtyDays } from '../../../domain/jobs/dirty-days.ts';
import type { Database } from '../schema.ts';

export type MarksTable = 'analytics_dirty_days' | 'analytics_roi_dirty_days';

export class PostgresDirtyDays implements DirtyDays {
  readonly #db: Kysely<Database>;
  readonly #table: MarksTable;

  constructor(deps: { db: Kysely<Database>; table: MarksTable }) {
    this.#db = deps.db;
    this.#table = deps.table;
  }

  async tenants(): Promise<string[]> {
    const rows = await this.#db.selectFrom(this.#table).select('tenant_id').distinct().execute();
    return rows.map((r) => r.tenant_id);
  }

  async forgetThrough(day: string): Promise<void> {
    await sql`DELETE FROM ${sql.table(this.#table)} WHERE day <= ${day}::date`.execute(this.#db);
  }
}
