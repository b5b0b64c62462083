// The CountersSource port: counters computed straight from stored session facts and events, for any window.
import type { DayCounters } from './counters.ts';

export interface CountersSource {
  /**
   * The counters of everything that happened in [from, to), per local day of `zone`: each session contribution
   * whose cohort instant lies in the window (`addSessionContribution`) and each event occurring in it
   * (`addEventContribution`). Used for partial days (today so far, yesterday up to the same local time), for closed
   * days without a current rollup, and by the daily aggregation. Agent status time is not included (live only).
   */
  countersBetween(tenantId: string, zone: string, from: Date, to: Date): Promise<DayCounters>;
}
