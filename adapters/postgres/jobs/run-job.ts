// `runJob(name, deps)` for `cs-analytics jobs run <name>`, and the scheduler `serve` starts: the jobs of
// analytics-jobs.ts on the lock-and-slot runner of job-runner.ts.
import { hostname } from 'node:os';
import { invalid } from '../../../domain/errors.ts';
import { isJobName, jobNames, type JobName } from '../../../domain/jobs/job.ts';
import { silentLogger, type Logger } from '../../../domain/logger.ts';
import { buildJobs, type JobDeps } from './analytics-jobs.ts';
import { JobScheduler, runSlot, type RunOutcome } from './job-runner.ts';

/**
 * Runs one job now, once. When another instance is running the same job, waits for it (up to `waitMs`, default
 * 60 s) and then runs. Resolves with the outcome (a failed run resolves `{ status: 'failed' }`, it does not throw).
 */
export async function runJob(name: string, deps: JobDeps & { logger?: Logger }, opts: { waitMs?: number } = {}): Promise<RunOutcome> {
  if (!isJobName(name)) throw invalid('job', `unknown job ${JSON.stringify(name)} (use ${jobNames.join(', ')})`);
  const job = buildJobs(deps)[name];
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  for (;;) {
    // A manual run is its own slot: the wall-clock instant it starts.
    const outcome = await runSlot(deps.database, job, new Date(), `cli:${hostname()}:${process.pid}`, deps.logger ?? silentLogger, deps.clock);
    if (outcome.status !== 'skipped' || outcome.reason !== 'running elsewhere' || Date.now() >= deadline) return outcome;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Starts every job on its schedule for this process (stop it with `await scheduler.stop()`). */
export function startJobScheduler(deps: JobDeps & { logger: Logger }, schedules?: Partial<Record<JobName, string>>): JobScheduler {
  const jobs = Object.values(buildJobs(deps));
  return new JobScheduler({
    database: deps.database,
    jobs,
    logger: deps.logger,
    instance: `${hostname()}:${process.pid}`,
    clock: deps.clock,
    ...(schedules ? { schedules } : {}),
  }).start();
}
