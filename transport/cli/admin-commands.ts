// Operator commands on the database: migrate, tenants create, keys create, users create.
import type { Command } from 'commander';
import { roles } from '../../domain/access/models.ts';
import { readPassword } from './read-password.ts';
import { withServices } from './services-from-env.ts';
import { CliError } from './cli-error.ts';

function number(value: string, option: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${option}: not a number: ${JSON.stringify(value)}`);
  return n;
}

export function addAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database (DATABASE_URL, or the embedded one) to the latest schema')
    .action(async () => {
      await withServices(
        async (s) => {
          const { applied } = await s.migrate();
          console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'the database is up to date');
        },
        { migrate: false },
      );
    });

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

  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key; the key is printed once, alone on the last line')
    .requiredOption('--tenant <id>', 'tenant the key belongs to')
    .requiredOption('--scopes <list>', 'comma-separated: ingest, read, admin')
    .option('--name <name>', 'what the key is for')
    .action(async (o: { tenant: string; scopes: string; name?: string }) => {
      await withServices(async (s) => {
        const { key, record } = await s.keys.issue({ tenantId: o.tenant, scopes: [o.scopes], ...(o.name ? { name: o.name } : {}) });
        console.log(`created API key ${record.prefix}… for tenant ${record.tenantId} with scopes ${record.scopes.join(',')}; it is shown once:`);
        console.log(key);
      });
    });

  const users = program.command('users').description('manage workbench users');
  users
    .command('create')
    .description('create a workbench user (password from CS_ANALYTICS_PASSWORD, the terminal, or stdin)')
    .requiredOption('--tenant <id>', 'tenant the user belongs to')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption('--role <role>', 'admin, supervisor or agent')
    .option('--agent-id <id>', 'the agent id the user acts as (events’ agentId); an agent user sets only its status')
    .action(async (o: { tenant: string; username: string; role: string; agentId?: string }) => {
      if (!(roles as readonly string[]).includes(o.role)) throw new CliError(`--role: one of ${roles.join(', ')} (got ${JSON.stringify(o.role)})`);
      const password = await readPassword();
      await withServices(async (s) => {
        const linked = o.agentId !== undefined ? { agentId: o.agentId } : {};
        const user = await s.users.create({ tenantId: o.tenant, username: o.username, role: o.role, password, ...linked });
        const acting = user.agentId !== undefined ? ` acting as agent ${user.agentId}` : '';
        console.log(`created ${user.role} ${user.username} in tenant ${user.tenantId}${acting}`);
      });
    });
}
