// The live half of the demo: seeded session arrivals at a gentle rate, each conversation played as its events fall
// due (compressed by `speed`), the bot's replies asked of Coze through the wrapper so its usage is recorded as products do.
import { DateTime } from 'luxon';
import { CozeClient, type CozeClientStats } from '../../../adapters/coze/coze-client.ts';
import { startCozeStandIn, type CozeStandIn } from './coze-stand-in.ts';
import { seededRandom } from './seeded-random.ts';
import type { Clock } from '../../../domain/clock.ts';
import type { Logger } from '../../../domain/logger.ts';
import { demoAgents, demoBotId, demoBotModel, idMaker, occurredAt, planSession, type DemoEvent } from './demo-plan.ts';
import { playEvent, type DemoApps } from './demo-apps.ts';

export interface LiveOptions {
  readonly seed: number;
  readonly clock: Clock;
  readonly zone: string;
  readonly speed: number;
  readonly sessionsPerMinute: number;
  readonly signal?: AbortSignal;
  readonly coze?: { readonly baseUrl: string; readonly token: string };
  readonly logger: Logger;
}

export interface LiveReport {
  readonly sessions: number;
  readonly events: number;
  readonly coze: CozeClientStats;
}

/** Plays live traffic until `signal` aborts; conversations in progress then stop where they are. */
export async function playLive(apps: DemoApps, opts: LiveOptions): Promise<LiveReport> {
  const random = seededRandom(opts.seed ^ 0x5eed);
  const standIn: CozeStandIn | undefined = opts.coze ? undefined : await startCozeStandIn({ seed: (opts.seed ^ Date.now()) >>> 0 });
  const coze = new CozeClient({
    token: opts.coze?.token ?? 'demo-token',
    baseUrl: opts.coze?.baseUrl ?? standIn!.url,
    pollIntervalMs: 50,
    modelOf: () => demoBotModel,
    onUsage: (data, { sessionId }) => apps.chatbot.analytics.llmUsage({ ...data, sessionId }),
  });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const agentFreeAt = new Map<string, number>();
  const ids = idMaker(random);
  let sessions = 0;
  let events = 0;

  const emit = async (e: DemoEvent) => {
    if (opts.signal?.aborted) return;
    if (e.coze) await askCoze(coze, e, opts.signal).catch((err) => opts.logger.warn(`demo: Coze call failed: ${(err as Error).message}`));
    events += playEvent(apps, e, { fresh: true, occurredAt: opts.clock.now() });
  };

  const staffed = new Set<string>();
  try {
    while (!opts.signal?.aborted) {
      followShifts(apps, opts, staffed);
      const startMs = opts.clock.now().getTime();
      const planned = planSession(`demo-live-${startMs.toString(36)}-${sessions}`, startMs, opts.zone, random, ids, agentFreeAt);
      sessions++;
      // Events of one session stay in order: each waits for the one before it (a Coze call may take a while).
      let chain = Promise.resolve();
      for (const e of planned) {
        const delay = (occurredAt(e).getTime() - startMs) / opts.speed;
        const due = new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, delay);
          timers.add(timer);
        });
        chain = chain.then(() => due).then(() => emit(e));
      }
      const gapMs = (-Math.log(Math.max(random(), 1e-9)) * 60_000) / (opts.sessionsPerMinute * opts.speed);
      await sleep(gapMs, opts.signal);
    }
  } finally {
    for (const t of timers) clearTimeout(t);
    await standIn?.close();
  }
  return { sessions, events, coze: coze.stats() };
}

/** The bot's reply through Coze (streamed; an order question first calls the order tool, then completes). */
async function askCoze(coze: CozeClient, e: DemoEvent, signal?: AbortSignal): Promise<void> {
  const sessionId = (e.fields as { sessionId?: string }).sessionId;
  const call = { sessionId, model: demoBotModel, signal };
  const stream = coze.createChatStream(
    {
      bot_id: demoBotId,
      user_id: sessionId ?? 'demo',
      additional_messages: [{ role: 'user', content: e.coze!.question, content_type: 'text' }],
      auto_save_history: true,
    },
    call,
  );
  let chat = await drain(stream);
  while (chat.status === 'requires_action' && chat.required_action) {
    const outputs = chat.required_action.submit_tool_outputs.tool_calls.map((c) => ({
      tool_call_id: c.id,
      output: 'shipped yesterday, arriving tomorrow',
    }));
    chat = await drain(coze.submitToolOutputsStream({ conversation_id: chat.conversation_id, chat_id: chat.id }, outputs, call));
  }
}

async function drain<T, R>(stream: AsyncGenerator<T, R>): Promise<R> {
  for (;;) {
    const next = await stream.next();
    if (next.done) return next.value;
  }
}

/**
 * Agents whose shift covers now are logged in and online, the others logged out: at the start (a live run with no
 * history of today starts staffed) and whenever a shift begins or ends while the demo runs.
 */
function followShifts(apps: DemoApps, opts: LiveOptions, staffed: Set<string>): void {
  const hour = DateTime.fromJSDate(opts.clock.now(), { zone: opts.zone }).hour;
  const desk = apps.workbench.analytics;
  for (const agent of demoAgents) {
    const onShift = hour >= agent.shift[0] && hour < agent.shift[1];
    if (onShift && !staffed.has(agent.id)) {
      desk.agentLogin({ agentId: agent.id, name: agent.name });
      desk.agentStatusChange({ agentId: agent.id, status: 'online' });
      staffed.add(agent.id);
    } else if (!onShift && staffed.has(agent.id)) {
      desk.agentStatusChange({ agentId: agent.id, status: 'offline' });
      desk.agentLogout({ agentId: agent.id });
      staffed.delete(agent.id);
    }
  }
}

/** Unlike the tracker's `sleep`, this timer is ref'd: the live demo is what keeps a `cs-analytics demo` process alive. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
