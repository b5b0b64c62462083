// PostgresPlanStore: plans (monthly token allowance) in analytics_plans.
import type { Kysely } from 'kysely';
import type { Plan } from '../../../domain/billing/models.ts';
import type { PlanStore } from '../../../domain/billing/plan-store.ts';
import type { Database } from '../schema.ts';

export class PostgresPlanStore implements PlanStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async putPlan(plan: Plan): Promise<void> {
    const values = { name: plan.name, monthly_token_allowance: plan.monthlyTokenAllowance };
    await this.#db
      .insertInto('analytics_plans')
      .values({ plan_id: plan.id, ...values })
      .onConflict((oc) => oc.column('plan_id').doUpdateSet(values))
      .execute();
  }

  async getPlan(planId: string): Promise<Plan | null> {
    const r = await this.#db.selectFrom('analytics_plans').selectAll().where('plan_id', '=', planId).executeTakeFirst();
    return r ? { id: r.plan_id, name: r.name, monthlyTokenAllowance: Number(r.monthly_token_allowance) } : null;
  }

  async listPlans(): Promise<Plan[]> {
    const rows = await this.#db.selectFrom('analytics_plans').selectAll().orderBy('plan_id').execute();
    return rows.map((r) => ({ id: r.plan_id, name: r.name, monthlyTokenAllowance: Number(r.monthly_token_allowance) }));
  }

  async deletePlan(planId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('analytics_plans').where('plan_id', '=', planId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
