// The demo's two products: the chatbot and the agent workbench, each a small fastify app with the tracker plugin,
// and how one planned event is put on its product's tracker through the typed helpers.
import Fastify, { type FastifyInstance } from 'fastify';
import { uuidV7Ids } from '../../../adapters/system/system-clock.ts';
import type { Clock } from '../../../domain/clock.ts';
import type { EventStore } from '../../../domain/events/event-store.ts';
import type { Logger } from '../../../domain/logger.ts';
import type { RealtimeSink } from '../../../domain/tracker/sink-queue.ts';
import { analyticsTrackerPlugin } from '../../fastify-plugin/tracker-plugin.ts';
import { demoBotId, demoBotModel, demoProducts, occurredAt, type DemoEvent } from './demo-plan.ts';

export interface DemoPorts {
  /** Where the products' trackers write (the service's event store). */
  readonly events: EventStore;
  /** What derives from stored events (realtime counters, token usage). */
  readonly sinks?: readonly RealtimeSink[];
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** The two demo products: a fastify app each, with the tracker plugin, not listening (the demo calls them in-process). */
export interface DemoApps {
  readonly chatbot: FastifyInstance;
  readonly workbench: FastifyInstance;
}

/** Both products, each with its own tracker on the given ports (closing an app flushes its tracker). */
export async function startDemoApps(ports: DemoPorts, options: { tenantId: string; retentionDays: number }): Promise<DemoApps> {
  const make = async (product: string) => {
    const app = Fastify({ logger: false });
    await app.register(analyticsTrackerPlugin, {
      product,
      ports: { events: ports.events, realtime: ports.sinks ?? [], clock: ports.clock, ids: uuidV7Ids, logger: ports.logger },
      tracker: { tenantId: options.tenantId, retentionDays: options.retentionDays, flushIntervalMs: 1000, maxInFlight: 2 },
      // Within a 10 s SIGTERM grace period; what is left is demo data the next start backfills again (same ids).
      stopDeadlineMs: 5_000,
    });
    await app.ready();
    return app;
  };
  const [chatbot, workbench] = await Promise.all([make(demoProducts.chatbot), make(demoProducts.workbench)]);
  return { chatbot, workbench };
}

/** Puts one planned event on its product's tracker, through the typed helpers (and the bot's usage after a reply). */
export function playEvent(apps: DemoApps, e: DemoEvent, override: { occurredAt?: Date; fresh?: boolean } = {}): number {
  const app = e.product === demoProducts.chatbot ? apps.chatbot : apps.workbench;
  const fields = override.fresh ? { ...e.fields, id: undefined, occurredAt: override.occurredAt } : e.fields;
  app.analytics.emit(e.name, fields);
  if (!e.coze || override.fresh) return 1;
  // History: the usage Coze would have reported for this reply, keyed by its chat like the wrapper does.
  const { chatId, eventId, inputTokens, outputTokens } = e.coze.usage;
  apps.chatbot.analytics.llmUsage({
    id: eventId,
    occurredAt: occurredAt(e),
    sessionId: (e.fields as { sessionId?: string }).sessionId,
    usageId: `coze:${chatId}`,
    botId: demoBotId,
    model: demoBotModel,
    inputTokens,
    outputTokens,
  });
  return 2;
}
