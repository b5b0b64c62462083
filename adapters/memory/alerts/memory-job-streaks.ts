// In-memory JobStreaks, for tests: runs recorded by hand, streaks read as the PostgreSQL adapter reads them.
import type { FailingStreak, JobStreaks } from '../../../domain/alerts/alert-sources.ts';

interface Run {
  readonly job: string;
  readonly startedAt: Date;
  readonly ok: boolean;
  readonly error: string | null;
}

export class MemoryJobStreaks implements JobStreaks {
  readonly #runs: Run[] = [];

  /** Records a finished run. */
  record(job: string, startedAt: Date, outcome: { ok: true } | { ok: false; error: string }): void {
    this.#runs.push({ job, startedAt, ok: outcome.ok, error: outcome.ok ? null : outcome.error });
  }

  async failingStreaks(minFailures: number): Promise<FailingStreak[]> {
    const jobs = [...new Set(this.#runs.map((r) => r.job))].sort();
    const streaks: FailingStreak[] = [];
    for (const job of jobs) {
      const runs = this.#runs.filter((r) => r.job === job).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
      const lastOk = runs.findLastIndex((r) => r.ok);
      const failures = runs.slice(lastOk + 1);
      if (failures.length >= minFailures) {
        streaks.push({ job, since: failures[0]!.startedAt, failures: failures.length, lastError: failures.at(-1)!.error });
      }
    }
    return streaks;
  }
}
