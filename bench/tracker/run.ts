// Tracker benchmark over the HTTP transport (initTracker(product, { url, apiKey })) against a local sink in a child
// process that answers like ingest: at 50k events/s for 5 s, the tracker process's CPU time per event including
// batching, serialization, gzip and sending (process.cpuUsage counts zlib's pool threads too) and the host loop's delay,
// beside a bare array push and the tracker with an in-process store (same run); a 20k one-tick burst; RSS over 500k calls.
// Also the choices inside the transport: node:http keep-alive against fetch, and the gzip level. Median of 3.
// Run: npx tsx bench/tracker/run.ts
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { systemClock, uuidV7Ids } from '../../adapters/system/system-clock.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';
import { totalDropped } from '../../domain/tracker/tracker-stats.ts';
import { initTracker } from '../../transport/fastify-plugin/product-tracker.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const data = { responseTimeMs: 840, model: 'doubao-pro', inputTokens: 612, outputTokens: 41, intent: 'order_status' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMicros = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};
const yieldLoop = () => new Promise<void>((r) => setImmediate(r));
let product = 0;

function startSink(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(here('./sink.ts'), [], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve) => child.once('message', (m: { port: number }) => resolve({ url: `http://127.0.0.1:${m.port}`, child })));
}

async function sinkCount(url: string): Promise<number> {
  return ((await (await fetch(`${url}/count`)).json()) as { events: number }).events;
}

/** The tracker a product gets from initTracker over HTTP (defaults: batches of 1,000, gzip level 1). */
const httpTracker = (url: string) => initTracker(`bench-${product++}`, { url, apiKey: 'bench', tenantId: 'bench', env: {} });

/** The same tracker with a store in this process that answers at once (what batching + validation alone cost). */
const localTracker = () =>
  new AnalyticsTracker(
    'bench',
    {
      events: { append: async (events: readonly AnalyticsEvent[]) => ({ stored: events.map((e) => e.id), rejected: [] }) },
      clock: systemClock,
      ids: uuidV7Ids,
    },
    { tenantId: 'bench' },
  ).start();

interface Subject {
  track(i: number): void;
  settle(): Promise<void>;
}

const pushSubject = (): Subject => {
  let sink: object[] = [];
  return {
    track: (i) => {
      sink.push({ name: 'message.ai', data, sessionId: `s${i & 1023}`, occurredAt: new Date() });
      if (sink.length >= 1000) sink = [];
    },
    settle: async () => {},
  };
};
const trackerSubject = (t: ReturnType<typeof localTracker>): Subject => ({
  track: (i) => t.track('message.ai', data, `s${i & 1023}`),
  settle: async () => void (await t.stop({ deadlineMs: 30_000 })),
});

/**
 * `ratePerSec` events for `seconds`, paced by the wall clock from a 1 ms timer (a late timer catches up at once, as
 * events arriving from I/O would), then everything settled: this process's CPU µs per event (zlib's pool threads
 * included) and the host loop's delay p99 meanwhile.
 */
async function drive(subject: Subject, ratePerSec: number, seconds: number) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  const total = ratePerSec * seconds;
  const cpu = process.cpuUsage();
  h.enable();
  const started = Date.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * ratePerSec));
      while (sent < due) subject.track(sent++);
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  h.disable();
  await subject.settle();
  return { sent, cpuPerEvent: cpuMicros(cpu) / sent, loopP99Ms: h.percentile(99) / 1e6 };
}

async function steadyLoad(url: string, ratePerSec: number, seconds: number) {
  const push = await drive(pushSubject(), ratePerSec, seconds);
  const local = await drive(trackerSubject(localTracker()), ratePerSec, seconds);
  const before = await sinkCount(url);
  const tracker = httpTracker(url);
  const overHttp = await drive(trackerSubject(tracker), ratePerSec, seconds);
  const lost = overHttp.sent - ((await sinkCount(url)) - before);
  return { push, local, overHttp, lost, dropped: totalDropped(tracker.stats()) };
}

async function burst(url: string, n: number) {
  const tracker = httpTracker(url);
  const before = await sinkCount(url);
  for (let i = 0; i < n; i++) tracker.track('message.ai', data, `s${i & 1023}`);
  const report = await tracker.stop({ deadlineMs: 30_000 });
  return { lost: n - ((await sinkCount(url)) - before), dropped: totalDropped(report.stats) };
}

/**
 * RSS growth over `n` calls as fast as they come (yielding every 1,000 calls), in a fresh process: over HTTP, or
 * (`url` 'local') the tracker with an in-process store, the baseline.
 */
async function rssGrowth(url: string, n: number) {
  const local = url === 'local';
  const tracker = local ? localTracker() : httpTracker(url);
  const before = local ? 0 : await sinkCount(url);
  const base = process.memoryUsage().rss;
  let peak = base;
  for (let i = 0; i < n; i++) {
    tracker.track('message.ai', data, `s${i & 1023}`);
    if (i % 1000 === 999) {
      peak = Math.max(peak, process.memoryUsage().rss);
      await yieldLoop();
    }
  }
  const report = await tracker.stop({ deadlineMs: 60_000 });
  peak = Math.max(peak, process.memoryUsage().rss);
  const arrived = local ? report.stats.written : (await sinkCount(url)) - before;
  return { growthMb: (peak - base) / 2 ** 20, lost: n - arrived, dropped: totalDropped(report.stats) };
}

