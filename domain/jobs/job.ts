// Scheduled jobs: their names, when they run, what a run reports (days, rows, partitions, ...), and what runs them.

export const jobNames = ['aggregate-daily-stats', 'sync-realtime-stats', 'cleanup-old-events', 'auto-audit', 'check-alerts'] as const;
export type JobName = (typeof jobNames)[number];

export function isJobName(name: unknown): name is JobName {
  return typeof name === 'string' && (jobNames as readonly string[]).includes(name);
}

/**
 * When each job runs (cron, UTC). Aggregation every 15 minutes reaches each tenant's local midnight (any offset)
 * within a quarter hour, and reads compute dirty days from raw facts meanwhile; the realtime resync every 5 minutes
 * (issue 6); cleanup weekly, Sunday 03:30; the auto-audit every 5 minutes; the alert checks every minute.
 */
export const defaultSchedules: Readonly<Record<JobName, string>> = {
  'aggregate-daily-stats': '*/15 * * * *',
  'sync-realtime-stats': '*/5 * * * *',
  'cleanup-old-events': '30 3 * * 0',
  'auto-audit': '*/5 * * * *',
  'check-alerts': '* * * * *',
};

/** What a run did, logged and kept with the run: counts and lists (days, rows, partitions, tenants, ...). */
export type JobSummary = Readonly<Record<string, number | string | readonly string[]>>;

/** One job: `run(now, lastSuccessAt)` does the work once and says what it did; it may throw (retried next time). */
export interface Job {
  readonly name: JobName;
  run(now: Date, lastSuccessAt: Date | null): Promise<JobSummary>;
}

/** How one run ended: done, failed (it runs again at its next time), or skipped because another run has it. */
export type RunOutcome =
  | { status: 'done'; summary: JobSummary; durationMs: number }
  | { status: 'failed'; error: string; durationMs: number }
  | { status: 'skipped'; reason: 'running elsewhere' | 'slot taken' };

/** Told how each run of a job ended (metrics, alerts); called after every run, scheduled or manual; must not throw. */
export type JobObserver = (name: JobName, outcome: RunOutcome) => void;

/** The jobs running on their schedules in this process. */
export interface RunningSchedule {
  /** Stops scheduling and waits for the runs in progress. */
  stop(): Promise<void>;
}

/** Runs the jobs, one instance at a time per job across every instance of the service. */
export interface JobRunner {
  /**
   * Runs one job now, once (`cs-analytics jobs run`). While another instance runs the same job, waits for it (up to
   * `waitMs`, default 60 s) and then runs. A failed run resolves `{ status: 'failed' }`; an unknown name throws INVALID.
   */
  run(name: string, opts?: { waitMs?: number }): Promise<RunOutcome>;
  /** Starts every job on its schedule (`serve`); `schedules` replaces some cron patterns (UTC), e.g. in tests. */
  startScheduler(schedules?: Partial<Record<JobName, string>>): RunningSchedule;
}
