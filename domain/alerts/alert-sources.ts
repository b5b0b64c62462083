// What the alert checks read besides their own store: lost events the server can see and the jobs' failing streaks.

/** Events lost at one place of this server (a sink's backlog, a tracker's queue), counted since it started. */
export interface DropCount {
  /** Where, unique per process: e.g. `sinks@host:1234:1764680000000`. */
  readonly source: string;
  /** The tenant the drops are of; null when the place serves every tenant (each tenant is told). */
  readonly tenantId: string | null;
  readonly dropped: number;
}

/** The drop counters this server can see. */
export interface DropSource {
  dropCounts(): readonly DropCount[];
}

/** A job whose last runs all failed: since the first failure after its last success. */
export interface FailingStreak {
  readonly job: string;
  /** When the streak's first failed run started: the streak's identity. */
  readonly since: Date;
  readonly failures: number;
  readonly lastError: string | null;
}

/** The JobStreaks port: the job run log, read for failing streaks. */
export interface JobStreaks {
  /** The jobs that failed at least `minFailures` times in a row, up to now. */
  failingStreaks(minFailures: number): Promise<FailingStreak[]>;
}
