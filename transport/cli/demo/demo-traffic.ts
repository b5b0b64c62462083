// Demo traffic: the simulator of transport/cli/demo (both products through the tracker into these services), as
// `serve` starts it and as `cs-analytics demo` runs it. Demo data goes to the `demo` tenant only.
import type pino from 'pino';
import type { Services } from '../../../adapters/index.ts';
import type { DemoReport } from './run-demo.ts';
import { startDemo, type RunningDemo } from './start-demo.ts';
import { announceDemoTenant, DEMO_TENANT } from './demo-tenant.ts';
import { UsageError } from '../cli-error.ts';
import { wholeNumber } from '../cli-number.ts';
import { withServices } from '../services-from-env.ts';

export type { RunningDemo } from './start-demo.ts';

/** Starts 30 days of history then live traffic on the demo tenant; failures are logged, never fatal to `serve`. */
export function startDemoTraffic(services: Services, log: pino.Logger): RunningDemo {
  console.log(`demo data: backfilling 30 days of generated traffic into tenant "${DEMO_TENANT}", then live (--no-demo turns it off)`);
  const demo = startDemo(services, {
    onProgress: (p) => log.debug({ day: p.day, events: p.events }, 'demo backfill'),
  });
  demo.done.catch((err: unknown) => log.error({ err }, 'demo traffic stopped'));
  return demo;
}

export interface DemoCommandOptions {
  readonly seed: string;
  readonly days: string;
  readonly live: boolean;
  readonly speed: string;
}

/** `cs-analytics demo`: backfill (deterministic with --seed), then live until SIGINT/SIGTERM unless --no-live. */
export async function demoCommand(o: DemoCommandOptions): Promise<void> {
  const seed = wholeNumber(o.seed, '--seed');
  const backfillDays = wholeNumber(o.days, '--days');
  const speed = Number(o.speed);
  if (!(speed > 0)) throw new UsageError(`--speed: not a positive number: ${JSON.stringify(o.speed)}`);
  await withServices(async (services) => {
    await announceDemoTenant(services);
    const demo = startDemo(services, {
      seed,
      backfillDays,
      live: o.live,
      speed,
      onProgress: (p) => console.log(`backfilled ${p.day}: ${p.events} events`),
    });
    if (o.live) {
      console.log(`live demo traffic into tenant "${DEMO_TENANT}"; Ctrl-C to stop`);
      const stop = () => void demo.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    const report: DemoReport = await demo.done;
    const written = report.chatbot.written + report.workbench.written;
    console.log(`demo done: ${report.backfill.events} events of history over ${report.backfill.days} days, ${written} written in all`);
  });
}
