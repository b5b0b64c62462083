// `cs-analytics users …`: workbench users of a tenant: create, list, disable (no sign-in, sessions ended at once),
// enable, reset-password (sessions ended at once). Passwords are read as `users create` reads them.
import type { Command } from 'commander';
import { roles, type UserView } from '../../domain/access/models.ts';
import { UsageError } from './cli-error.ts';
import { printTable } from './cli-table.ts';
import { readPassword } from './read-password.ts';
import { withServices } from './services-from-env.ts';

const passwordSources = 'CS_ANALYTICS_PASSWORD, the terminal, or stdin';

export function addUserCommands(program: Command): void {
  const users = program.command('users').description('manage workbench users');
  users
    .command('create')
    .description(`create a workbench user (password from ${passwordSources})`)
    .requiredOption('--tenant <id>', 'tenant the user belongs to')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption('--role <role>', 'admin, supervisor or agent')
    .option('--agent-id <id>', 'the agent id the user acts as (events’ agentId); an agent user sets only its status')
    .action(async (o: { tenant: string; username: string; role: string; agentId?: string }) => {
      if (!(roles as readonly string[]).includes(o.role)) throw new UsageError(`--role: one of ${roles.join(', ')} (got ${JSON.stringify(o.role)})`);
      const password = await readPassword();
      await withServices(async (s) => {
        const linked = o.agentId !== undefined ? { agentId: o.agentId } : {};
        const user = await s.users.create({ tenantId: o.tenant, username: o.username, role: o.role, password, ...linked });
        const acting = user.agentId !== undefined ? ` acting as agent ${user.agentId}` : '';
        console.log(`created ${user.role} ${user.username} in tenant ${user.tenantId}${acting}`);
      });
    });
  users
    .command('list')
    .description('list the workbench users of a tenant, disabled ones too')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--json', 'as a JSON array')
    .action(async (o: { tenant: string; json?: boolean }) => {
      const all = await withServices((s) => s.users.list(o.tenant));
      if (o.json) return console.log(JSON.stringify(all, null, 2));
      printTable(
        ['USERNAME', 'ROLE', 'AGENT', 'CREATED', 'DISABLED'],
        all.map((u) => [u.username, u.role, u.agentId ?? '-', u.createdAt, u.disabledAt ?? '-']),
      );
    });
  users
    .command('disable')
    .description('disable a user: no sign-in, and their open sessions end at once')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--username <name>', 'the user')
    .action(async (o: { tenant: string; username: string }) => {
      const user = await withServices((s) => s.users.disable(o.tenant, o.username));
      console.log(`disabled ${describe(user, o.tenant)} since ${user.disabledAt}; their sessions are ended`);
    });
  users
    .command('enable')
    .description('let a disabled user sign in again')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--username <name>', 'the user')
    .action(async (o: { tenant: string; username: string }) => {
      const user = await withServices((s) => s.users.enable(o.tenant, o.username));
      console.log(`enabled ${describe(user, o.tenant)}`);
    });
  users
    .command('reset-password')
    .description(`set a user's password (from ${passwordSources}); their open sessions end at once`)
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--username <name>', 'the user')
    .action(async (o: { tenant: string; username: string }) => {
      const password = await readPassword('New password: ');
      const user = await withServices((s) => s.users.resetPassword(o.tenant, o.username, password));
      console.log(`reset the password of ${describe(user, o.tenant)}; their sessions are ended`);
    });
}

const describe = (user: UserView, tenantId: string) => `${user.role} ${user.username} in tenant ${tenantId}`;
