// `cs-analytics alerts …`: a tenant's webhook subscriptions, thresholds and deliveries (the use case is
// domain/alerts/alerts.ts, the same as admin.alerts.*). A value the domain refuses is named by its option.
import type { Command } from 'commander';
import type { Services } from '../../adapters/index.ts';
import type { z } from 'zod';
import { SetThresholdsInputSchema, SubscribeInputSchema, type DeliveryLog, type Subscription, type Thresholds } from '../../domain/alerts/models.ts';
import { parseInput } from '../../domain/parse-input.ts';
import { CliError, namingOptions, UsageError } from './cli-error.ts';
import { number } from './cli-number.ts';
import { withServices } from './services-from-env.ts';

/** The option each input field comes from. */
const optionOf: Readonly<Record<string, string>> = {
  url: '--url',
  kinds: '--kinds',
  id: '--id',
  limit: '--limit',
  queueWaitSeconds: '--queue-wait-seconds',
  csatFloorPercent: '--csat-floor',
  csatMinRatings: '--csat-min-ratings',
};

/** Runs `work` on the alerts use case, after checking `input` with `schema` before the database is opened. */
function withAlerts<T>(work: (alerts: Services['alerts']) => Promise<T>, check?: { schema: z.ZodType; input: unknown }): Promise<T> {
  return namingOptions(optionOf, async () => {
    if (check) parseInput(check.schema, check.input);
    return withServices((s) => work(s.alerts));
  });
}

const kindList = (value: string) =>
  value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

function describeSubscription(s: Subscription): string {
  return `${s.id}  ${s.enabled ? 'enabled ' : 'disabled'}  ${s.kinds.join(',')}  ${s.url}  (secret ${s.secretPrefix}…, since ${s.createdAt})`;
}

function describeThresholds(t: Thresholds): string {
  return `queue wait > ${t.queueWaitSeconds} s; CSAT < ${t.csatFloorPercent} % after ${t.csatMinRatings} ratings; quota at 80, 95, 100 %`;
}

function describeDelivery(d: DeliveryLog): string {
  const tries = d.attemptLog.map((a) => `#${a.attempt} ${a.status ?? a.error}`).join(', ');
  return `${d.createdAt}  ${d.id}  ${d.kind}  ${d.status} after ${d.attempts} attempt(s)${tries ? ` [${tries}]` : ''}  ${d.url}`;
}

