import { describe, expect, it } from 'vitest';
import { EventInputSchema, MAX_DATA_DEPTH, plainEnvelope, validateEvent, type ValidationContext } from '../../../domain/events/envelope.ts';
import { eventNames } from '../../../domain/events/catalog.ts';
import { sequentialIds } from '../../support/builders.ts';

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

  it('rejects data nested deeper than MAX_DATA_DEPTH, without recursing (10,000 levels)', () => {
    const nest = (levels: number) => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = { a: v };
      return v as Record<string, unknown>;
    };
    expect(validateEvent({ name: 'message.user', sessionId: 's', data: nest(MAX_DATA_DEPTH) }, ctx).ok).toBe(true);
    expect(errorOf({ name: 'message.user', sessionId: 's', data: nest(MAX_DATA_DEPTH + 1) })).toBe(
      `data: nested deeper than ${MAX_DATA_DEPTH} levels`,
    );
    expect(errorOf({ name: 'message.user', sessionId: 's', data: nest(10_000) })).toMatch(/^data: nested deeper/);
  });

  it('rejects the U+0000 of an envelope field, naming it', () => {
    expect(errorOf({ name: 'session.start', sessionId: 's', channel: 'w\u0000b' })).toMatch(/^channel: the U\+0000 character/);
    expect(errorOf({ name: 'message.user', sessionId: 's', data: { list: ['ok', { note: 'a\u0000' }] } })).toMatch(
      /^data\.list\[1\]\.note: the U\+0000/,
    );
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

describe('plainEnvelope (the envelope fast path)', () => {
  const base = { name: 'message.ai', sessionId: 's1', data: { responseTimeMs: 5 } };
  const valid: Record<string, unknown>[] = [
    base,
    { ...base, id: '0193a8f0-1c2d-7e3f-8a4b-5c6d7e8f9a0b', occurredAt: new Date('2026-03-10T09:00:00Z') },
    { ...base, id: '00000000-0000-0000-0000-000000000000', agentId: 'a'.repeat(128), channel: 'c'.repeat(32), product: 'p'.repeat(64) },
    { ...base, data: Object.assign(Object.create(null), { responseTimeMs: 1 }) },
    { name: 'session.end', sessionId: 's1', extra: 'stripped', agentId: undefined },
  ];
  const invalid: Record<string, unknown>[] = [
    { ...base, id: 'not-a-uuid' },
    { ...base, id: '0193a8f0-1c2d-9e3f-8a4b-5c6d7e8f9a0b' }, // version 9
    { ...base, occurredAt: new Date(Number.NaN) },
    { ...base, occurredAt: '2026-03-10T09:00:00Z' }, // strings go through zod (valid there)
    { ...base, sessionId: '' },
    { ...base, sessionId: 's'.repeat(129) },
    { ...base, agentId: null },
    { ...base, channel: 'c'.repeat(33) },
    { ...base, product: 5 },
    { ...base, data: [1] },
    { ...base, data: null },
    { ...base, data: new Map() },
  ];

  it('answers for a plainly valid envelope exactly what the zod schema parses', () => {
    for (const raw of valid) {
      const fast = plainEnvelope(raw);
      const zod = EventInputSchema.safeParse(raw);
      expect(zod.success).toBe(true);
      expect(fast).toEqual(zod.data);
    }
  });

  it('leaves every other envelope to zod, which then names the field', () => {
    for (const raw of invalid) expect(plainEnvelope(raw)).toBeNull();
    expect(errorOf({ ...base, sessionId: '' })).toMatch(/^sessionId: /);
    expect(errorOf({ ...base, occurredAt: new Date(Number.NaN) })).toMatch(/^occurredAt: /);
    expect(errorOf({ ...base, id: 'not-a-uuid' })).toMatch(/^id: /);
    expect(validateEvent({ ...base, occurredAt: '2026-03-10T09:00:00Z' }, ctx).ok).toBe(true);
  });

  it('gives validateEvent the same event by either path', () => {
    const at = new Date('2026-03-10T09:00:00Z');
    const byDate = validateEvent({ ...base, id: '0193a8f0-1c2d-7e3f-8a4b-5c6d7e8f9a0b', occurredAt: at }, ctx);
    const byString = validateEvent({ ...base, id: '0193a8f0-1c2d-7e3f-8a4b-5c6d7e8f9a0b', occurredAt: at.toISOString() }, ctx);
    expect(byDate).toEqual(byString);
  });
});
