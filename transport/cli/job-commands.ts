// `cs-analytics jobs run <name>`: runs one scheduled job now, once.
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';

export const jobNames = ['aggregate-daily-stats', 'sync-realtime-stats', 'cleanup-old-events', 'auto-audit'] as const;

export function addJobCommands(program: Command): void {
  const jobs = program.command('jobs').description('scheduled jobs');
  jobs
    .command('run')
    .description(`run a job once now: ${jobNames.join(', ')}`)
    .argument('<name>', 'the job')
    .action(async (name: string) => {
      if (!(jobNames as readonly string[]).includes(name)) throw new CliError(`jobs run: unknown job ${JSON.stringify(name)} (use ${jobNames.join(', ')})`);
      throw new CliError('jobs run: the job runner is not available yet');
    });
}
