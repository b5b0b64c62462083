// CozeClient against Coze's exact wire format (fixtures served by a local HTTP server, streams cut into small
// chunks): usage is recorded once per completed chat under coze:<chat_id>, failures are counted, nothing else.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { CozeApiError, CozeClient, type CozeClientOptions } from '../../adapters/coze/coze-client.ts';
import type { CozeStreamEvent } from '../../adapters/coze/coze-sse.ts';
import type { CozeUsageData } from '../../adapters/coze/coze-usage.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';
import { aClock, eventually, sequentialIds } from '../support/builders.ts';

const CHAT = { conversation_id: '7446820094625693731', chat_id: '7446820094625710115' };
const BOT = '7446812372350550054';
const question = {
  bot_id: BOT,
  user_id: 'customer-42',
  additional_messages: [{ role: 'user', content: 'Where is my order A1024?', content_type: 'text' }],
} as const;

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * Serves fixture files by "METHOD /path": a list is served in turn (the last one repeats). `.txt` files go out as
 * an event stream in 13-byte pieces, as TCP may deliver them; `.json` files as JSON.
 */
async function serveFixtures(routes: Record<string, string[]>): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const served = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined });
    const route = `${req.method} ${new URL(req.url!, 'http://x').pathname}`;
    const files = routes[route];
    if (!files) return void res.writeHead(404).end();
    const n = served.get(route) ?? 0;
    served.set(route, n + 1);
    const file = files[Math.min(n, files.length - 1)]!;
    const bytes = readFileSync(new URL(`../fixtures/coze/${file}`, import.meta.url));
    if (file.endsWith('.json')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(bytes);
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    for (let i = 0; i < bytes.length; i += 13) {
      res.write(bytes.subarray(i, i + 13));
      await new Promise((r) => setImmediate(r));
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function client(url: string, over: Partial<CozeClientOptions> = {}) {
  const usages: { data: CozeUsageData; sessionId: string | undefined }[] = [];
  const coze = new CozeClient({
    token: 'pat_test',
    baseUrl: `${url}/`,
    pollIntervalMs: 5,
    onUsage: (data, ctx) => usages.push({ data, sessionId: ctx.sessionId }),
    ...over,
  });
  return { coze, usages };
}

async function drain(stream: AsyncGenerator<CozeStreamEvent, unknown>): Promise<{ events: CozeStreamEvent[]; result: unknown }> {
  const events: CozeStreamEvent[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
  }
}

describe('CozeClient.createChatStream', () => {
  it('forwards every event and records the completed chat usage once, with the session and the model', async () => {
    const { url, seen } = await serveFixtures({ 'POST /v3/chat': ['chat-stream-completed.txt'] });
    const { coze, usages } = client(url, { modelOf: (bot) => (bot === BOT ? 'doubao-pro-32k' : undefined) });
    const { events, result } = await drain(coze.createChatStream({ ...question, conversation_id: CHAT.conversation_id }, { sessionId: 's-9' }));
    expect(events).toHaveLength(9);
    expect(events.at(-1)).toEqual({ event: 'done', data: '[DONE]' });
    expect(result).toMatchObject({ id: CHAT.chat_id, status: 'completed' });
    expect(usages).toEqual([
      {
        sessionId: 's-9',
        data: { usageId: `coze:${CHAT.chat_id}`, botId: BOT, model: 'doubao-pro-32k', inputTokens: 614, outputTokens: 41 },
      },
    ]);
    expect(coze.stats()).toMatchObject({ chats: 1, completed: 1, usageRecorded: 1, failed: 0, errors: 0 });
    // the request as Coze expects it: Bearer token, conversation in the query, stream in the body
    expect(seen[0]).toMatchObject({ method: 'POST', url: `/v3/chat?conversation_id=${CHAT.conversation_id}`, authorization: 'Bearer pat_test' });
    expect(seen[0]!.body).toMatchObject({ bot_id: BOT, user_id: 'customer-42', stream: true });
  });

  it('records nothing for a failed chat and counts the failure', async () => {
    const { url } = await serveFixtures({ 'POST /v3/chat': ['chat-stream-failed.txt'] });
    const { coze, usages } = client(url);
    const { result } = await drain(coze.createChatStream(question));
    expect(result).toMatchObject({ status: 'failed', last_error: { code: 5000 } });
    expect(usages).toEqual([]);
    expect(coze.stats()).toMatchObject({ failed: 1, usageRecorded: 0, completed: 0 });
  });

  it('records a chat continued after a tool call once, under its chat id, with the completion figures', async () => {
    const { url, seen } = await serveFixtures({
      'POST /v3/chat': ['chat-stream-requires-action.txt'],
      'POST /v3/chat/submit_tool_outputs': ['submit-tool-outputs-stream.txt'],
    });
    const { coze, usages } = client(url);
    const first = await drain(coze.createChatStream(question));
    const chat = first.result as { status: string; required_action: { submit_tool_outputs: { tool_calls: { id: string }[] } } };
    expect(chat.status).toBe('requires_action');
    expect(usages).toEqual([]);
    const call = chat.required_action.submit_tool_outputs.tool_calls[0]!;
    const second = await drain(coze.submitToolOutputsStream(CHAT, [{ tool_call_id: call.id, output: '{"status":"delivered"}' }]));
    expect(second.result).toMatchObject({ id: CHAT.chat_id, status: 'completed' });
    expect(usages.map((u) => u.data)).toEqual([{ usageId: `coze:${CHAT.chat_id}`, botId: BOT, inputTokens: 1283, outputTokens: 96 }]);
    expect(coze.stats()).toMatchObject({ chats: 1, requiresAction: 1, completed: 1, usageRecorded: 1 });
    expect(seen[1]).toMatchObject({
      url: `/v3/chat/submit_tool_outputs?conversation_id=${CHAT.conversation_id}&chat_id=${CHAT.chat_id}`,
      body: { tool_outputs: [{ tool_call_id: call.id, output: '{"status":"delivered"}' }], stream: true },
    });
  });

  it('hands a duplicate completion to onUsage twice under one usageId; through the tracker both land with that key', async () => {
    const { url } = await serveFixtures({ 'POST /v3/chat': ['chat-stream-completed-twice.txt'] });
    const events = new MemoryEventStore();
    const tracker = new AnalyticsTracker('ai_chatbot', { events, clock: aClock(), ids: sequentialIds() }, { tenantId: 't1' });
    const coze = new CozeClient({ token: 't', baseUrl: url, onUsage: (data, ctx) => tracker.track('llm.usage', data, ctx.sessionId) });
    await drain(coze.createChatStream(question, { sessionId: 's1' }));
    await tracker.flush();
    const usage = events.allEvents('t1').filter((e) => e.name === 'llm.usage');
    // Two events (two ids), one usage key: billing keeps one usage per usageId (the billing engineer's
    // replace-by-usageId), so this chat is counted once.
    expect(usage).toHaveLength(2);
    expect(new Set(usage.map((e) => e.data.usageId))).toEqual(new Set([`coze:${CHAT.chat_id}`]));
    expect(usage.map((e) => [e.data.inputTokens, e.data.outputTokens])).toEqual([
      [614, 41],
      [614, 41],
    ]);
    expect(tracker.stats().invalid).toBe(0);
    await tracker.stop();
  });

  it('still records the usage when the product stops reading early, at the answer or at the completion', async () => {
    const { url } = await serveFixtures({ 'POST /v3/chat': ['chat-stream-completed.txt'] });
    const { coze, usages } = client(url);
    for await (const e of coze.createChatStream(question)) if (e.event === 'conversation.message.delta') break;
    await eventually(() => expect(usages).toHaveLength(1)); // the rest of the stream is read in the background
    for await (const e of coze.createChatStream(question)) if (e.event === 'conversation.chat.completed') break;
    expect(usages).toHaveLength(2);
    expect(usages.map((u) => u.data.inputTokens)).toEqual([614, 614]);
    expect(coze.stats()).toMatchObject({ chats: 2, usageRecorded: 2, errors: 0 });
  });

  it('forwards an error event, then throws it as a CozeApiError and counts it', async () => {
    const { url } = await serveFixtures({ 'POST /v3/chat': ['chat-stream-error.txt'] });
    const { coze, usages } = client(url);
    const names: string[] = [];
    const err = await (async () => {
      for await (const e of coze.createChatStream(question)) names.push(e.event);
    })().catch((e: unknown) => e);
    expect(names).toEqual(['conversation.chat.created', 'error']);
    expect(err).toMatchObject({ name: 'CozeApiError', code: 4000 });
    expect(usages).toEqual([]);
    expect(coze.stats().errors).toBe(1);
  });

  it('throws a Coze error answered as JSON to a stream request, and counts it', async () => {
    const { url } = await serveFixtures({ 'POST /v3/chat': ['error-conversation-occupied.json'] });
    const { coze, usages } = client(url);
    const err = await drain(coze.createChatStream(question)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CozeApiError);
    expect(err).toMatchObject({ code: 4016, logId: '20241210152730467C48D89D6DB2AB16' });
    expect(usages).toEqual([]);
    expect(coze.stats().errors).toBe(1);
  });
});

describe('CozeClient.createChat (not streamed)', () => {
  it('polls retrieve until the chat completes, then records its usage', async () => {
    const { url, seen } = await serveFixtures({
      'POST /v3/chat': ['chat-create-in-progress.json'],
      'GET /v3/chat/retrieve': ['chat-retrieve-in-progress.json', 'chat-retrieve-in-progress.json', 'chat-retrieve-completed.json'],
    });
    const { coze, usages } = client(url);
    const chat = await coze.createChat(question, { sessionId: 's2' });
    expect(chat).toMatchObject({ status: 'completed', usage: { input_count: 242, output_count: 56, token_count: 298 } });
    expect(usages).toEqual([{ sessionId: 's2', data: { usageId: `coze:${CHAT.chat_id}`, botId: BOT, inputTokens: 242, outputTokens: 56 } }]);
    expect(coze.stats()).toMatchObject({ polls: 3, completed: 1, usageRecorded: 1 });
    expect(seen[0]!.body).toMatchObject({ stream: false, auto_save_history: true });
    expect(seen.slice(1).map((s) => `${s.method} ${s.url}`)).toEqual(
      Array(3).fill(`GET /v3/chat/retrieve?conversation_id=${CHAT.conversation_id}&chat_id=${CHAT.chat_id}`),
    );
  });

  it('records nothing when the polled chat fails, and counts the failure', async () => {
    const { url } = await serveFixtures({
      'POST /v3/chat': ['chat-create-in-progress.json'],
      'GET /v3/chat/retrieve': ['chat-retrieve-failed.json'],
    });
    const { coze, usages } = client(url);
    expect(await coze.createChat(question)).toMatchObject({ status: 'failed' });
    expect(usages).toEqual([]);
    expect(coze.stats()).toMatchObject({ failed: 1, usageRecorded: 0 });
  });

  it('gives up polling after pollTimeoutMs, counting an error', async () => {
    const { url } = await serveFixtures({
      'POST /v3/chat': ['chat-create-in-progress.json'],
      'GET /v3/chat/retrieve': ['chat-retrieve-in-progress.json'],
    });
    const { coze } = client(url, { pollIntervalMs: 5, pollTimeoutMs: 40 });
    await expect(coze.createChat(question)).rejects.toThrow(/still in_progress/);
    expect(coze.stats().errors).toBe(1);
  });
});
