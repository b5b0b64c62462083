// `cs-analytics tenants …`: the tenants of this service and their settings. Every value is checked by the domain
// before the database is opened: a bad one is a usage error naming its option (exit 2); an unknown plan is refused
// by name once the plans are read.
import type { Command } from 'commander';
import { newTenant, tenantPatch, type Tenant, type TenantPatch } from '../../domain/tenants/tenant.ts';
import { namingOptions, UsageError } from './cli-error.ts';
import { number } from './cli-number.ts';
import { printTable } from './cli-table.ts';
import { withServices } from './services-from-env.ts';

/** The option of each tenant field, so a refusal names what the operator typed. */
const optionOf: Record<string, string> = {
  tenantId: '--tenant',
  name: '--name',
  timeZone: '--timezone',
  humanCostPerSession: '--human-cost',
  currency: '--currency',
  planId: '--plan',
};

interface SettingOptions {
  name?: string;
  timezone?: string;
  humanCost?: string;
  currency?: string;
  plan?: string | false;
}

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
    .option('--plan <id>', 'billing plan (token allowance); see `plans list`')
    .action(async (o: SettingOptions & { tenant: string }) => {
      const input = await namingOptions(optionOf, () => newTenant({ tenantId: o.tenant, ...settings(o) }));
      const tenant = await withServices((s) => namingOptions(optionOf, () => s.tenants.create(input)));
      console.log(`created tenant ${describe(tenant)}`);
    });
  tenants
    .command('list')
    .description('list the tenants and their settings')
    .option('--json', 'as a JSON array')
    .action(async (o: { json?: boolean }) => {
      const all = await withServices((s) => s.tenants.list());
      if (o.json) return console.log(JSON.stringify(all, null, 2));
      printTable(
        ['TENANT', 'NAME', 'TIME ZONE', 'HUMAN COST', 'PLAN'],
        all.map((t) => [t.tenantId, t.name, t.timeZone, `${t.humanCostPerSession} ${t.currency}`, t.planId ?? '-']),
      );
    });
  tenants
    .command('update')
    .description('change a tenant’s settings (only those given)')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--name <name>', 'display name')
    .option('--timezone <iana>', 'IANA time zone of its local days')
    .option('--human-cost <amount>', 'what a session handled by a human costs (for ROI)')
    .option('--currency <code>', 'ISO 4217 currency of money figures')
    .option('--plan <id>', 'billing plan; see `plans list`')
    .option('--no-plan', 'take the tenant off its plan')
    .action(async (o: SettingOptions & { tenant: string }) => {
      const patch = await namingOptions(optionOf, () => tenantPatch(settings(o)));
      if (Object.keys(patch).length === 0) {
        throw new UsageError('tenants update: nothing to change (give --name, --timezone, --human-cost, --currency, --plan or --no-plan)');
      }
      const tenant = await withServices((s) => namingOptions(optionOf, () => s.tenants.update(o.tenant, patch)));
      console.log(`updated tenant ${describe(tenant)}`);
    });
}

/** The settings given on the command line, as tenant fields (`--no-plan`: null). */
function settings(o: SettingOptions): TenantPatch {
  return {
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.timezone !== undefined ? { timeZone: o.timezone } : {}),
    ...(o.humanCost !== undefined ? { humanCostPerSession: number(o.humanCost, '--human-cost') } : {}),
    ...(o.currency !== undefined ? { currency: o.currency } : {}),
    ...(o.plan !== undefined ? { planId: o.plan === false ? null : o.plan } : {}),
  };
}

function describe(t: Tenant): string {
  return `${t.tenantId} (time zone ${t.timeZone}, human cost ${t.humanCostPerSession} ${t.currency}${t.planId ? `, plan ${t.planId}` : ''})`;
}
