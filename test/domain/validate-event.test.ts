import { describe, expect, it } from 'vitest';
import { validateEvent, type ValidationContext } from '../../domain/events/envelope.ts';
import { eventNames } from '../../domain/events/catalog.ts';
import { sequentialIds } from '../support/builders.ts';

const ctx: ValidationContext = {
  tenantId: 't1',
  now: new Date('2026-03-10T10:00:00Z'),
  retentionDays: 90,
  newId: sequentialIds().next,
};

function errorOf(raw: unknown): string {
  const r = validateEvent(raw, ctx);
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
}

describe('validateEvent', () => {
  it('accepts a minimal event of each name', () => {
    const samples: Record<string, object> = {
      'session.start': { sessionId: 's', channel: 'web' },
      'message.user': { sessionId: 's' },
      'message.ai': { sessionId: 's', data: { responseTimeMs: 5 } },
      'session.transfer': { sessionId: 's' },
      'message.agent': { sessionId: 's', agentId: 'a' },
      'session.end': { sessionId: 's' },
      'session.rated': { sessionId: 's', data: { score: 3 } },
      'order.query': { sessionId: 's', data: { found: true } },
      'tracking.query': { sessionId: 's', data: { found: false } },
      'agent.login': { agentId: 'a' },
      'agent.logout': { agentId: 'a' },
      'agent.status_change': { agentId: 'a', data: { status: 'away' } },
      'llm.usage': { data: { usageId: 'coze:1', botId: 'b', inputTokens: 1, outputTokens: 2 } },
    };
    expect(Object.keys(samples).sort()).toEqual([...eventNames].sort());
    for (const [name, rest] of Object.entries(samples)) {
      const r = validateEvent({ name, ...rest }, ctx);
      expect(r.ok, `${name}: ${r.ok ? '' : r.error}`).toBe(true);
    }
  });

  it('stamps id, occurredAt and product when missing, and lower-cases the channel', () => {
    const r = validateEvent(
      { name: 'session.start', sessionId: 's', channel: 'WhatsApp' },
      { ...ctx, newId: sequentialIds().next, product: 'ai_chatbot' },
    );
    expect(r.ok && r.event).toMatchObject({
      id: '00000000-0000-7000-8000-000000000001',
      occurredAt: ctx.now,
      channel: 'whatsapp',
      product: 'ai_chatbot',
      tenantId: 't1',
    });
  });

  it.each([
    ['name', { name: 'message.bogus' }, /^name: unknown event name/],
    ['name', {}, /^name: required/],
    ['event', 'string', /^event: expected an object/],
    ['data', { name: 'message.ai', sessionId: 's' }, /^data\.responseTimeMs: /],
    ['data', { name: 'message.ai', sessionId: 's', data: { responseTimeMs: -1 } }, /^data\.responseTimeMs: /],
    ['data', { name: 'message.ai', sessionId: 's', data: { responseTimeMs: 1.5 } }, /^data\.responseTimeMs: /],
    ['data', { name: 'session.rated', sessionId: 's', data: { score: 6 } }, /^data\.score: /],
    ['channel', { name: 'session.start', sessionId: 's' }, /^channel: required for session\.start/],
    ['agentId', { name: 'message.agent', sessionId: 's' }, /^agentId: required/],
    ['sessionId', { name: 'message.user' }, /^sessionId: required/],
    ['channel', { name: 'session.start', sessionId: 's', channel: 'x'.repeat(33) }, /^channel: /],
    ['sessionId', { name: 'message.user', sessionId: 'x'.repeat(129) }, /^sessionId: /],
    ['data', { name: 'agent.status_change', agentId: 'a', data: { status: 'sleeping' } }, /^data\.status: /],
    ['data', { name: 'llm.usage', data: { usageId: 'u', inputTokens: 1, outputTokens: 1 } }, /^data\.model: model or botId is required/],
    ['id', { name: 'message.user', sessionId: 's', id: 'not-a-uuid' }, /^id: /],
    ['occurredAt', { name: 'message.user', sessionId: 's', occurredAt: 'yesterday' }, /^occurredAt: /],
    ['occurredAt', { name: 'message.user', sessionId: 's', occurredAt: '2026-03-10T10:06:00Z' }, /^occurredAt: more than 5 minutes in the future/],
    ['occurredAt', { name: 'message.user', sessionId: 's', occurredAt: '2025-11-01T00:00:00Z' }, /^occurredAt: older than the retention period/],
    ['data', { name: 'message.user', sessionId: 's', data: { blob: 'x'.repeat(33 * 1024) } }, /^data: larger than 32768 bytes/],
    ['data', { name: 'message.user', sessionId: 's', data: { note: 'a\u0000b' } }, /^data\.note: the U\+0000 character/],
  ])('rejects a bad %s, naming it', (_field, raw, message) => {
    expect(errorOf(raw)).toMatch(message);
  });

  it('accepts a literal backslash-u0000 in text (only the real U+0000 is refused)', () => {
    const r = validateEvent({ name: 'message.user', sessionId: 's', data: { note: 'typed \\u0000 here' } }, ctx);
    expect(r.ok).toBe(true);
  });

  it('keeps unknown data keys', () => {
    const r = validateEvent({ name: 'message.user', sessionId: 's', data: { length: 3, mood: 'ok' } }, ctx);
    expect(r.ok && r.event.data).toEqual({ length: 3, mood: 'ok' });
  });

  it('accepts an event just inside the future skew and the retention', () => {
    expect(validateEvent({ name: 'message.user', sessionId: 's', occurredAt: '2026-03-10T10:04:59Z' }, ctx).ok).toBe(true);
    expect(validateEvent({ name: 'message.user', sessionId: 's', occurredAt: '2025-12-11T10:00:01Z' }, ctx).ok).toBe(true);
  });
});
