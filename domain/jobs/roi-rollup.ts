// The RoiRollup port: ROI's figures rolled up by local day (its closed days and today so far), for the aggregation.
import type { LocalDay } from '../local-day.ts';

export interface RoiRollup {
  /**
   * Rolls up the tenant's due closed days (dirty, or never rolled within the window) before its local day at `now`,
   * then today so far. Returns the closed days written, in order.
   */
  run(tenantId: string, now: Date): Promise<LocalDay[]>;
}
