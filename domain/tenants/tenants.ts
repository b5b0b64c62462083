// Tenants: the tenant records as operators (CLI) and admins (admin.tenants.*) change them. Every field is checked
// before anything is stored, and a tenant is put on a plan only when that plan exists: refused naming it otherwise.
import type { Plan } from '../billing/models.ts';
import type { PlanStore } from '../billing/plan-store.ts';
import { invalid } from '../errors.ts';
import { newTenant, tenantPatch, type NewTenant, type Tenant, type TenantPatch } from './tenant.ts';
import type { TenantStore } from './tenant-store.ts';

export interface TenantsPorts {
  readonly store: TenantStore;
  readonly plans: Pick<PlanStore, 'getPlan' | 'listPlans'>;
}

/** The TenantStore every caller gets: the store's own checks, and the plan's existence. */
export class Tenants implements TenantStore {
  readonly #p: TenantsPorts;

  constructor(ports: TenantsPorts) {
    this.#p = ports;
  }

  get(tenantId: string): Promise<Tenant | null> {
    return this.#p.store.get(tenantId);
  }

  list(): Promise<Tenant[]> {
    return this.#p.store.list();
  }

  /** Creates a tenant; INVALID naming the field (an unknown plan, currency or zone), CONFLICT when the id is taken. */
  async create(input: NewTenant): Promise<Tenant> {
    const tenant = newTenant(input);
    await this.#planExists(tenant.planId);
    return this.#p.store.create(tenant);
  }

  /** Changes some fields; INVALID naming the field, NOT_FOUND when there is no such tenant. */
  async update(tenantId: string, patch: TenantPatch): Promise<Tenant> {
    const checked = tenantPatch(patch);
    if (checked.planId !== undefined) await this.#planExists(checked.planId);
    return this.#p.store.update(tenantId, checked);
  }

  /** The plans a tenant can be put on, by id. */
  plans(): Promise<Plan[]> {
    return this.#p.plans.listPlans();
  }

  async #planExists(planId: string | null): Promise<void> {
    if (planId === null || (await this.#p.plans.getPlan(planId))) return;
    const known = (await this.#p.plans.listPlans()).map((p) => p.id);
    throw invalid('planId', `no plan ${JSON.stringify(planId)} (${known.length ? `plans: ${known.join(', ')}` : 'no plan is defined yet'})`);
  }
}