export function addAlertCommands(program: Command): void {
  const alerts = program.command('alerts').description('webhook alerts of a tenant: quota, queue wait, CSAT, drops, failing jobs');
  alerts
    .command('subscribe')
    .description('add a webhook; its signing secret is printed once, alone on the last line')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--url <url>', 'the receiver (http or https)')
    .option('--kinds <list>', 'comma-separated: quota, queue_wait, csat_low, drops, job_failing (default all)')
    .action(async (o: { tenant: string; url: string; kinds?: string }) => {
      const input = { url: o.url, ...(o.kinds !== undefined ? { kinds: kindList(o.kinds) } : {}) };
      const { subscription, secret } = await withAlerts((a) => a.subscribe(o.tenant, input), { schema: SubscribeInputSchema, input });
      console.log(`subscribed ${subscription.id} for tenant ${subscription.tenantId}: ${subscription.kinds.join(',')} -> ${subscription.url}`);
      console.log('signing secret (shown once; verify X-CS-Analytics-Signature with it):');
      console.log(secret);
    });
  alerts
    .command('list')
    .description('list the tenant’s subscriptions')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--json', 'as a JSON array')
    .action(async (o: { tenant: string; json?: boolean }) => {
      const all = await withAlerts((a) => a.list(o.tenant));
      if (o.json) return console.log(JSON.stringify(all, null, 2));
      if (all.length === 0) return console.log(`tenant ${o.tenant} has no alert subscriptions`);
      for (const s of all) console.log(describeSubscription(s));
    });
  alerts
    .command('update')
    .description('change a subscription’s URL, kinds or enabled flag')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--id <id>', 'the subscription')
    .option('--url <url>', 'the receiver')
    .option('--kinds <list>', 'comma-separated kinds')
    .option('--enable', 'send to it again')
    .option('--disable', 'stop sending to it (kept)')
    .action(async (o: { tenant: string; id: string; url?: string; kinds?: string; enable?: boolean; disable?: boolean }) => {
      if (o.enable && o.disable) throw new UsageError('--enable and --disable: give one of them');
      const patch = {
        id: o.id,
        ...(o.url !== undefined ? { url: o.url } : {}),
        ...(o.kinds !== undefined ? { kinds: kindList(o.kinds) } : {}),
        ...(o.enable || o.disable ? { enabled: Boolean(o.enable) } : {}),
      };
      console.log(describeSubscription(await withAlerts((a) => a.update(o.tenant, patch))));
    });
  alerts
    .command('unsubscribe')
    .description('remove a subscription')
    .requiredOption('--tenant <id>', 'the tenant')
    .requiredOption('--id <id>', 'the subscription')
    .action(async (o: { tenant: string; id: string }) => {
      await withAlerts((a) => a.unsubscribe(o.tenant, o.id));
      console.log(`removed subscription ${o.id} of tenant ${o.tenant}`);
    });
  alerts
    .command('thresholds')
    .description('show the tenant’s alert thresholds (defaults filled in)')
    .requiredOption('--tenant <id>', 'the tenant')
    .action(async (o: { tenant: string }) => {
      console.log(describeThresholds(await withAlerts((a) => a.thresholds(o.tenant))));
    });
  alerts
    .command('set')
    .description('set some alert thresholds; the others keep their value')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--queue-wait-seconds <n>', 'queue_wait: the oldest wait above this (default 300)')
    .option('--csat-floor <percent>', 'csat_low: CSAT today below this percentage (default 80)')
    .option('--csat-min-ratings <n>', 'csat_low: after at least this many ratings today (default 10)')
    .action(async (o: { tenant: string; queueWaitSeconds?: string; csatFloor?: string; csatMinRatings?: string }) => {
      const patch = {
        ...(o.queueWaitSeconds !== undefined ? { queueWaitSeconds: number(o.queueWaitSeconds, '--queue-wait-seconds') } : {}),
        ...(o.csatFloor !== undefined ? { csatFloorPercent: number(o.csatFloor, '--csat-floor') } : {}),
        ...(o.csatMinRatings !== undefined ? { csatMinRatings: number(o.csatMinRatings, '--csat-min-ratings') } : {}),
      };
      if (Object.keys(patch).length === 0) throw new UsageError('alerts set: give --queue-wait-seconds, --csat-floor or --csat-min-ratings');
      console.log(describeThresholds(await withAlerts((a) => a.setThresholds(o.tenant, patch), { schema: SetThresholdsInputSchema, input: patch })));
    });
  alerts
    .command('list-deliveries')
    .description('the latest deliveries, newest first, with each attempt and the outcome')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--limit <n>', 'how many (default 50)')
    .option('--json', 'as a JSON array')
    .action(async (o: { tenant: string; limit?: string; json?: boolean }) => {
      const list = await withAlerts((a) => a.deliveries(o.tenant, o.limit !== undefined ? { limit: number(o.limit, '--limit') } : {}));
      if (o.json) return console.log(JSON.stringify(list, null, 2));
      if (list.length === 0) return console.log(`tenant ${o.tenant} has no deliveries`);
      for (const d of list) console.log(describeDelivery(d));
    });
  alerts
    .command('test')
    .description('send a signed sample now to one subscription (or each) and print how it went')
    .requiredOption('--tenant <id>', 'the tenant')
    .option('--id <id>', 'one subscription')
    .action(async (o: { tenant: string; id?: string }) => {
      const logs = await withAlerts((a) => a.test(o.tenant, o.id));
      for (const d of logs) console.log(describeDelivery(d));
      const failed = logs.filter((d) => d.status !== 'delivered').length;
      if (failed) throw new CliError(`alerts test: ${failed} of ${logs.length} deliveries failed`);
    });
}
