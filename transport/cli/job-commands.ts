// `cs-analytics jobs run <name>`: runs one scheduled job now, once, and prints what it did.
import type { Command } from 'commander';
import { isJobName, jobNames } from '../../domain/jobs/job.ts';
import { CliError, UsageError } from './cli-error.ts';
import { withServices } from './services-from-env.ts';

export function addJobCommands(program: Command): void {
  const jobs = program.command('jobs').description('scheduled jobs (serve runs them on their schedules)');
  jobs
    .command('run')
    .description(`run a job once now: ${jobNames.join(', ')}`)
    .argument('<name>', 'the job')
    .action(async (name: string) => {
      if (!isJobName(name)) throw new UsageError(`jobs run: unknown job ${JSON.stringify(name)} (use ${jobNames.join(', ')})`);
      const outcome = await withServices((services) => services.jobs.run(name));
      if (outcome.status === 'failed') throw new CliError(`jobs run ${name}: failed: ${outcome.error}`);
      if (outcome.status === 'skipped') throw new CliError(`jobs run ${name}: skipped (${outcome.reason})`);
      const summary = Object.entries(outcome.summary).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`);
      console.log(`${name}: done in ${outcome.durationMs} ms${summary.length ? ` (${summary.join(' ')})` : ''}`);
    });
}
