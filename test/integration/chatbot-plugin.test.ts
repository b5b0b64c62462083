// A small fastify "chatbot" with the tracker plugin, driven over HTTP: its routes call the typed helpers and its bot
// through the Coze wrapper (local stand-in); the service (PGlite in memory) then holds its events, realtime counters
// and token usage. The flush interval is long, so what arrives was flushed by closing the server: none is lost.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../adapters/index.ts';
import { CozeClient } from '../../adapters/coze/coze-client.ts';
import { startCozeStandIn, type CozeStandIn } from '../../transport/cli/demo/coze-stand-in.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { analyticsTrackerPlugin } from '../../transport/fastify-plugin/tracker-plugin.ts';
import { trackerPorts } from '../../transport/fastify-plugin/service-ports.ts';
import type { StopReport } from '../../domain/tracker/tracker.ts';

const TENANT = 'chatbot-plugin';
const BOT = '7379462189365198898';

/** The product under test: a chatbot whose routes record what happens through `app.analytics`. */
async function chatbotApp(services: Services, coze: CozeStandIn, stopped: (r: StopReport) => void): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(analyticsTrackerPlugin, {
    product: 'ai_chatbot',
    ports: trackerPorts(services),
    tracker: { tenantId: TENANT, flushIntervalMs: 3_600_000 },
    onStopped: stopped,
  });
  const bot = new CozeClient({
    token: 'test-token',
    baseUrl: coze.url,
    pollIntervalMs: 20,
    onUsage: (usage, { sessionId }) => app.analytics.llmUsage({ ...usage, sessionId }),
  });

  app.post<{ Body: { channel: string } }>('/chats', async (req) => {
    const sessionId = `chat-${Math.random().toString(36).slice(2)}`;
    app.analytics.sessionStart({ sessionId, channel: req.body.channel, locale: 'en' });
    return { sessionId };
  });
  app.post<{ Params: { id: string }; Body: { text: string } }>('/chats/:id/messages', async (req) => {
    const sessionId = req.params.id;
    const { text } = req.body;
    app.analytics.userMessage({ sessionId, length: text.length });
    const started = Date.now();
    let chat = await bot.createChat(
      { bot_id: BOT, user_id: sessionId, additional_messages: [{ role: 'user', content: text, content_type: 'text' }] },
      { sessionId },
    );
    if (chat.status === 'requires_action') {
      const calls = chat.required_action!.submit_tool_outputs.tool_calls;
      const found = !text.includes('A0000');
      app.analytics.orderQuery({ sessionId, found, orderId: /A\d+/.exec(text)?.[0] });
      const outputs = calls.map((c) => ({ tool_call_id: c.id, output: found ? 'shipped' : 'no such order' }));
      chat = await bot.submitToolOutputs({ conversation_id: chat.conversation_id, chat_id: chat.id }, outputs, { sessionId });
    }
    app.analytics.aiMessage({ sessionId, responseTimeMs: Date.now() - started, intent: 'faq' });
    return { status: chat.status };
  });
  app.post<{ Params: { id: string } }>('/chats/:id/handoff', async (req) => {
    app.analytics.sessionTransfer({ sessionId: req.params.id, reason: 'customer asked for a human' });
    return { queued: true };
  });
  app.post<{ Params: { id: string }; Body: { score: number } }>('/chats/:id/end', async (req) => {
    app.analytics.sessionEnd({ sessionId: req.params.id, reason: 'resolved' });
    app.analytics.sessionRated({ sessionId: req.params.id, score: req.body.score });
    return { ended: true };
  });
  return app;
}

