// A local HTTP server that speaks Coze chat v3's wire format (for the demo and tests): streamed and polled chats,
// a tool call (requires_action, then submit_tool_outputs completes the same chat id), failures; seeded, repeatable.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CozeMessage } from '../../../adapters/coze/coze-requests.ts';
import { formatCozeEvent } from '../../../adapters/coze/coze-sse.ts';
import {
  callUsage,
  cannedAnswer,
  cozeId,
  defaultScenario,
  orderIdIn,
  promptTokens,
  tokensOf,
  toolAnswer,
  type CozeScenario,
} from './coze-stand-in-bot.ts';
import { seededRandom } from './seeded-random.ts';
import type { CozeChat, CozeUsage } from '../../../adapters/coze/coze-usage.ts';

export interface CozeStandInOptions {
  /** Same seed, same requests: same ids and token counts (default 1). */
  readonly seed?: number;
  /** The Bearer token to accept; any non-empty token when absent. */
  readonly token?: string;
  /** Retrieves a non-streamed chat answers `in_progress` before it ends (default 1). */
  readonly pollsUntilDone?: number;
  /** Pause between streamed events, for a demo that looks alive (default 0). */
  readonly eventDelayMs?: number;
  /** Write each event in two pieces cut mid-line (and mid-character), as TCP may deliver it (default true). */
  readonly splitEvents?: boolean;
  /** How a chat goes, from the user's last message (default: `defaultScenario`). */
  readonly scenarioOf?: (question: string, botId: string) => CozeScenario;
  readonly port?: number;
  readonly host?: string;
}

