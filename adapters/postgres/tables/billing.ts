// Kysely table types of billing: token usages, prices, plans (see migrations/2026_11_25_02_*).
import type { Generated } from 'kysely';
import type { Numeric } from './events.ts';

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

/** The zone a tenant's billing rollup rows are bucketed in. */
export interface BillingRollupZoneTable {
  tenant_id: string;
  time_zone: string;
}

export interface BillingTables {
  analytics_billing_rollup_zone: BillingRollupZoneTable;
  analytics_token_usage: TokenUsageTable;
  analytics_prices: PricesTable;
  analytics_plans: PlansTable;
}
