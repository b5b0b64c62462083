// Kysely table types of tenants: name, time zone, the human cost of a session and the plan that billing reads.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CreatedAt } from '../db/column-types.ts';

export interface TenantsTable {
  tenant_id: string;
  name: string;
  time_zone: Generated<string>;
  /** numeric(14,4), default 0. */
  human_cost_per_session: ColumnType<string, string | number | undefined, string | number>;
  currency: Generated<string>;
  plan_id: string | null;
  created_at: CreatedAt;
}

export interface TenantTables {
  analytics_tenants: TenantsTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type NewTenantRow = Insertable<TenantsTable>;
