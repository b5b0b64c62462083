// Which raw events the retention cleanup may remove: whole UTC days that lie entirely past `retentionDays`.

const DAY_MS = 86_400_000;

/**
 * The first UTC day ('YYYY-MM-DD') whose partition must be kept: every event of an earlier day is older than
 * `retentionDays` at `now`, so its partition can be dropped whole. The day holding the cutoff instant is kept.
 */
export function retentionCutoffDay(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString().slice(0, 10);
}

/** How many days of partitions to keep created ahead: longer than the gap between two weekly cleanups. */
export const PARTITION_DAYS_AHEAD = 14;
