// `cs-analytics users …`: workbench users of a tenant.
import type { Command } from 'commander';
import { roles } from '../../domain/access/models.ts';
import { CliError } from './cli-error.ts';
import { readPassword } from './read-password.ts';
import { withServices } from './services-from-env.ts';

export function addUserCommands(program: Command): void {
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
