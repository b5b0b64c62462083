// Kysely table types of billing: token usages, prices, plans (see migrations/2026_11_25_02_*), the billing rollup
// (00_01_*, by currency since 02_01_*), the ROI rollup (05_*).
import type { Generated } from 'kysely';
import type { Day, Numeric } from '../db/column-types.ts';

export interface TokenUsageTable {
  tenant_id: string;
  usage_key: string;
  occurred_at: Date;
  session_id: string | null;
  subject_kind: string;
  subject_name: string;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  source: string;
  recorded_at: Generated<Date>;
}

export interface PricesTable {
  tenant_id: string;
  subject_kind: string;
  subject_name: string;
  effective_from: Date;
  input_per_million: Numeric;
  output_per_million: Numeric;
  currency: string;
}

export interface PlansTable {
  plan_id: string;
  name: string;
  monthly_token_allowance: number;
}

/** Token and cost rollup per tenant, local day and model (or bot); kept equal to the raw usage by every billing write. */
export interface BillingDailyTable {
  tenant_id: string;
  day: Day;
  model_or_bot: string;
  input_tokens: number;
  output_tokens: number;
  /** null when the model has no price (unpriced tokens are never cost 0). */
  cost: Numeric | null;
  currency: string | null;
  computed_at: Generated<Date>;
}

/** The zone a tenant's billing rollup rows are bucketed in. */
export interface BillingRollupZoneTable {
  tenant_id: string;
  time_zone: string;
}

/**
 * ROI figures of one local day (in `time_zone`) and currency ('' = unpriced, whose costs are null): the sessions ended
 * that day with outcome ai (on the '' row, always present for a rolled day) and all their usage, and the usage
 * occurring that day on sessions ever transferred. `*_usages` counts the usage rows behind each figure. A closed day
 * is whole (`through` null); today is rolled up to `through`, as its transactions' `snapshot` (a pg_snapshot) saw it.
 */
export interface RoiDailyTable {
  tenant_id: string;
  day: Day;
  currency: string;
  time_zone: string;
  ai_resolved_sessions: Generated<number>;
  ai_usages: Generated<number>;
  ai_input_tokens: Generated<number>;
  ai_output_tokens: Generated<number>;
  ai_cost: Numeric | null;
  handed_usages: Generated<number>;
  handed_input_tokens: Generated<number>;
  handed_output_tokens: Generated<number>;
  handed_cost: Numeric | null;
  through: Date | null;
  snapshot: string | null;
  computed_at: Generated<Date>;
}

/** Days whose ROI figures moved since they were rolled up (read raw until recomputed). */
export interface RoiDirtyDaysTable {
  tenant_id: string;
  day: Day;
  marked_at: Generated<Date>;
}

/** A change of a session's ROI state (transferred; ended with outcome ai), with the state before it (see the migration). */
export interface RoiSessionChangesTable {
  seq: Generated<number>;
  tenant_id: string;
  session_id: string;
  xact: Generated<string>;
  existed: boolean;
  transferred: boolean;
  ended_at: Date | null;
  ai: boolean;
}

export interface BillingTables {
  analytics_billing_daily: BillingDailyTable;
  analytics_billing_rollup_zone: BillingRollupZoneTable;
  analytics_roi_daily: RoiDailyTable;
  analytics_roi_dirty_days: RoiDirtyDaysTable;
  analytics_roi_session_changes: RoiSessionChangesTable;
  analytics_token_usage: TokenUsageTable;
  analytics_prices: PricesTable;
  analytics_plans: PlansTable;
}
