// In-memory PlanStore: plans by id.
import type { Plan } from '../../../domain/billing/models.ts';
import type { PlanStore } from '../../../domain/billing/plan-store.ts';

export class MemoryPlanStore implements PlanStore {
  readonly #plans = new Map<string, Plan>();

  async putPlan(plan: Plan): Promise<void> {
    this.#plans.set(plan.id, { ...plan });
  }

  async getPlan(planId: string): Promise<Plan | null> {
    const plan = this.#plans.get(planId);
    return plan ? { ...plan } : null;
  }

  async listPlans(): Promise<Plan[]> {
    return [...this.#plans.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async deletePlan(planId: string): Promise<boolean> {
    return this.#plans.delete(planId);
  }
}
