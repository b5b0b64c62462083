// Where the tracker's CPU goes over HTTP: runs the bench's steady load (50k events/s for 5 s, then settled) in a child
// process, profiled from the first track() to the end of stop() (node:inspector), against the child-process sink, and
// prints self time by function (main thread only: zlib's pool threads are not sampled; run.ts measures gzip apart).
// Run: npx tsx bench/tracker/profile.ts [rate] [seconds] [top]
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initTracker } from '../../transport/fastify-plugin/product-tracker.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const data = { responseTimeMs: 840, model: 'doubao-pro', inputTokens: 612, outputTokens: 41, intent: 'order_status' };

/** The profiled process: the same load and tracker as run.ts's "over HTTP" phase. */
async function drive(url: string, rate: number, seconds: number): Promise<void> {
  const tracker = initTracker('bench-profile', { url, apiKey: 'bench', tenantId: 'bench', env: {} });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const total = rate * seconds;
  const started = Date.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
      while (sent < due) tracker.track('message.ai', data, `s${sent++ & 1023}`);
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  const report = await tracker.stop({ deadlineMs: 30_000 });
  const { profile } = await session.post('Profiler.stop');
  const file = join(tmpdir(), `tracker-${process.pid}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.send?.({ sent, written: report.stats.written, file });
}

/** Self time in ms by function (name, file:line), largest first, and the whole sampled time. */
function selfTimes(profile: CpuProfile): { rows: { fn: string; ms: number }[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    // A sample stands for the time until the next one.
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^.*\/(node_modules\/|work\/main\/)/, '');
    const key = `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    ms.set(key, (ms.get(key) ?? 0) + dt);
    totalMs += dt;
  });
  const rows = [...ms].map(([fn, t]) => ({ fn, ms: t })).sort((a, b) => b.ms - a.ms);
  return { rows, totalMs };
}

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'drive') return drive(a!, Number(b), Number(c));
  const rate = Number(mode ?? 50_000);
  const seconds = Number(a ?? 5);
  const top = Number(b ?? 30);
  const sink = fork(here('./sink.ts'), [], { execArgv: ['--import', 'tsx'] });
  const url = await new Promise<string>((resolve) => sink.once('message', (m: { port: number }) => resolve(`http://127.0.0.1:${m.port}`)));
  const child = fork(fileURLToPath(import.meta.url), ['drive', url, String(rate), String(seconds)], { execArgv: ['--import', 'tsx'] });
  const result = await new Promise<{ sent: number; written: number; file: string }>((resolve) => child.once('message', resolve));
  child.kill();
  sink.kill();
  const { file } = result;
  const { rows, totalMs } = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const busy = totalMs - rows.filter((r) => r.fn === '(idle)').reduce((n, r) => n + r.ms, 0);
  console.log(`${result.sent} events tracked, ${result.written} written; profile ${file}`);
  console.log(`sampled ${totalMs.toFixed(0)} ms, busy (not idle) ${busy.toFixed(0)} ms = ${((busy * 1000) / result.sent).toFixed(2)} µs/event`);
  for (const r of rows.slice(0, top)) {
    if (r.fn === '(idle)') continue;
    console.log(`${((100 * r.ms) / busy).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(6)} ms  ${r.fn}`);
  }
}

await main();
