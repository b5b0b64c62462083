// PostgresJobRunner: the JobRunner port on the lock-and-slot runner of job-scheduler.ts. `run(name)` for
// `cs-analytics jobs run <name>`, `startScheduler()` for `serve`.
import { hostname } from 'node:os';
import type { Clock } from '../../../domain/clock.ts';
import { invalid } from '../../../domain/errors.ts';
import { isJobName, jobNames, type Job, type JobName, type JobObserver, type JobRunner, type RunOutcome } from '../../../domain/jobs/job.ts';
import type { Logger } from '../../../domain/logger.ts';
import type { PgHandle } from '../db/connect.ts';
import { JobScheduler, runSlot } from './job-scheduler.ts';

export interface JobRunnerDeps {
  /** Where the runs are recorded and the locks taken. */
  readonly database: PgHandle;
  readonly jobs: Readonly<Record<JobName, Job>>;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Told how each run ended, manual or scheduled (the composition root wires metrics here). */
  readonly observer?: JobObserver;
}

export class PostgresJobRunner implements JobRunner {
  readonly #d: JobRunnerDeps;

  constructor(deps: JobRunnerDeps) {
    this.#d = deps;
  }

  async run(name: string, opts: { waitMs?: number } = {}): Promise<RunOutcome> {
    if (!isJobName(name)) throw invalid('job', `unknown job ${JSON.stringify(name)} (use ${jobNames.join(', ')})`);
    const job = this.#d.jobs[name];
    const deadline = Date.now() + (opts.waitMs ?? 60_000);
    for (;;) {
      // A manual run is its own slot: the wall-clock instant it starts.
      const { database, logger, clock, observer } = this.#d;
      const outcome = await runSlot(database, job, new Date(), `cli:${hostname()}:${process.pid}`, logger, clock, observer);
      if (outcome.status !== 'skipped' || outcome.reason !== 'running elsewhere' || Date.now() >= deadline) return outcome;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  startScheduler(schedules?: Partial<Record<JobName, string>>): JobScheduler {
    return new JobScheduler({
      database: this.#d.database,
      jobs: Object.values(this.#d.jobs),
      logger: this.#d.logger,
      instance: `${hostname()}:${process.pid}`,
      clock: this.#d.clock,
      ...(this.#d.observer ? { observer: this.#d.observer } : {}),
      ...(schedules ? { schedules } : {}),
    }).start();
  }
}
