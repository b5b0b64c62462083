// PostgresTenantStore: tenants in analytics_tenants (money as numeric, exact), and billing's view of them.
import type { Kysely } from 'kysely';
import type { BillingTenant, BillingTenants } from '../../../domain/billing/billing-tenants.ts';
import { conflict, notFound } from '../../../domain/errors.ts';
import { newTenant, tenantPatch, type NewTenant, type Tenant, type TenantPatch } from '../../../domain/tenants/tenant.ts';
import type { TenantStore } from '../../../domain/tenants/tenant-store.ts';
import type { Database } from '../schema.ts';
import type { TenantRow } from './tables.ts';

export class PostgresTenantStore implements TenantStore, BillingTenants {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async get(tenantId: string): Promise<Tenant | null> {
    const row = await this.#db.selectFrom('analytics_tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return row ? tenantRowToTenant(row) : null;
  }

  async create(input: NewTenant): Promise<Tenant> {
    const t = newTenant(input);
    const row = await this.#db
      .insertInto('analytics_tenants')
      .values({
        tenant_id: t.tenantId,
        name: t.name,
        time_zone: t.timeZone,
        human_cost_per_session: String(t.humanCostPerSession),
        currency: t.currency,
        plan_id: t.planId,
      })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict(`tenant ${t.tenantId} already exists`);
    return tenantRowToTenant(row);
  }

  async update(tenantId: string, patch: TenantPatch): Promise<Tenant> {
    const p = tenantPatch(patch);
    const set = {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.timeZone !== undefined ? { time_zone: p.timeZone } : {}),
      ...(p.humanCostPerSession !== undefined ? { human_cost_per_session: String(p.humanCostPerSession) } : {}),
      ...(p.currency !== undefined ? { currency: p.currency } : {}),
      ...(p.planId !== undefined ? { plan_id: p.planId } : {}),
    };
    const row =
      Object.keys(set).length === 0
        ? await this.#db.selectFrom('analytics_tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst()
        : await this.#db.updateTable('analytics_tenants').set(set).where('tenant_id', '=', tenantId).returningAll().executeTakeFirst();
    if (!row) throw notFound(`tenant ${tenantId}`);
    return tenantRowToTenant(row);
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.#db.selectFrom('analytics_tenants').selectAll().orderBy('tenant_id').execute();
    return rows.map(tenantRowToTenant);
  }

  /** Billing's view: the human cost as the exact decimal string PostgreSQL holds. */
  async getTenant(tenantId: string): Promise<BillingTenant | null> {
    const row = await this.#db.selectFrom('analytics_tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    if (!row) return null;
    return {
      tenantId: row.tenant_id,
      timeZone: row.time_zone,
      humanCostPerSession: trimDecimal(row.human_cost_per_session),
      currency: row.currency,
      planId: row.plan_id,
    };
  }

  async setTenantPlan(tenantId: string, planId: string | null): Promise<void> {
    await this.update(tenantId, { planId });
  }

  async tenantsOnPlan(planId: string): Promise<string[]> {
    const rows = await this.#db.selectFrom('analytics_tenants').select('tenant_id').where('plan_id', '=', planId).orderBy('tenant_id').execute();
    return rows.map((r) => r.tenant_id);
  }
}

export function tenantRowToTenant(r: TenantRow): Tenant {
  return {
    tenantId: r.tenant_id,
    name: r.name,
    timeZone: r.time_zone,
    humanCostPerSession: Number(r.human_cost_per_session),
    currency: r.currency,
    planId: r.plan_id,
  };
}

/** '12.5000' -> '12.5', '3.0000' -> '3'. */
function trimDecimal(v: string): string {
  return v.includes('.') ? v.replace(/\.?0+$/, '') : v;
}
