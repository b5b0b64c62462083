// Demo traffic for `serve` and `cs-analytics demo`: the integration engineer's simulator (transport/cli/demo/),
// run through the tracker into these services. Until it exists, the command says so.
import type pino from 'pino';
import type { Services } from '../../adapters/index.ts';
import { CliError } from './cli-error.ts';

export interface RunningDemo {
  stop(): Promise<void>;
}

/** Starts the simulator on the demo tenant; without one, logs that demo data is not available and returns undefined. */
export async function startDemoTraffic(_services: Services, log: pino.Logger): Promise<RunningDemo | undefined> {
  log.warn('demo traffic is not available yet (transport/cli/demo has no runDemo)');
  return undefined;
}

/** `cs-analytics demo`. */
export async function demoCommand(): Promise<void> {
  throw new CliError('demo: the traffic simulator is not available yet');
}
