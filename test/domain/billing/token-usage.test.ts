// What usage an event carries: keys, subjects, and the events that carry none.
import { describe, expect, it } from 'vitest';
import { usageFromEvent } from '../../../domain/billing/token-usage.ts';
import { anEvent } from '../../support/builders.ts';

describe('usageFromEvent', () => {
  it('keys a message.ai with tokens by its event id and prices it by its model', () => {
    const e = anEvent('message.ai', { data: { responseTimeMs: 5, model: 'gpt-4o', inputTokens: 12, botId: 'ignored' } });
    expect(usageFromEvent(e)).toMatchObject({
      usageKey: e.id,
      kind: 'model',
      name: 'gpt-4o',
      inputTokens: 12,
      outputTokens: 0,
      sessionId: 's1',
      source: 'message.ai',
    });
  });

  it('keys an llm.usage by its usageId and prices it by its bot when it names one, keeping the model', () => {
    const e = anEvent('llm.usage', { data: { usageId: 'coze:7', botId: 'b1', model: 'doubao', inputTokens: 3, outputTokens: 4 } });
    expect(usageFromEvent(e)).toMatchObject({ usageKey: 'coze:7', kind: 'bot', name: 'b1', model: 'doubao', inputTokens: 3, outputTokens: 4 });
  });

  it('finds no usage in a message.ai without tokens or in other events', () => {
    expect(usageFromEvent(anEvent('message.ai'))).toBeNull();
    expect(usageFromEvent(anEvent('session.start'))).toBeNull();
  });

  it('prices a message.ai that names no model as the unpriced model "unknown"', () => {
    expect(usageFromEvent(anEvent('message.ai', { data: { responseTimeMs: 1, outputTokens: 9 } }))).toMatchObject({ kind: 'model', name: 'unknown' });
  });
});
