// Tracker hot-path benchmark: the cost of track() on the caller's thread beside a bare array push of the same
// event (the baseline, same run), the host event loop's delay while absorbing 50k events/s, and a 20k one-tick burst.
// Run: npx tsx bench/tracker/run.ts
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { systemClock, uuidV7Ids } from '../../adapters/system/system-clock.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import type { AppendResult } from '../../domain/events/event-store.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';
import { totalDropped } from '../../domain/tracker/tracker-stats.ts';

/** A store that answers like a database a few ms away: latency per batch, nothing kept but a count. */
class SlowStore extends MemoryEventStore {
  stored = 0;
  override async append(events: readonly AnalyticsEvent[]): Promise<AppendResult> {
    await new Promise((r) => setTimeout(r, 8));
    this.stored += events.length;
    return { stored: events.map((e) => e.id), rejected: [] };
  }
}

const data = { responseTimeMs: 840, model: 'doubao-pro', inputTokens: 612, outputTokens: 41, intent: 'order_status' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

function newTracker(store = new SlowStore()) {
  const tracker = new AnalyticsTracker(
    'bench',
    { events: store, clock: systemClock, ids: uuidV7Ids },
    { tenantId: 'bench', maxInFlight: 2, flushIntervalMs: 1000 },
  );
  return { tracker: tracker.start(), store };
}

async function callCost(rounds: number, n: number) {
  const trackNs: number[] = [];
  const pushNs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const { tracker } = newTracker();
    let t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) tracker.track('message.ai', data, `s${i & 1023}`);
    trackNs.push(Number(process.hrtime.bigint() - t) / n);
    await tracker.stop({ deadlineMs: 10_000 });

    const sink: object[] = [];
    t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink.push({ name: 'message.ai', data, sessionId: `s${i & 1023}`, occurredAt: new Date() });
    pushNs.push(Number(process.hrtime.bigint() - t) / n);
  }
  return { track: median(trackNs) / 1000, push: median(pushNs) / 1000 };
}

async function steadyLoad(ratePerSec: number, seconds: number) {
  const { tracker, store } = newTracker();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const perTick = ratePerSec / 1000;
  const end = Date.now() + seconds * 1000;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      for (let i = 0; i < perTick; i++) tracker.track('message.ai', data, `s${sent++ & 1023}`);
      if (Date.now() >= end) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  h.disable();
  const report = await tracker.stop({ deadlineMs: 30_000 });
  return { sent, stored: store.stored, dropped: totalDropped(report.stats), loopP99Ms: h.percentile(99) / 1e6 };
}

async function burst(n: number) {
  const { tracker, store } = newTracker();
  for (let i = 0; i < n; i++) tracker.track('message.ai', data, `s${i & 1023}`);
  const report = await tracker.stop({ deadlineMs: 30_000 });
  return { sent: n, stored: store.stored, dropped: totalDropped(report.stats) };
}

const cost = await callCost(5, 50_000);
console.log(
  `track() per call: ${cost.track.toFixed(2)} µs median of 5 rounds; bare array push of the same event: ${cost.push.toFixed(2)} µs; ratio ${(cost.track / cost.push).toFixed(1)}x`,
);
const runs = [];
for (let i = 0; i < 3; i++) runs.push(await steadyLoad(50_000, 5));
console.log(
  `50k events/s for 5 s (3 runs): sent ${runs.map((r) => r.sent).join('/')}, stored ${runs.map((r) => r.stored).join('/')}, dropped ${runs.map((r) => r.dropped).join('/')}, host loop delay p99 median ${median(runs.map((r) => r.loopP99Ms)).toFixed(1)} ms`,
);
const b = await burst(20_000);
console.log(`20k one-tick burst: sent ${b.sent}, stored ${b.stored}, dropped ${b.dropped}`);
console.log(`(p99 of call cost is not measured per call: timing one call costs more than the call)`);
void pct;
