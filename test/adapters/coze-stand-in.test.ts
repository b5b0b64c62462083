// The Coze stand-in speaks Coze's wire format well enough for CozeClient: streamed and polled chats, the tool
// round trip under one chat id, failures, Coze's errors; and a seed replays the same chats.
import { afterEach, describe, expect, it } from 'vitest';
import { CozeApiError, CozeClient, type CozeChatRequest } from '../../adapters/coze/coze-client.ts';
import type { CozeStreamEvent } from '../../adapters/coze/coze-sse.ts';
import { startCozeStandIn, type CozeStandIn, type CozeStandInOptions } from '../../transport/cli/demo/coze-stand-in.ts';
import type { CozeChat, CozeUsageData } from '../../adapters/coze/coze-usage.ts';

const running: CozeStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function setup(options: CozeStandInOptions = {}) {
  const standIn = await startCozeStandIn({ token: 'pat_demo', ...options });
  running.push(standIn);
  const usages: CozeUsageData[] = [];
  const coze = new CozeClient({ token: 'pat_demo', baseUrl: standIn.url, pollIntervalMs: 1, onUsage: (d) => usages.push(d) });
  return { standIn, coze, usages };
}

const ask = (content: string, conversation_id?: string): CozeChatRequest => ({
  bot_id: '7446812372350550054',
  user_id: 'u1',
  ...(conversation_id ? { conversation_id } : {}),
  additional_messages: [{ role: 'user', content, content_type: 'text' }],
});

async function all(stream: AsyncGenerator<CozeStreamEvent, CozeChat>): Promise<{ events: CozeStreamEvent[]; chat: CozeChat }> {
  const events: CozeStreamEvent[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { events, chat: next.value };
    events.push(next.value);
  }
}

describe('Coze stand-in', () => {
  it('streams an answer like Coze: created, in_progress with zero usage, deltas, completed with usage, done', async () => {
    const { coze, usages } = await setup();
    const { events, chat } = await all(coze.createChatStream(ask('How long do refunds take?')));
    const names = events.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(['conversation.chat.created', 'conversation.chat.in_progress']);
    expect(names).toContain('conversation.message.delta');
    expect(names.slice(-2)).toEqual(['conversation.chat.completed', 'done']);
    expect((events[0]!.data as CozeChat).usage).toEqual({ token_count: 0, output_count: 0, input_count: 0 });
    const answer = events.filter((e) => e.event === 'conversation.message.delta').map((e) => (e.data as { content: string }).content);
    const completedAnswer = events.find((e) => e.event === 'conversation.message.completed' && (e.data as { type: string }).type === 'answer');
    expect(answer.join('')).toBe((completedAnswer!.data as { content: string }).content);
    const { input_count, output_count, token_count } = chat.usage!;
    expect(token_count).toBe(input_count + output_count);
    expect(input_count).toBeGreaterThanOrEqual(380); // the bot's prompt alone is 380..620 tokens
    expect(usages).toEqual([{ usageId: `coze:${chat.id}`, botId: '7446812372350550054', inputTokens: input_count, outputTokens: output_count }]);
  });

  it('completes a polled chat after a retrieve that still says in_progress, and lists its answer', async () => {
    const { coze, usages } = await setup({ pollsUntilDone: 2 });
    const chat = await coze.createChat(ask('What are your support hours?'));
    expect(chat.status).toBe('completed');
    expect(coze.stats().polls).toBe(3);
    expect(usages).toHaveLength(1);
    const messages = await coze.listMessages({ conversation_id: chat.conversation_id, chat_id: chat.id });
    expect(messages.map((m) => m.type)).toEqual(['answer', 'verbose']);
  });

  it('asks for a tool on an order question, then completes the same chat id with the whole chat usage', async () => {
    for (const stream of [true, false]) {
      const { coze, usages } = await setup();
      const first = stream
        ? (await all(coze.createChatStream(ask('Where is my order A1024?')))).chat
        : await coze.createChat(ask('Where is my order A1024?'));
      expect(first.status).toBe('requires_action');
      const call = first.required_action!.submit_tool_outputs.tool_calls[0]!;
      expect(call.function).toEqual({ name: 'get_order_status', arguments: '{"order_id":"A1024"}' });
      expect(usages).toEqual([]);
      const ref = { conversation_id: first.conversation_id, chat_id: first.id };
      const outputs = [{ tool_call_id: call.id, output: 'Order A1024 was delivered on Monday.' }];
      const done = stream ? (await all(coze.submitToolOutputsStream(ref, outputs))).chat : await coze.submitToolOutputs(ref, outputs);
      expect(done).toMatchObject({ id: first.id, status: 'completed' });
      expect(usages).toEqual([
        { usageId: `coze:${first.id}`, botId: first.bot_id, inputTokens: done.usage!.input_count, outputTokens: done.usage!.output_count },
      ]);
      expect(done.usage!.input_count).toBeGreaterThan(2 * 380); // two model calls: the tool decision and the answer
    }
  });

  it('fails a chat with last_error 5000 and zero usage', async () => {
    const { coze, usages } = await setup();
    const { events, chat } = await all(coze.createChatStream(ask('[fail] hello')));
    expect(events.map((e) => e.event).slice(-2)).toEqual(['conversation.chat.failed', 'done']);
    expect(chat).toMatchObject({ status: 'failed', last_error: { code: 5000, msg: 'event interval error' }, usage: { token_count: 0 } });
    expect(usages).toEqual([]);
    expect(coze.stats().failed).toBe(1);
  });

  it('answers like Coze when the token is wrong or a chat is already running in the conversation', async () => {
    const { standIn, coze } = await setup();
    const stranger = new CozeClient({ token: 'nope', baseUrl: standIn.url });
    await expect(stranger.createChat(ask('hi'))).rejects.toMatchObject({ code: 4100, httpStatus: 401 });
    const waiting = (await all(coze.createChatStream(ask('Where is my parcel 5521?')))).chat; // requires_action: still running
    const err = await coze.createChat(ask('hello?', waiting.conversation_id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CozeApiError);
    expect(err).toMatchObject({ code: 4016 });
  });

  it('replays the same ids and token counts for the same seed and questions', async () => {
    const run = async (seed: number) => {
      const { coze } = await setup({ seed });
      const a = (await all(coze.createChatStream(ask('How long do refunds take?')))).chat;
      const b = await coze.createChat(ask('Can I return shoes?', a.conversation_id));
      return [a, b].map((c) => ({ id: c.id, conversation: c.conversation_id, usage: c.usage }));
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });
});
