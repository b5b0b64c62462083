// The Coze SSE parser: Coze's exact stream, however the bytes are cut, and the SSE variations it must tolerate.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSse, SseParser, toCozeEvent, type SseEvent } from '../../adapters/coze/coze-sse.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/coze/${name}`, import.meta.url));

function parseAll(chunks: (Uint8Array | string)[]): SseEvent[] {
  const p = new SseParser();
  return [...chunks.flatMap((c) => p.push(c)), ...p.end()];
}

describe('SseParser', () => {
  it('reads a completed Coze chat stream event by event, ending at done', () => {
    const events = parseAll([fixture('chat-stream-completed.txt')]).map(toCozeEvent);
    expect(events.map((e) => e.event)).toEqual([
      'conversation.chat.created',
      'conversation.chat.in_progress',
      'conversation.message.delta',
      'conversation.message.delta',
      'conversation.message.delta',
      'conversation.message.completed',
      'conversation.message.completed',
      'conversation.chat.completed',
      'done',
    ]);
    expect(events[7]!.data).toMatchObject({ status: 'completed', usage: { token_count: 655, output_count: 41, input_count: 614 } });
    expect(events[8]!.data).toBe('[DONE]');
    expect(
      events
        .slice(2, 5)
        .map((e) => (e.data as { content: string }).content)
        .join(''),
    ).toBe('您的订单已于昨天发货，预计两天内送达。');
  });

  it('gives the same events whichever byte the stream is cut at, even inside a character', () => {
    const bytes = fixture('chat-stream-completed.txt');
    const whole = parseAll([bytes]);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      expect(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
    expect(parseAll([...bytes].map((b) => Uint8Array.of(b)))).toEqual(whole); // one byte at a time
  });

  it('keeps the last event when the stream stops without a blank line or a done event', () => {
    const events = parseAll([fixture('chat-stream-failed.txt')]).map(toCozeEvent);
    expect(events.at(-1)).toMatchObject({
      event: 'conversation.chat.failed',
      data: { status: 'failed', last_error: { code: 5000, msg: 'event interval error' } },
    });
  });

  it('tolerates a space after the colon, CRLF or CR line ends (split between chunks), comments and multi-line data', () => {
    const events = parseAll([
      ': keep-alive\r\n',
      'event: conversation.chat.created\r',
      '\ndata: {"id":"1",\r\n',
      'data: "status":"created"}\r\n\r',
      '\nevent:done\rdata:"[DONE]"\r\r',
    ]);
    expect(events).toEqual([
      { event: 'conversation.chat.created', data: '{"id":"1",\n"status":"created"}' },
      { event: 'done', data: '"[DONE]"' },
    ]);
  });

  it('keeps data that is not JSON as text', () => {
    expect(toCozeEvent({ event: 'error', data: 'upstream timeout' })).toEqual({ event: 'error', data: 'upstream timeout' });
  });
});

describe('parseSse', () => {
  it('reads an async stream of chunks', async () => {
    async function* body() {
      yield 'event:conversation.chat.in_progress\nda';
      yield 'ta:{"id":"7"}\n\nevent:done\ndata:"[DONE]"\n\n';
    }
    const events: SseEvent[] = [];
    for await (const e of parseSse(body())) events.push(e);
    expect(events).toEqual([
      { event: 'conversation.chat.in_progress', data: '{"id":"7"}' },
      { event: 'done', data: '"[DONE]"' },
    ]);
  });
});
