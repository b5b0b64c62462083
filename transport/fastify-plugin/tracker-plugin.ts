// The fastify plugin for TypeScript products: starts the product's tracker with the host server, hands routes
// the typed helpers (`app.analytics`), and flushes and stops the tracker when the server closes.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TrackerInit } from '../../domain/tracker/tracker-options.ts';
import type { AnalyticsTracker, StopReport, TrackerPorts } from '../../domain/tracker/tracker.ts';
import { TypedEvents } from '../../domain/tracker/typed-events.ts';
import { initTracker } from './product-tracker.ts';

export interface TrackerPluginOptions {
  /** The product's name, stamped on its events (`ai_chatbot`, `agent_workbench`, ...). */
  readonly product: string;
  /** Where events go: the service's event store, realtime sinks, clock and ids. */
  readonly ports: TrackerPorts;
  /**
   * Tracker options (tenantId, bufferSize, flushIntervalMs, queue bounds, onError...). Those not given come from
   * the ANALYTICS_* variables of `process.env`, or of `env`, or from `config` (an AnalyticsConfig) when given.
   */
  readonly tracker?: TrackerInit;
  /** How long closing the server may wait for queued events to be written (default 5000 ms). */
  readonly stopDeadlineMs?: number;
  /** Called with the stop report when the server has closed (e.g. to log what could not be written). */
  readonly onStopped?: (report: StopReport) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The product's typed event helpers (see TypedEvents). */
    analytics: TypedEvents;
    /** The product's tracker, for stats() and flush(). */
    analyticsTracker: AnalyticsTracker;
  }
}

const plugin: FastifyPluginAsync<TrackerPluginOptions> = async (app: FastifyInstance, opts: TrackerPluginOptions) => {
  const tracker = initTracker(opts.product, opts.ports, opts.tracker);
  app.decorate('analyticsTracker', tracker);
  app.decorate('analytics', new TypedEvents(tracker));
  app.addHook('onClose', async () => {
    const report = await tracker.stop({ deadlineMs: opts.stopDeadlineMs ?? 5000 });
    if (!report.drained) {
      app.log.warn({ product: opts.product, abandoned: report.abandoned }, 'analytics tracker stopped before writing everything');
    }
    opts.onStopped?.(report);
  });
};

// What fastify-plugin does: the decorations reach the host instance instead of staying in an encapsulated child.
Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'cs-analytics-tracker' });

/** `app.register(analyticsTrackerPlugin, { product, ports, tracker: { tenantId } })`. */
export const analyticsTrackerPlugin = plugin;
