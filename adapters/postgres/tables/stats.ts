// Kysely table types of the stats side: the running totals of recent closed days, hour by hour.
import type { Day, Json } from './events.ts';

/** Counters of the first `hours` hours of a local day (from local midnight), per tenant. */
export interface DailyStatsHourlyTable {
  tenant_id: string;
  day: Day;
  hours: number;
  counters: Json<Record<string, number>>;
}

export interface StatsTables {
  analytics_daily_stats_hourly: DailyStatsHourlyTable;
}
