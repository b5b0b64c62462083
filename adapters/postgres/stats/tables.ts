// Kysely table types of the stats side: the running totals of recent closed days, every RUNNING_TOTAL_STEP_MS.
import type { Day, Json } from '../events/tables.ts';

/** Counters of the first `steps` steps of a local day (from local midnight), per tenant. */
export interface DailyStatsRunningTable {
  tenant_id: string;
  day: Day;
  steps: number;
  counters: Json<Record<string, number>>;
}

export interface StatsTables {
  analytics_daily_stats_running: DailyStatsRunningTable;
}
