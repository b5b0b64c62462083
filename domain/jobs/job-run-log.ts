// The JobRunLog port: the record of past job runs (one per scheduled slot), as the cleanup keeps it short.

export interface JobRunLog {
  /** Forgets the runs started before `before`; returns how many. */
  pruneBefore(before: Date): Promise<number>;
}
