// BillingLedger: what billing is charged from, written: token usages recorded one by one (e.g. from Coze), the
// tenant's prices per model or bot, the plans and the tenant's plan. BillingStats reads the figures they make.
import type { Clock } from '../clock.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import type { BillingTenant, BillingTenants } from './billing-tenants.ts';
import { PlanSchema, RecordTokenUsageInputSchema, SetPriceInputSchema, type Plan, type Price } from './models.ts';
import type { PlanStore } from './plan-store.ts';
import type { PriceStore } from './price-store.ts';
import type { TokenUsage } from './token-usage.ts';
import type { UsageStore } from './usage-store.ts';

const MAX_FUTURE_MS = 5 * 60 * 1000;

export interface BillingLedgerPorts {
  readonly usage: Pick<UsageStore, 'record'>;
  readonly prices: PriceStore;
  readonly plans: PlanStore;
  readonly tenants: BillingTenants;
  readonly clock: Clock;
}

export class BillingLedger {
  readonly #p: BillingLedgerPorts;

  constructor(ports: BillingLedgerPorts) {
    this.#p = ports;
  }

  /** Records one usage by its `usageId`; the same id again replaces it (never adds). */
  async recordTokenUsage(tenantId: string, input: unknown): Promise<{ usageId: string; replaced: boolean }> {
    const u = parseInput(RecordTokenUsageInputSchema, input);
    await this.#tenant(tenantId);
    const now = this.#p.clock.now();
    const occurredAt = u.occurredAt ? new Date(u.occurredAt) : now;
    if (occurredAt.getTime() - now.getTime() > MAX_FUTURE_MS) throw invalid('occurredAt', 'more than 5 minutes in the future');
    const usage: TokenUsage = {
      tenantId,
      usageKey: u.usageId,
      occurredAt,
      sessionId: u.sessionId ?? null,
      kind: u.botId ? 'bot' : 'model',
      name: u.botId ?? u.model!,
      model: u.model ?? null,
      inputTokens: u.tokens.input,
      outputTokens: u.tokens.output,
      source: 'api',
    };
    const result = await this.#p.usage.record([usage]);
    return { usageId: u.usageId, replaced: result.replaced.includes(u.usageId) };
  }

  /** Puts the tenant on a plan (null: no plan). The plan must exist. */
  async setPlan(tenantId: string, planId: string | null): Promise<void> {
    await this.#tenant(tenantId);
    if (planId !== null && !(await this.#p.plans.getPlan(planId))) throw notFound(`plan ${planId}`);
    await this.#p.tenants.setTenantPlan(tenantId, planId);
  }

  /** Adds or replaces a plan. */
  async definePlan(input: unknown): Promise<Plan> {
    const plan = parseInput(PlanSchema, input);
    await this.#p.plans.putPlan(plan);
    return plan;
  }

  /** Deletes a plan no tenant is on: NOT_FOUND when there is none, CONFLICT naming the tenants still on it. */
  async deletePlan(planId: string): Promise<Plan> {
    const plan = await this.#p.plans.getPlan(planId);
    if (!plan) throw notFound(`plan ${JSON.stringify(planId)}`);
    const users = await this.#p.tenants.tenantsOnPlan(planId);
    if (users.length > 0) {
      const named = users.length > 5 ? `${users.slice(0, 5).join(', ')} and ${users.length - 5} more` : users.join(', ');
      throw conflict(`plan ${JSON.stringify(planId)} is the plan of tenant(s) ${named}: move them to another plan first`);
    }
    await this.#p.plans.deletePlan(planId);
    return plan;
  }

  /** Every plan, by id. */
  async listPlans(): Promise<Plan[]> {
    return this.#p.plans.listPlans();
  }

  /** Adds a price of a model or bot valid from `effectiveFrom` (default now); usages after it are priced by it. */
  async setPrice(tenantId: string, input: unknown): Promise<Price> {
    const p = parseInput(SetPriceInputSchema, input);
    await this.#tenant(tenantId);
    const price: Price = {
      kind: p.botId ? 'bot' : 'model',
      name: (p.botId ?? p.model)!,
      inputPerMillion: p.inputPerMillion,
      outputPerMillion: p.outputPerMillion,
      currency: p.currency,
      effectiveFrom: (p.effectiveFrom ? new Date(p.effectiveFrom) : this.#p.clock.now()).toISOString(),
    };
    await this.#p.prices.setPrice(tenantId, price);
    return price;
  }

  async listPrices(tenantId: string): Promise<Price[]> {
    await this.#tenant(tenantId);
    return this.#p.prices.listPrices(tenantId);
  }

  async #tenant(tenantId: string): Promise<BillingTenant> {
    const tenant = await this.#p.tenants.getTenant(tenantId);
    if (!tenant) throw notFound(`tenant ${tenantId}`);
    return tenant;
  }
}
