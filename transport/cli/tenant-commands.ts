// `cs-analytics tenants …`: the tenants of this service and their settings.
import type { Command } from 'commander';
import { number } from './cli-number.ts';
import { withServices } from './services-from-env.ts';

export function addTenantCommands(program: Command): void {
  const tenants = program.command('tenants').description('manage tenants');
  tenants
    .command('create')
    .description('create a tenant')
    .requiredOption('--tenant <id>', 'tenant id (letters, digits, . _ -)')
    .option('--name <name>', 'display name (default: the id)')
    .option('--timezone <iana>', 'IANA time zone of its local days', 'UTC')
    .option('--human-cost <amount>', 'what a session handled by a human costs (for ROI)')
    .option('--currency <code>', 'ISO 4217 currency of money figures', 'USD')
    .option('--plan <name>', 'billing plan id (token allowance)')
    .action(async (o: { tenant: string; name?: string; timezone: string; humanCost?: string; currency: string; plan?: string }) => {
      await withServices(async (s) => {
        const tenant = await s.tenants.create({
          tenantId: o.tenant,
          ...(o.name ? { name: o.name } : {}),
          timeZone: o.timezone,
          ...(o.humanCost !== undefined ? { humanCostPerSession: number(o.humanCost, '--human-cost') } : {}),
          currency: o.currency,
          planId: o.plan ?? null,
        });
        console.log(
          `created tenant ${tenant.tenantId} (time zone ${tenant.timeZone}, human cost ${tenant.humanCostPerSession} ${tenant.currency}${tenant.planId ? `, plan ${tenant.planId}` : ''})`,
        );
      });
    });
}