describe('a fastify chatbot with the tracker plugin', () => {
  let services: Services;
  let coze: CozeStandIn;
  let app: FastifyInstance;
  let url: string;
  let report: StopReport | undefined;

  beforeAll(async () => {
    services = await createServices(new AnalyticsConfig({ dataDir: 'memory://' }));
    await services.tenants.create({ tenantId: TENANT });
    await services.ledger.setPrice(TENANT, {
      botId: BOT,
      inputPerMillion: '2',
      outputPerMillion: '8',
      currency: 'USD',
      effectiveFrom: '2020-01-01T00:00:00Z',
    });
    coze = await startCozeStandIn({ seed: 11, pollsUntilDone: 1 });
    app = await chatbotApp(services, coze, (r) => (report = r));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    await coze?.close();
    await services?.close();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  it('records a conversation, and closing the server flushes every event into the service', async () => {
    const { sessionId: a } = await post('/chats', { channel: 'web' });
    await post(`/chats/${a}/messages`, { text: 'What are your opening hours?' });
    await post(`/chats/${a}/messages`, { text: 'Where is my order A1024?' });
    await post(`/chats/${a}/end`, { score: 5 });
    const { sessionId: b } = await post('/chats', { channel: 'WhatsApp' });
    await post(`/chats/${b}/messages`, { text: 'Where is my order A0000?' });
    await post(`/chats/${b}/handoff`, {});

    // Nothing written yet: the interval is an hour and no batch is full.
    expect(app.analyticsTracker.stats()).toMatchObject({ enqueued: 16, written: 0, queued: 16 });
    await app.close();
    expect(report).toMatchObject({ drained: true, abandoned: 0, stats: { written: 16, duplicates: 0, invalid: 0, queued: 0 } });
    await services.sinks.drain();

    const timeline = (await services.events.sessionEvents(TENANT, a)).map((e) => e.name);
    // Events of one request may share a millisecond (then the ids order them): compare as a multiset.
    expect(timeline[0]).toBe('session.start');
    expect([...timeline].sort()).toEqual(
      [
        'session.start',
        'message.user',
        'message.user',
        'message.ai',
        'message.ai',
        'llm.usage',
        'llm.usage',
        'order.query',
        'session.end',
        'session.rated',
      ].sort(),
    );
    const other = await services.events.sessionEvents(TENANT, b);
    expect(other[0]).toMatchObject({ name: 'session.start', channel: 'whatsapp', product: 'ai_chatbot' });
    expect(other.find((e) => e.name === 'order.query')!.data).toMatchObject({ found: false });
    expect(await services.events.count(TENANT)).toBe(16);

    const overview = await services.realtime.getOverview(TENANT);
    expect(overview.today).toMatchObject({ sessions: 2, ended: 1, aiResolved: 1, transferred: 1, messages: { user: 3, ai: 3, agent: 0, total: 6 } });
    expect(overview.today.satisfaction).toMatchObject({ total: 1, mean: 5, csat: 1 });
    expect(overview.queue.length).toBe(1);

    const usage = await services.billing.getUsage(TENANT, {});
    const byBot = usage.models.find((m) => m.name === BOT)!;
    expect(byBot.kind).toBe('bot');
    expect(byBot.inputTokens).toBeGreaterThan(0);
    expect(byBot.totalTokens).toBe(byBot.inputTokens + byBot.outputTokens);
    // One usage per completed chat, the tool-continued one counted once.
    expect(usage.rows.length).toBeGreaterThan(0);
    const usageEvents = (await services.events.sessionEvents(TENANT, a)).concat(other).filter((e) => e.name === 'llm.usage');
    expect(usageEvents).toHaveLength(3);
    const tokens = usageEvents.reduce((n, e) => n + (e.data.inputTokens as number) + (e.data.outputTokens as number), 0);
    expect(usage.totalTokens).toBe(tokens);
    expect(usage.unpriced.totalTokens).toBe(0);
    // Priced under the bot's price (2 USD per million input, 8 per million output), from the events' own counts.
    const input = usageEvents.reduce((n, e) => n + (e.data.inputTokens as number), 0);
    const output = tokens - input;
    expect(byBot.costs).toHaveLength(1);
    expect(byBot.costs[0]!.currency).toBe('USD');
    expect(Number(byBot.costs[0]!.cost)).toBeCloseTo((input * 2 + output * 8) / 1e6, 6);
  });
});
