// Seeded random traffic for parity tests: many sessions over a few days with every event kind, values spread wide
// enough to exercise histogram rounding, events out of order, and duplicates.
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import { seededRandom } from '../../transport/cli/demo/coze-stand-in-bot.ts';

/** Batches of events of `sessions` sessions starting within [from, from + spanMs), shuffled, with some replays. */
export function randomTraffic(opts: { tenantId: string; from: Date; spanMs: number; sessions: number; seed: number }): AnalyticsEvent[][] {
  const rnd = seededRandom(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (max: number) => Math.floor(rnd() * max);
  let n = 0;
  const all: AnalyticsEvent[] = [];
  const add = (name: EventName, at: number, over: Partial<AnalyticsEvent>) => {
    n++;
    all.push({
      id: `00000000-0000-7000-b${opts.seed.toString(16).padStart(3, '0').slice(-3)}-${n.toString(16).padStart(12, '0')}`,
      tenantId: opts.tenantId,
      name,
      occurredAt: new Date(at),
      sessionId: null,
      agentId: null,
      channel: null,
      product: 'ai_chatbot',
      data: {},
      ...over,
    });
  };
  for (let i = 0; i < opts.sessions; i++) {
    const s = `r${i}`;
    let t = opts.from.getTime() + int(opts.spanMs);
    const step = () => (t += 1000 + int(15 * 60_000));
    if (rnd() < 0.95) add('session.start', t, { sessionId: s, channel: pick(['web', 'app', 'whatsapp', 'email']) });
    for (let m = int(4); m >= 0; m--) {
      add('message.user', step(), { sessionId: s });
      if (rnd() < 0.85) add('message.ai', step(), { sessionId: s, data: { responseTimeMs: int(rnd() < 0.5 ? 1500 : 250_000) } });
    }
    if (rnd() < 0.3) add('order.query', step(), { sessionId: s, data: { found: rnd() < 0.7 } });
    if (rnd() < 0.2) add('tracking.query', step(), { sessionId: s, data: { found: rnd() < 0.6 } });
    if (rnd() < 0.4) {
      add('session.transfer', step(), { sessionId: s, data: rnd() < 0.5 ? { toAgentId: pick(['a1', 'a2', 'a3']) } : {} });
      for (let r = int(3); r > 0; r--) {
        const agentId = pick(['a1', 'a2', 'a3']);
        add('message.agent', t + int(2 * 3_600_000), { sessionId: s, agentId, data: rnd() < 0.7 ? { responseTimeMs: int(600_000) } : {} });
      }
    }
    if (rnd() < 0.8) add('session.end', step() + int(3_600_000), { sessionId: s, data: { reason: pick(['resolved', 'abandoned', 'timeout']) } });
    for (let r = rnd() < 0.5 ? 1 + int(2) : 0; r > 0; r--) add('session.rated', step(), { sessionId: s, data: { score: 1 + int(5) } });
  }
  for (let i = all.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const batches: AnalyticsEvent[][] = [];
  for (let i = 0; i < all.length; i += 200) batches.push(all.slice(i, i + 200));
  batches.push(all.slice(0, 25)); // replays
  return batches;
}
