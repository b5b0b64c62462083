// Job `cleanup-old-events`: drops the raw events past retention a whole UTC day at a time with their ids, forgets the
// dirty marks of those days, creates the days ahead, and keeps the record of job runs short. Rollups are kept.
// An id is remembered as long as its event: once its day is dropped, a copy sent again is stored as a new event (a
// copy still carrying its old occurredAt is refused as older than retention). Retries come within minutes, far
// inside retention; keeping every id forever would grow without bound and outlive the data it guards.
import type { DayPartitions } from './day-partitions.ts';
import type { DirtyDays } from './dirty-days.ts';
import type { Job, JobSummary } from './job.ts';
import type { JobRunLog } from './job-run-log.ts';
import { PARTITION_DAYS_AHEAD, retentionCutoffDay } from './retention.ts';

/** How long the record of a job run is kept. */
const JOB_RUNS_KEPT_MS = 30 * 86_400_000;

export interface CleanupOldEventsPorts {
  readonly partitions: DayPartitions;
  /** The daily stats' dirty marks. */
  readonly dirtyDays: Pick<DirtyDays, 'forgetThrough'>;
  readonly runs: JobRunLog;
  readonly retentionDays: number;
}

export class CleanupOldEvents implements Job {
  readonly name = 'cleanup-old-events';
  readonly #p: CleanupOldEventsPorts;

  constructor(ports: CleanupOldEventsPorts) {
    this.#p = ports;
  }

  /** Reports the first day kept, the days dropped and their events, the days created and the run records pruned. */
  async run(now: Date): Promise<JobSummary> {
    const cutoff = retentionCutoffDay(now, this.#p.retentionDays);
    const dropped = await this.#p.partitions.dropBefore(cutoff);
    // A day whose raw events are (even partly) gone must never be recomputed: the rollup would lose them.
    await this.#p.dirtyDays.forgetThrough(cutoff);
    const created = await this.#p.partitions.createAhead(now, PARTITION_DAYS_AHEAD);
    const runsPruned = await this.#p.runs.pruneBefore(new Date(now.getTime() - JOB_RUNS_KEPT_MS));
    return {
      keepFrom: cutoff,
      partitionsDropped: dropped.days,
      rowsDropped: dropped.rows,
      partitionsCreated: created,
      runsPruned,
    };
  }
}
