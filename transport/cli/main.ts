// The cs-analytics command line (commander): serve, migrate, tenants, plans, keys, users, alerts, jobs, demo.
// Every failure is one line on stderr naming what is at fault, and exits 2 (used wrongly) or 1 (could not be done):
// cli-error.ts. A command's code is loaded when it runs (serve never loads the demo's, `migrate` never the server's).
import { Command, CommanderError } from 'commander';
import { addAlertCommands } from './alert-commands.ts';
import { commanderLine, exitCodeOf, reasonOf, UsageError } from './cli-error.ts';
import { addJobCommands } from './job-commands.ts';
import { addKeyCommands } from './key-commands.ts';
import { addMigrateCommand } from './migrate-command.ts';
import { addPlanCommands } from './plan-commands.ts';
import { addTenantCommands } from './tenant-commands.ts';
import { addUserCommands } from './user-commands.ts';
import { packageVersion } from '../package-version.ts';

export function buildProgram(): Command {
  const program = new Command('cs-analytics')
    .description('Customer-service analytics: ingest, live monitoring, efficiency stats, quality audit, billing.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError(false)
    // Commander's errors in our one-line form; the subcommands added below inherit it.
    .configureOutput({ outputError: (text, write) => write(`cs-analytics: ${commanderLine(text)}\n`) })
    .exitOverride();
  program
    .command('serve')
    .description('migrate, then serve the API and the workbench (PORT, default 8002)')
    .option('--demo', 'generate demo traffic even with DATABASE_URL')
    .option('--no-demo', 'no demo traffic (default with DATABASE_URL)')
    .action(async (o: { demo?: boolean }) => (await import('./serve.ts')).serve(o));
  addMigrateCommand(program);
  addTenantCommands(program);
  addPlanCommands(program);
  addKeyCommands(program);
  addUserCommands(program);
  addAlertCommands(program);
  addJobCommands(program);
  program
    .command('demo')
    .description('generate realistic demo traffic into tenant "demo": history, then live (sessions, AI and agent replies, ratings, token usage)')
    .option('--seed <n>', 'same seed, same traffic', '1')
    .option('--days <n>', 'days of history to backfill before today', '30')
    .option('--no-live', 'stop after the backfill')
    .option('--speed <x>', 'live traffic this many times faster than real time', '1')
    .action(async (o) => (await import('./demo/demo-traffic.ts')).demoCommand(o));
  for (const group of program.commands) if (group.commands.length > 0) oneLineWithoutSubcommand(group);
  return program;
}

/** `cs-analytics tenants` or `tenants frob`: one line naming the group's commands (not the whole help), exit 2. */
function oneLineWithoutSubcommand(group: Command): void {
  const names = group.commands.map((c) => c.name()).join(', ');
  group.usage('<command> [options]');
  group.argument('[command...]').action(([name, topic]: string[]) => {
    // `tenants help [create]` as commander has it: the group's help, or one command's.
    if (name === 'help') return (group.commands.find((c) => c.name() === topic) ?? group).help();
    throw new UsageError(`${group.name()}: ${name ? `unknown command '${name}'` : 'which command?'} (${names})`);
  });
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    // commander has printed its own one-line message (or the help, or the version) already.
    if (!(err instanceof CommanderError)) console.error(`cs-analytics: ${reasonOf(err)}`);
    process.exit(exitCodeOf(err));
  }
}

await main(process.argv);
