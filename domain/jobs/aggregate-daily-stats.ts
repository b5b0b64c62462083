// Job `aggregate-daily-stats`: for every tenant on record, recently active or with dirty days, rolls up the daily
// stats when due (yesterday not current, or late events dirtied a day) and ROI's due days.
import type { Clock } from '../clock.ts';
import { addDays, localDay } from '../local-day.ts';
import type { CountersSource } from '../stats/counters-source.ts';
import type { DailyRollupStore } from '../stats/daily-rollup-store.ts';
import { DailyStatsAggregator } from '../stats/daily-stats-aggregator.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { DirtyDays } from './dirty-days.ts';
import type { Job, JobSummary } from './job.ts';
import type { RoiRollup } from './roi-rollup.ts';
import { sweepTenants, type TenantSweepPorts } from './tenant-sweep.ts';

/** Tenants with an event in this window are visited even without a record (their yesterday may need a rollup). */
const ACTIVE_WINDOW_MS = 3 * 86_400_000;

export interface AggregateDailyStatsPorts extends TenantSweepPorts {
  readonly counters: CountersSource;
  readonly rollups: DailyRollupStore;
  /** The daily stats' dirty marks (set by the event write). */
  readonly dirtyDays: Pick<DirtyDays, 'tenants'>;
  /** ROI's dirty marks (set by usage, price and event writes). */
  readonly roiDirtyDays: Pick<DirtyDays, 'tenants'>;
  readonly roi: RoiRollup;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
}

export class AggregateDailyStats implements Job {
  readonly name = 'aggregate-daily-stats';
  readonly #p: AggregateDailyStatsPorts;
  readonly #aggregator: DailyStatsAggregator;

  constructor(ports: AggregateDailyStatsPorts) {
    this.#p = ports;
    this.#aggregator = new DailyStatsAggregator(ports);
  }

  /** Reports the tenants visited, the stats days written (`tenant:day`) and how many ROI days were written. */
  async run(now: Date): Promise<JobSummary> {
    const tenants = await sweepTenants(
      this.#p,
      new Date(now.getTime() - ACTIVE_WINDOW_MS),
      await this.#p.dirtyDays.tenants(),
      await this.#p.roiDirtyDays.tenants(),
    );
    const days: string[] = [];
    const roiDays: string[] = [];
    for (const tenantId of tenants) {
      const yesterday = addDays(localDay(now, await this.#p.zoneOf(tenantId)), -1);
      const current = yesterday in (await this.#p.rollups.get(tenantId, [yesterday]));
      if (rollupDue(current, (await this.#p.rollups.dirtyDays(tenantId)).length)) {
        for (const day of await this.#aggregator.run(tenantId)) days.push(`${tenantId}:${day}`);
      }
      // ROI has marks of its own (usage and price writes) and a copy of the event ones: its own due days.
      for (const day of await this.#p.roi.run(tenantId, now)) roiDays.push(`${tenantId}:${day}`);
    }
    return { tenants: tenants.length, days, daysWritten: days.length, roiDaysWritten: roiDays.length };
  }
}

/**
 * Whether a tenant's daily rollups need work: yesterday has no current rollup, or late events dirtied some day.
 * Otherwise the aggregation skips the tenant (its figures are already rolled up).
 */
function rollupDue(yesterdayCurrent: boolean, dirtyDays: number): boolean {
  return !yesterdayCurrent || dirtyDays > 0;
}
