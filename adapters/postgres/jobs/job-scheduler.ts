// Runs jobs safely: one instance per job at a time (advisory lock), one run per scheduled slot across instances
// (the slot row), each run logged with what it did and how long it took; a failure is logged and retried next time.
import { Cron } from 'croner';
import { defaultSchedules, type Job, type JobName, type JobObserver, type RunOutcome, type RunningSchedule } from '../../../domain/jobs/job.ts';
import type { Clock } from '../../../domain/clock.ts';
import type { Logger } from '../../../domain/logger.ts';
import type { PgHandle } from '../db/connect.ts';
import { claimSlot, finishRun, lastSuccess } from './job-runs.ts';
import { withJobLock } from './job-lock.ts';

/** Runs `job` for `slot` unless another instance runs it now or already ran this slot; tells `observer` how it ended. Never throws. */
export async function runSlot(
  database: PgHandle,
  job: Job,
  slot: Date,
  instance: string,
  logger: Logger,
  clock: Clock,
  observer?: JobObserver,
): Promise<RunOutcome> {
  const outcome = await runSlotOnce(database, job, slot, instance, logger, clock);
  try {
    observer?.(job.name, outcome);
  } catch (err) {
    logger.warn(`job ${job.name}: its observer failed`, { error: (err as Error)?.message ?? String(err) });
  }
  return outcome;
}

async function runSlotOnce(database: PgHandle, job: Job, slot: Date, instance: string, logger: Logger, clock: Clock): Promise<RunOutcome> {
  const { db } = database;
  const started = Date.now();
  try {
    const locked = await withJobLock(database, job.name, async (): Promise<RunOutcome> => {
      if (!(await claimSlot(db, job.name, slot, instance))) return { status: 'skipped', reason: 'slot taken' };
      try {
        const summary = await job.run(clock.now(), await lastSuccess(db, job.name));
        const durationMs = Date.now() - started;
        await finishRun(db, job.name, slot, { ok: true, summary });
        logger.info(`job ${job.name} done`, { ...summary, durationMs });
        return { status: 'done', summary, durationMs };
      } catch (err) {
        const error = (err as Error)?.message ?? String(err);
        await finishRun(db, job.name, slot, { ok: false, error }).catch(() => {});
        throw err;
      }
    });
    if (locked.busy) return { status: 'skipped', reason: 'running elsewhere' };
    return locked.value;
  } catch (err) {
    const error = (err as Error)?.message ?? String(err);
    const durationMs = Date.now() - started;
    logger.error(`job ${job.name} failed; it runs again at its next time`, { error, durationMs });
    return { status: 'failed', error, durationMs };
  }
}

export interface SchedulerOptions {
  readonly database: PgHandle;
  readonly jobs: readonly Job[];
  readonly logger: Logger;
  /** This process, as the job-run rows name it. */
  readonly instance: string;
  readonly clock: Clock;
  /** Told how each run ended. */
  readonly observer?: JobObserver;
  /** Cron patterns (UTC) replacing the defaults, e.g. in tests. */
  readonly schedules?: Partial<Record<JobName, string>>;
}

/** Drives the jobs on their cron schedules (croner) inside `cs-analytics serve`. */
export class JobScheduler implements RunningSchedule {
  readonly #opts: SchedulerOptions;
  readonly #crons: Cron[] = [];
  readonly #running = new Set<Promise<RunOutcome>>();

  constructor(opts: SchedulerOptions) {
    this.#opts = opts;
  }

  start(): this {
    if (this.#crons.length > 0) return this;
    for (const job of this.#opts.jobs) {
      const pattern = this.#opts.schedules?.[job.name] ?? defaultSchedules[job.name];
      const cron: Cron = new Cron(pattern, { timezone: 'UTC', protect: true, unref: true, catch: true }, async () => {
        // The slot is the scheduled time, the same on every instance however late its timer fired.
        const slot = cron.previousRuns(1, new Date(Date.now() + 1))[0] ?? new Date();
        const { database, instance, logger, clock, observer } = this.#opts;
        const run = runSlot(database, job, slot, instance, logger, clock, observer);
        this.#running.add(run);
        await run.finally(() => this.#running.delete(run));
      });
      this.#crons.push(cron);
    }
    return this;
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const c of this.#crons.splice(0)) c.stop();
    await Promise.all([...this.#running]);
  }
}