export interface CozeStandIn {
  /** Base URL for `CozeClient({ baseUrl })`, e.g. `http://127.0.0.1:53121`. */
  readonly url: string;
  /** Every chat as it stands now, in creation order. */
  chats(): CozeChat[];
  close(): Promise<void>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface ChatState {
  chat: Mutable<CozeChat>;
  question: string;
  scenario: CozeScenario;
  random: () => number;
  prompt: number;
  history: number;
  spent: { input_count: number; output_count: number };
  messages: CozeMessage[];
  pollsLeft: number;
  /** A tool output submitted without streaming, answered at the next retrieve. */
  pendingTool?: string;
}

/** What one step of a chat produced: the answer's pieces, the messages, the chat's new status. */
interface Step {
  readonly deltas: readonly string[];
  readonly messages: readonly CozeMessage[];
}

const zeroUsage: CozeUsage = { token_count: 0, output_count: 0, input_count: 0 };
const noError = { code: 0, msg: '' };
const running = new Set(['created', 'in_progress', 'requires_action']);

/** Starts the stand-in on a free port of 127.0.0.1 (or `port`). */
export async function startCozeStandIn(options: CozeStandInOptions = {}): Promise<CozeStandIn> {
  const seed = options.seed ?? 1;
  const ids = seededRandom(seed);
  const chats = new Map<string, ChatState>();
  const conversations = new Map<string, { history: number; current: string | null }>();
  const scenarioOf = options.scenarioOf ?? ((q: string) => defaultScenario(q));
  const now = () => Math.floor(Date.now() / 1000);

  const message = (s: ChatState, type: string, content: string): CozeMessage => {
    const m = {
      id: cozeId(ids),
      conversation_id: s.chat.conversation_id,
      bot_id: s.chat.bot_id,
      chat_id: s.chat.id,
      section_id: s.chat.section_id!,
      role: 'assistant' as const,
      type,
      content,
      content_type: 'text',
      created_at: now(),
      updated_at: now(),
    };
    s.messages.push(m);
    return m;
  };

  const finishAnswer = (s: ChatState, text: string, reply: string): Step => {
    const used = callUsage(s.random, { promptTokens: s.prompt, history: s.history, text }, reply);
    s.spent.input_count += used.input_count;
    s.spent.output_count += used.output_count;
    const answer = message(s, 'answer', reply);
    const verbose = message(s, 'verbose', JSON.stringify({ msg_type: 'generate_answer_finish', data: '', from_module: null, from_unit: null }));
    const { input_count, output_count } = s.spent;
    Object.assign(s.chat, {
      status: 'completed',
      completed_at: now(),
      usage: { token_count: input_count + output_count, output_count, input_count },
    });
    delete s.chat.required_action;
    const conv = conversations.get(s.chat.conversation_id)!;
    conv.history = s.history + tokensOf(s.question) + tokensOf(reply); // the turn joins the conversation
    conv.current = null;
    delete s.pendingTool;
    return { deltas: pieces(reply), messages: [answer, verbose] };
  };

  /** Runs the chat up to its next stop: completed, requires_action or failed. */
  const step = (s: ChatState, toolOutput?: string): Step => {
    if (toolOutput !== undefined) return finishAnswer(s, toolOutput, toolAnswer(toolOutput));
    if (s.scenario === 'fail') {
      Object.assign(s.chat, { status: 'failed', failed_at: now(), last_error: { code: 5000, msg: 'event interval error' }, usage: zeroUsage });
      conversations.get(s.chat.conversation_id)!.current = null;
      return { deltas: [], messages: [] };
    }
    if (s.scenario === 'answer') return finishAnswer(s, s.question, cannedAnswer(s.random));
    const args = JSON.stringify({ order_id: orderIdIn(s.question) });
    const call = callUsage(s.random, { promptTokens: s.prompt, history: s.history, text: s.question }, args);
    s.spent.input_count += call.input_count;
    s.spent.output_count += call.output_count;
    const fn = message(s, 'function_call', JSON.stringify({ name: 'get_order_status', arguments: JSON.parse(args) }));
    const toolCall = { id: cozeId(ids), type: 'function', function: { name: 'get_order_status', arguments: args } };
    Object.assign(s.chat, {
      status: 'requires_action',
      required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [toolCall] } },
    });
    return { deltas: [], messages: [fn] };
  };

  const startChat = (body: Record<string, unknown>, conversationId: string | null): ChatState | { code: number; msg: string } => {
    const botId = body.bot_id;
    if (typeof botId !== 'string' || botId === '' || typeof body.user_id !== 'string' || body.user_id === '') {
      return { code: 4000, msg: 'bot_id and user_id are required' };
    }
    const convId = conversationId ?? cozeId(ids);
    const conv = conversations.get(convId) ?? { history: 0, current: null };
    conversations.set(convId, conv);
    if (conv.current && running.has(chats.get(conv.current)!.chat.status)) {
      return { code: 4016, msg: 'Another chat is in progress in this conversation. Please wait until it finishes.' };
    }
    const messages = Array.isArray(body.additional_messages) ? (body.additional_messages as { role?: string; content?: string }[]) : [];
    const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const id = cozeId(ids);
    const random = seededRandom(seed * 7919 + chats.size + 1);
    const chat: Mutable<CozeChat> = {
      id,
      conversation_id: convId,
      bot_id: botId,
      created_at: now(),
      completed_at: 0,
      last_error: noError,
      section_id: convId,
      status: 'created',
      usage: zeroUsage,
    };
    const state: ChatState = {
      chat,
      question,
      scenario: scenarioOf(question, botId),
      random,
      prompt: promptTokens(random),
      history: conv.history,
      spent: { input_count: 0, output_count: 0 },
      messages: [],
      pollsLeft: options.pollsUntilDone ?? 1,
    };
    chats.set(id, state);
    conv.current = id;
    return state;
  };

  const stream = async (res: ServerResponse, s: ChatState, first: boolean, toolOutput?: string) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = async (event: string, data: unknown) => {
      if (res.destroyed) return;
      const bytes = Buffer.from(formatCozeEvent(event, data));
      if (options.splitEvents ?? true) {
        const cut = Math.floor(bytes.length / 2);
        res.write(bytes.subarray(0, cut));
        await new Promise((r) => setImmediate(r));
        res.write(bytes.subarray(cut));
      } else res.write(bytes);
      if (options.eventDelayMs) await new Promise((r) => setTimeout(r, options.eventDelayMs));
    };
    if (first) await send('conversation.chat.created', { ...s.chat });
    s.chat.status = 'in_progress';
    await send('conversation.chat.in_progress', { ...s.chat });
    const result = step(s, toolOutput);
    const answer = result.messages.find((m) => m.type === 'answer');
    for (const piece of result.deltas) await send('conversation.message.delta', { ...answer, content: piece });
    for (const m of result.messages) await send('conversation.message.completed', m);
    await send(`conversation.chat.${s.chat.status}`, { ...s.chat });
    await send('done', '[DONE]');
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!token || (options.token !== undefined && token !== options.token)) {
      return reply(res, 401, { code: 4100, msg: 'authentication is invalid' });
    }
    const body = req.method === 'POST' ? await readJson(req) : {};
    if (body === null) return reply(res, 400, { code: 4000, msg: 'the request body is not valid JSON' });
    const ref = { conversation_id: url.searchParams.get('conversation_id'), chat_id: url.searchParams.get('chat_id') };
    const known = ref.chat_id ? chats.get(ref.chat_id) : undefined;
    const found = known && known.chat.conversation_id === ref.conversation_id ? known : undefined;
    const route = `${req.method} ${url.pathname}`;

    if (route === 'POST /v3/chat') {
      const started = startChat(body, ref.conversation_id);
      if (!('chat' in started)) return reply(res, 200, started);
      if (body.stream === true) return stream(res, started, true);
      started.chat.status = 'in_progress';
      return ok(res, started.chat);
    }
    if (!found) return reply(res, 200, { code: 4000, msg: 'conversation_id and chat_id must name an existing chat' });
    if (route === 'GET /v3/chat/retrieve') {
      if (found.chat.status === 'in_progress' && --found.pollsLeft < 0) step(found, found.pendingTool);
      return ok(res, found.chat);
    }
    if (route === 'GET /v3/chat/message/list') return ok(res, found.chat.status === 'completed' ? found.messages : []);
    if (route === 'POST /v3/chat/submit_tool_outputs') {
      const expected = found.chat.required_action?.submit_tool_outputs.tool_calls.map((c) => c.id) ?? [];
      const outputs = Array.isArray(body.tool_outputs) ? (body.tool_outputs as { tool_call_id?: string; output?: string }[]) : [];
      const output = outputs.find((o) => expected.includes(o.tool_call_id ?? ''));
      if (found.chat.status !== 'requires_action' || !output || typeof output.output !== 'string') {
        return reply(res, 200, { code: 4000, msg: 'tool_outputs must answer the pending tool call of a requires_action chat' });
      }
      delete found.chat.required_action;
      if (body.stream === true) return stream(res, found, false, output.output);
      found.chat.status = 'in_progress';
      found.pollsLeft = options.pollsUntilDone ?? 1;
      found.pendingTool = output.output;
      return ok(res, found.chat);
    }
    if (route === 'POST /v3/chat/cancel') {
      if (found.chat.status === 'requires_action') return reply(res, 200, { code: 4000, msg: 'a requires_action chat cannot be canceled' });
      if (running.has(found.chat.status)) Object.assign(found.chat, { status: 'canceled' });
      conversations.get(found.chat.conversation_id)!.current = null;
      return ok(res, found.chat);
    }
    return reply(res, 404, { code: 4000, msg: `no such endpoint: ${route}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { code: 5000, msg: (err as Error)?.message ?? 'stand-in error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    chats: () => [...chats.values()].map((s) => structuredClone(s.chat)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The answer as Coze streams it: a few deltas. */
function pieces(text: string): string[] {
  const words = text.split(/(?<= )/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 3) out.push(words.slice(i, i + 3).join(''));
  return out;
}

let logSeq = 0;
function reply(res: ServerResponse, status: number, payload: { code: number; msg: string; data?: unknown }): void {
  const logid = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}STANDIN${String(++logSeq).padStart(8, '0')}`;
  const body = JSON.stringify({ ...payload, detail: { logid } });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function ok(res: ServerResponse, data: unknown): void {
  reply(res, 200, { code: 0, msg: '', data });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