/** CPU µs per request posting the same gzipped 1,000-event body: node:http keep-alive agent against fetch. */
async function clientChoice(url: string, body: Buffer, requests: number) {
  const target = `${url}/api/analytics/ingest/track`;
  const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: 'Bearer bench' };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const viaHttp = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(target, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  const viaFetch = async () => void (await (await fetch(target, { method: 'POST', headers, body: new Uint8Array(body) })).arrayBuffer());
  const time = async (post: () => Promise<void>) => {
    for (let i = 0; i < 20; i++) await post();
    const start = process.cpuUsage();
    for (let i = 0; i < requests; i++) await post();
    return cpuMicros(start) / requests;
  };
  const result = { http: await time(viaHttp), fetch: await time(viaFetch) };
  agent.destroy();
  return result;
}

/** CPU µs per 1,000-event batch (JSON.stringify + gzip at each level) and the bytes sent. */
async function gzipChoice(json: Buffer, rounds: number) {
  const gz = promisify(gzip);
  const out: { level: string; cpuUs: number; bytes: number }[] = [];
  for (const level of [0, 1, 6] as const) {
    let bytes = json.length;
    const start = process.cpuUsage();
    for (let i = 0; i < rounds; i++) if (level > 0) bytes = (await gz(json, { level })).length;
    out.push({ level: level === 0 ? 'none' : String(level), cpuUs: cpuMicros(start) / rounds, bytes });
  }
  return out;
}

async function main() {
  if (process.argv[2] === 'rss') {
    const r = await rssGrowth(process.argv[3]!, 500_000);
    process.send?.(r);
    return;
  }
  const { url, child } = await startSink();
  try {
    const sample = Array.from({ length: 1000 }, (_, i) => ({
      id: uuidV7Ids.next(),
      name: 'message.ai',
      occurredAt: new Date().toISOString(),
      sessionId: `s${i}`,
      product: 'bench',
      data,
    }));
    const json = Buffer.from(JSON.stringify({ events: sample }));
    const levels = await gzipChoice(json, 100);
    console.log(
      `gzip of a 1,000-event batch (${json.length} B JSON): ${levels.map((l) => `level ${l.level} ${l.cpuUs.toFixed(0)} µs CPU, ${l.bytes} B`).join('; ')}`,
    );
    const clients = await clientChoice(url, await promisify(gzip)(json, { level: 1 }), 300);
    console.log(
      `posting one batch: node:http keep-alive ${clients.http.toFixed(0)} µs CPU, fetch ${clients.fetch.toFixed(0)} µs CPU (ratio fetch/http ${(clients.fetch / clients.http).toFixed(2)})`,
    );

    const runs: Awaited<ReturnType<typeof steadyLoad>>[] = [];
    for (let i = 0; i < 3; i++) runs.push(await steadyLoad(url, 50_000, 5));
    const m = (pick: (r: (typeof runs)[number]) => number) => median(runs.map(pick));
    const c = { push: m((r) => r.push.cpuPerEvent), local: m((r) => r.local.cpuPerEvent), http: m((r) => r.overHttp.cpuPerEvent) };
    console.log(
      `50k events/s for 5 s, CPU per event (median of 3): over HTTP ${c.http.toFixed(2)} µs (target <= 5), in-process store ${c.local.toFixed(2)} µs, bare array push ${c.push.toFixed(2)} µs; ratios http/local ${(c.http / c.local).toFixed(2)}x, http/push ${(c.http / c.push).toFixed(1)}x`,
    );
    console.log(
      `50k events/s for 5 s, host loop delay p99 (median of 3): over HTTP ${m((r) => r.overHttp.loopP99Ms).toFixed(1)} ms (target <= 10; runs ${runs.map((r) => r.overHttp.loopP99Ms.toFixed(1)).join('/')}), in-process store ${m((r) => r.local.loopP99Ms).toFixed(1)} ms, bare push ${m((r) => r.push.loopP99Ms).toFixed(1)} ms; lost ${runs.map((r) => r.lost).join('/')} of ${runs.map((r) => r.overHttp.sent).join('/')}, dropped (counted) ${runs.map((r) => r.dropped).join('/')}`,
    );

    const bursts = [];
    for (let i = 0; i < 3; i++) bursts.push(await burst(url, 20_000));
    console.log(
      `20k one-tick burst: lost ${bursts.map((b) => b.lost).join('/')} (target 0; sink count vs tracked), dropped ${bursts.map((b) => b.dropped).join('/')}`,
    );

    type Rss = { growthMb: number; lost: number; dropped: number };
    const rssOf = async (where: string) => {
      const proc = fork(fileURLToPath(import.meta.url), ['rss', where], { execArgv: ['--import', 'tsx'] });
      const r = await new Promise<Rss>((resolve) => proc.once('message', resolve));
      proc.kill();
      return r;
    };
    const rss: Rss[] = [];
    const rssLocal: Rss[] = [];
    for (let i = 0; i < 3; i++) {
      rss.push(await rssOf(url));
      rssLocal.push(await rssOf('local'));
    }
    const rssHttp = median(rss.map((r) => r.growthMb));
    const rssBase = median(rssLocal.map((r) => r.growthMb));
    console.log(
      `RSS growth over 500k calls (fresh process each, median of 3): over HTTP ${rssHttp.toFixed(0)} MB (target <= 150; runs ${rss.map((r) => r.growthMb.toFixed(0)).join('/')}), in-process store ${rssBase.toFixed(0)} MB, ratio ${(rssHttp / rssBase).toFixed(2)}x; lost over HTTP ${rss.map((r) => r.lost).join('/')}, dropped (counted) ${rss.map((r) => r.dropped).join('/')}; in-process lost ${rssLocal.map((r) => r.lost).join('/')}`,
    );
  } finally {
    child.kill();
  }
}

await main();
