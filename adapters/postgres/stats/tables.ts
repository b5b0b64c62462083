// Kysely table types of the stats side: the daily counters rollup, the running totals of recent closed days (every
// RUNNING_TOTAL_STEP_MS), and the days late events moved since their rollup.
import type { Generated } from 'kysely';
import type { Day, Json } from '../db/column-types.ts';

/** Daily counters per tenant and local day (`Counters` of domain/stats, as jsonb). */
export interface DailyStatsTable {
  tenant_id: string;
  day: Day;
  counters: Json<Record<string, number>>;
  computed_at: Generated<Date>;
}

/** Counters of the first `steps` steps of a local day (from local midnight), per tenant. */
export interface DailyStatsRunningTable {
  tenant_id: string;
  day: Day;
  steps: number;
  counters: Json<Record<string, number>>;
}

/** Past local days that late events touched since the last aggregation of that day. */
export interface DirtyDaysTable {
  tenant_id: string;
  day: Day;
  marked_at: Generated<Date>;
}

export interface StatsTables {
  analytics_daily_stats: DailyStatsTable;
  analytics_daily_stats_running: DailyStatsRunningTable;
  analytics_dirty_days: DirtyDaysTable;
}
