// `cs-analytics migrate`: bring the database to the latest schema.
import type { Command } from 'commander';
import { withServices } from './services-from-env.ts';

export function addMigrateCommand(program: Command): void {
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
}
