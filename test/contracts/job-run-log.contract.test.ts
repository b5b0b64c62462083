// The JobRunLog contract on PGlite and PostgreSQL: old runs are forgotten, newer ones kept, of every job. Runs are
// recorded here straight in analytics_job_runs, as a claimed slot is.
import { expect } from 'vitest';
import { PostgresJobRunLog } from '../../adapters/postgres/jobs/job-runs.ts';
import type { JobRunLog } from '../../domain/jobs/job-run-log.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface JobRunLogFixture {
  readonly runs: JobRunLog;
  /** Records a run of `job` started at `startedAt` (its slot). */
  started(job: string, startedAt: string): Promise<void>;
}

const adapters: PortAdapters<JobRunLogFixture> = {
  sql: ({ db }) => ({
    runs: new PostgresJobRunLog({ db }),
    async started(job, startedAt) {
      const at = new Date(startedAt);
      await db.insertInto('analytics_job_runs').values({ job, slot: at, instance: 'test', started_at: at }).execute();
    },
  }),
};

const at = (iso: string) => new Date(iso);

await portContract<JobRunLogFixture>('JobRunLog', adapters, (it) => {
  it('forgets the runs started before the instant, of every job, and keeps those from it on', async ({ fx }) => {
    await fx.started('cleanup-old-events', '2026-06-01T00:00:00Z');
    await fx.started('cleanup-old-events', '2026-06-15T00:00:00Z');
    await fx.started('aggregate-daily-stats', '2026-06-14T23:59:59.999Z');
    await fx.started('aggregate-daily-stats', '2026-06-15T00:00:00.001Z');
    await fx.started('auto-audit', '2026-06-20T00:00:00Z');

    expect(await fx.runs.pruneBefore(at('2026-06-15T00:00:00Z'))).toBe(2);
    // What was kept is still there: nothing more before the same instant, all three before a later one.
    expect(await fx.runs.pruneBefore(at('2026-06-15T00:00:00Z'))).toBe(0);
    expect(await fx.runs.pruneBefore(at('2026-06-21T00:00:00Z'))).toBe(3);
    expect(await fx.runs.pruneBefore(at('2026-06-21T00:00:00Z'))).toBe(0);
  });

  it('prunes nothing from an empty log', async ({ fx }) => {
    expect(await fx.runs.pruneBefore(at('2026-06-15T00:00:00Z'))).toBe(0);
  });
});
