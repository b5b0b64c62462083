// `cs-analytics keys …`: API keys of a tenant.
import type { Command } from 'commander';
import { withServices } from './services-from-env.ts';

export function addKeyCommands(program: Command): void {
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
}
