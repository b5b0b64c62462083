// `cs-analytics keys …`: API keys of a tenant: create, list, revoke (a leaked key: by id, prefix or the key itself),
// rotate. A new key is printed once, alone on the last line; a revoked key is refused everywhere within 5 seconds.
import type { Command } from 'commander';
import type { IssuedKey } from '../../domain/access/api-keys.ts';
import { printTable } from './cli-table.ts';
import { withServices } from './services-from-env.ts';

/** Says what was made, then the key alone on the last line (what a script keeps). */
function printIssued({ key, record }: IssuedKey, what: string): void {
  console.log(
    `${what} API key ${record.prefix}… (id ${record.id}) for tenant ${record.tenantId} with scopes ${record.scopes.join(',')}; it is shown once:`,
  );
  console.log(key);
}

export function addKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key; the key is printed once, alone on the last line')
    .requiredOption('--tenant <id>', 'tenant the key belongs to')
    .requiredOption('--scopes <list>', 'comma-separated: ingest, read, admin')
    .option('--name <name>', 'what the key is for')
    .action(async (o: { tenant: string; scopes: string; name?: string }) => {
      const issued = await withServices((s) => s.keys.issue({ tenantId: o.tenant, scopes: [o.scopes], ...(o.name ? { name: o.name } : {}) }));
      printIssued(issued, 'created');
    });
  keys
    .command('list')
    .description('list the API keys of a tenant, revoked ones too (never a secret)')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--json', 'as a JSON array')
    .action(async (o: { tenant: string; json?: boolean }) => {
      const all = await withServices((s) => s.keys.list(o.tenant));
      if (o.json) return console.log(JSON.stringify(all, null, 2));
      printTable(
        ['ID', 'PREFIX', 'NAME', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED'],
        all.map((k) => [k.id, k.prefix, k.name ?? '-', k.scopes.join(','), k.createdAt, k.lastUsedAt ?? 'never', k.revokedAt ?? '-']),
      );
    });
  keys
    .command('revoke')
    .description('revoke an API key: every server refuses it within 5 seconds')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--key <id or prefix>', 'the key: its id, its prefix as listed (csa_xxxxxx), or the whole key')
    .action(async (o: { tenant: string; key: string }) => {
      const revoked = await withServices((s) => s.keys.revoke(o.tenant, o.key));
      console.log(`revoked API key ${revoked.prefix}… (id ${revoked.id}) of tenant ${o.tenant} at ${revoked.revokedAt}`);
    });
  keys
    .command('rotate')
    .description('replace a key by a new one of the same scopes and name, revoking the old one; the new key is printed once, alone on the last line')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--key <id>', 'the key to replace: its id (or prefix as listed)')
    .action(async (o: { tenant: string; key: string }) => {
      const issued = await withServices((s) => s.keys.rotate(o.tenant, o.key));
      printIssued(issued, `revoked ${o.key} and created`);
    });
}
