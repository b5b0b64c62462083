// JobStreaks on analytics_job_runs: the jobs whose finished runs since their last success all failed, two or more.
import { sql, type Kysely } from 'kysely';
import type { FailingStreak, JobStreaks } from '../../../domain/alerts/alert-sources.ts';
import type { Database } from '../schema.ts';

export class PostgresJobStreaks implements JobStreaks {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async failingStreaks(minFailures: number): Promise<FailingStreak[]> {
    // A run still going (ok null) neither breaks nor extends a streak.
    const { rows } = await sql<{ job: string; since: Date; failures: string; last_error: string | null }>`
      SELECT r.job, min(r.started_at) AS since, count(*) AS failures,
        (array_agg(r.error ORDER BY r.started_at DESC))[1] AS last_error
      FROM analytics_job_runs r
      WHERE r.ok = false
        AND r.started_at > coalesce(
          (SELECT max(s.started_at) FROM analytics_job_runs s WHERE s.job = r.job AND s.ok = true), '-infinity'::timestamptz)
      GROUP BY r.job
      HAVING count(*) >= ${minFailures}
      ORDER BY r.job
    `.execute(this.#db);
    return rows.map((r) => ({ job: r.job, since: new Date(r.since), failures: Number(r.failures), lastError: r.last_error }));
  }
}
