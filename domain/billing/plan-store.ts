// The PlanStore port: plans (a monthly token allowance each). A tenant's plan is named by its tenant record.
import type { Plan } from './models.ts';

export interface PlanStore {
  /** Adds or replaces a plan by id. */
  putPlan(plan: Plan): Promise<void>;
  getPlan(planId: string): Promise<Plan | null>;
  listPlans(): Promise<Plan[]>;
  /** Removes a plan; false when there was none with this id. */
  deletePlan(planId: string): Promise<boolean>;
}
