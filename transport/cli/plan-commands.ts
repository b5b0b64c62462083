// `cs-analytics plans …`: billing plans (a token allowance per monthly period), which tenants are put on with
// `tenants create|update --plan`. A plan some tenant is on cannot be deleted: the refusal names those tenants.
import type { Command } from 'commander';
import { namingOptions } from './cli-error.ts';
import { wholeNumber } from './cli-number.ts';
import { printTable } from './cli-table.ts';
import { withServices } from './services-from-env.ts';

/** The option of each plan field, so a refusal names what the operator typed. */
const optionOf = { id: '--plan', name: '--name', monthlyTokenAllowance: '--allowance' };

export function addPlanCommands(program: Command): void {
  const plans = program.command('plans').description('manage billing plans (monthly token allowances)');
  plans
    .command('create')
    .description('create a plan, or change the one with this id')
    .requiredOption('--plan <id>', 'plan id, as `tenants create|update --plan` names it')
    .requiredOption('--allowance <tokens>', 'tokens per monthly period (the tenant’s local calendar month)')
    .option('--name <name>', 'display name (default: the id)')
    .action(async (o: { plan: string; allowance: string; name?: string }) => {
      const plan = { id: o.plan, name: o.name ?? o.plan, monthlyTokenAllowance: wholeNumber(o.allowance, '--allowance') };
      const existed = await withServices(async (s) => {
        const before = (await s.ledger.listPlans()).some((p) => p.id === plan.id);
        await namingOptions(optionOf, () => s.ledger.definePlan(plan));
        return before;
      });
      console.log(`${existed ? 'updated' : 'created'} plan ${plan.id} (${plan.name}): ${plan.monthlyTokenAllowance} tokens a month`);
    });
  plans
    .command('list')
    .description('list the plans and how many tenants are on each')
    .option('--json', 'as a JSON array')
    .action(async (o: { json?: boolean }) => {
      const [all, tenants] = await withServices((s) => Promise.all([s.ledger.listPlans(), s.tenants.list()]));
      const on = (planId: string) => tenants.filter((t) => t.planId === planId).length;
      if (o.json)
        return console.log(
          JSON.stringify(
            all.map((p) => ({ ...p, tenants: on(p.id) })),
            null,
            2,
          ),
        );
      printTable(
        ['PLAN', 'NAME', 'MONTHLY TOKENS', 'TENANTS'],
        all.map((p) => [p.id, p.name, String(p.monthlyTokenAllowance), String(on(p.id))]),
      );
    });
  plans
    .command('delete')
    .description('delete a plan no tenant is on')
    .requiredOption('--plan <id>', 'the plan')
    .action(async (o: { plan: string }) => {
      const plan = await withServices((s) => s.ledger.deletePlan(o.plan));
      console.log(`deleted plan ${plan.id} (${plan.name})`);
    });
}
