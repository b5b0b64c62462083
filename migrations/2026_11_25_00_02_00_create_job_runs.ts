// Scheduled job runs: one row per job and scheduled slot, claimed by the first instance (so each run happens once
// across instances), finished with what it did or why it failed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'timestamptz', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('ok', 'boolean')
    .addColumn('summary', 'jsonb')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('analytics_job_runs_pkey', ['job', 'slot'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_job_runs').execute();
}
