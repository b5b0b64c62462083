// What billing needs of a tenant record: its zone, currency, human cost per session and plan (read), and the
// plan (written). The tenants area's store provides it; the composition root adapts it.

export interface BillingTenant {
  readonly tenantId: string;
  /** IANA zone: local days and the monthly period are in it. */
  readonly timeZone: string;
  /** Decimal string in `currency`: what a session handled by a human costs. */
  readonly humanCostPerSession: string;
  readonly currency: string;
  readonly planId: string | null;
}

export interface BillingTenants {
  /** The tenant, or null when it does not exist. */
  getTenant(tenantId: string): Promise<BillingTenant | null>;
  setTenantPlan(tenantId: string, planId: string | null): Promise<void>;
  /** The ids of the tenants on this plan, in order. */
  tenantsOnPlan(planId: string): Promise<string[]>;
}
