// In-memory TenantStore (and the billing side's view of tenants), for tests and the in-process default.
import type { BillingTenant, BillingTenants } from '../../../domain/billing/billing-tenants.ts';
import { conflict, notFound } from '../../../domain/errors.ts';
import { newTenant, tenantPatch, type NewTenant, type Tenant, type TenantPatch } from '../../../domain/tenants/tenant.ts';
import type { TenantStore } from '../../../domain/tenants/tenant-store.ts';

export class MemoryTenantStore implements TenantStore, BillingTenants {
  readonly #tenants = new Map<string, Tenant>();

  async get(tenantId: string): Promise<Tenant | null> {
    return this.#tenants.get(tenantId) ?? null;
  }

  async create(input: NewTenant): Promise<Tenant> {
    const tenant = newTenant(input);
    if (this.#tenants.has(tenant.tenantId)) throw conflict(`tenant ${tenant.tenantId} already exists`);
    this.#tenants.set(tenant.tenantId, tenant);
    return tenant;
  }

  async update(tenantId: string, patch: TenantPatch): Promise<Tenant> {
    const current = this.#tenants.get(tenantId);
    if (!current) throw notFound(`tenant ${tenantId}`);
    const next = { ...current, ...stripUndefined(tenantPatch(patch)) };
    this.#tenants.set(tenantId, next);
    return next;
  }

  async list(): Promise<Tenant[]> {
    return [...this.#tenants.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1));
  }

  async getTenant(tenantId: string): Promise<BillingTenant | null> {
    const t = this.#tenants.get(tenantId);
    if (!t) return null;
    // Billing's view only, as the PostgreSQL store gives it: not the whole record (no `name`).
    return { tenantId: t.tenantId, timeZone: t.timeZone, humanCostPerSession: String(t.humanCostPerSession), currency: t.currency, planId: t.planId };
  }

  async setTenantPlan(tenantId: string, planId: string | null): Promise<void> {
    await this.update(tenantId, { planId });
  }

  async tenantsOnPlan(planId: string): Promise<string[]> {
    return (await this.list()).filter((t) => t.planId === planId).map((t) => t.tenantId);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
