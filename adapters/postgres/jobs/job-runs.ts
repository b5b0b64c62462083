// analytics_job_runs: claim a job's scheduled slot (first instance wins), record how the run ended, find the last
// success, and forget old runs.
import { sql, type Kysely } from 'kysely';
import type { JobSummary } from '../../../domain/jobs/job.ts';
import type { JobRunLog } from '../../../domain/jobs/job-run-log.ts';
import type { Database } from '../schema.ts';

/** Claims (job, slot) for this instance; false when another instance already has it. */
export async function claimSlot(db: Kysely<Database>, job: string, slot: Date, instance: string): Promise<boolean> {
  const row = await db
    .insertInto('analytics_job_runs')
    .values({ job, slot, instance })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .returning('job')
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishRun(
  db: Kysely<Database>,
  job: string,
  slot: Date,
  outcome: { ok: true; summary: JobSummary } | { ok: false; error: string },
): Promise<void> {
  await db
    .updateTable('analytics_job_runs')
    .set({
      finished_at: sql<Date>`now()`,
      ok: outcome.ok,
      summary: outcome.ok ? JSON.stringify(outcome.summary) : null,
      error: outcome.ok ? null : outcome.error.slice(0, 2000),
    })
    .where('job', '=', job)
    .where('slot', '=', slot)
    .execute();
}

/** When the last successful run of `job` started (its work window starts there next time), or null. */
export async function lastSuccess(db: Kysely<Database>, job: string): Promise<Date | null> {
  const row = await db
    .selectFrom('analytics_job_runs')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .where('job', '=', job)
    .where('ok', '=', true)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** The JobRunLog port: the cleanup job forgets old runs here (the table stays small). */
export class PostgresJobRunLog implements JobRunLog {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async pruneBefore(before: Date): Promise<number> {
    const r = await this.#db.deleteFrom('analytics_job_runs').where('started_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
