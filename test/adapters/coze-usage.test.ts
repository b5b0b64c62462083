// Reading Coze chat objects for billing: only a completed chat's usage counts, keyed coze:<chat_id>.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SseParser, toCozeEvent } from '../../adapters/coze/coze-sse.ts';
import { usageOfChat } from '../../adapters/coze/coze-usage.ts';
import { eventCatalog } from '../../domain/events/catalog.ts';

/** The chat objects of a stream fixture, by event name. */
function chatsIn(name: string): Record<string, unknown> {
  const p = new SseParser();
  const events = [...p.push(readFileSync(new URL(`../fixtures/coze/${name}`, import.meta.url))), ...p.end()].map(toCozeEvent);
  return Object.fromEntries(events.filter((e) => e.event.startsWith('conversation.chat.')).map((e) => [e.event, e.data]));
}

describe('usageOfChat', () => {
  it('turns a completed chat into llm.usage data: input_count and output_count, keyed by the chat id', () => {
    const completed = chatsIn('chat-stream-completed.txt')['conversation.chat.completed'];
    const verdict = usageOfChat(completed, { model: 'doubao-pro-32k' });
    expect(verdict).toEqual({
      kind: 'usage',
      data: {
        usageId: 'coze:7446820094625710115',
        botId: '7446812372350550054',
        model: 'doubao-pro-32k',
        inputTokens: 614,
        outputTokens: 41,
      },
    });
    // and the catalog accepts it as the llm.usage event's data
    if (verdict.kind === 'usage') expect(eventCatalog['llm.usage'].data.safeParse(verdict.data).success).toBe(true);
  });

  it('leaves the model out when the caller does not know it (the bot id is priced)', () => {
    const verdict = usageOfChat(chatsIn('chat-stream-completed.txt')['conversation.chat.completed']);
    expect(verdict.kind === 'usage' && 'model' in verdict.data).toBe(false);
  });

  it('records nothing for a failed chat and reports its last_error', () => {
    expect(usageOfChat(chatsIn('chat-stream-failed.txt')['conversation.chat.failed'])).toEqual({
      kind: 'failed',
      error: { code: 5000, msg: 'event interval error' },
    });
  });

  it('records nothing yet while the chat is created, in progress or waiting for tool outputs', () => {
    const chats = chatsIn('chat-stream-requires-action.txt');
    expect(usageOfChat(chats['conversation.chat.created'])).toEqual({ kind: 'pending', status: 'created' });
    expect(usageOfChat(chats['conversation.chat.in_progress'])).toEqual({ kind: 'pending', status: 'in_progress' });
    expect(usageOfChat(chats['conversation.chat.requires_action'])).toEqual({ kind: 'pending', status: 'requires_action' });
  });

  it('gives the continuation after a tool call the same usage id, with the completion figures', () => {
    const verdict = usageOfChat(chatsIn('submit-tool-outputs-stream.txt')['conversation.chat.completed']);
    expect(verdict).toMatchObject({ kind: 'usage', data: { usageId: 'coze:7446820094625710115', inputTokens: 1283, outputTokens: 96 } });
  });

  it('records a canceled chat only when it spent tokens, and waits on an unknown status', () => {
    const base = { id: '1', conversation_id: '2', bot_id: 'b' };
    expect(usageOfChat({ ...base, status: 'canceled', usage: { token_count: 0, output_count: 0, input_count: 0 } })).toEqual({
      kind: 'none',
      status: 'canceled',
    });
    expect(usageOfChat({ ...base, status: 'canceled', usage: { token_count: 30, output_count: 10, input_count: 20 } })).toMatchObject({
      kind: 'usage',
      data: { usageId: 'coze:1', inputTokens: 20, outputTokens: 10 },
    });
    expect(usageOfChat({ ...base, status: 'queued_somewhere' })).toEqual({ kind: 'pending', status: 'queued_somewhere' });
  });

  it('refuses what is not a chat, or a usage with a bad count, naming the field', () => {
    expect(usageOfChat({ status: 'completed' })).toMatchObject({ kind: 'invalid' });
    expect(usageOfChat(null)).toMatchObject({ kind: 'invalid' });
    const bad = { id: '1', conversation_id: '2', bot_id: 'b', status: 'completed', usage: { token_count: 5, input_count: -1, output_count: 6 } };
    expect(usageOfChat(bad)).toEqual({ kind: 'invalid', reason: 'usage.input_count must be an integer >= 0, got -1' });
  });
});
