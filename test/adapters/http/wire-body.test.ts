// The HTTP transport's encoding: each event's JSON as ingest.track takes it, and batch bodies written from those.
import { describe, expect, it } from 'vitest';
import { batchBody, decodeEvent, encodeEvent, idOfEncoded } from '../../../adapters/http/wire-body.ts';
import { anEvent } from '../../support/builders.ts';

describe('encodeEvent', () => {
  it('writes the envelope without the tenant and without nulls, data last', () => {
    const e = anEvent('message.ai', { sessionId: 's "1"', product: 'ai_chatbot', data: { responseTimeMs: 5, note: 'été' } });
    expect(JSON.parse(encodeEvent(e))).toEqual({
      id: e.id,
      name: 'message.ai',
      occurredAt: e.occurredAt.toISOString(),
      sessionId: 's "1"',
      product: 'ai_chatbot',
      data: { responseTimeMs: 5, note: 'été' },
    });
  });

  it('gives back the id and, with a tenant, the event', () => {
    const e = anEvent('session.start', { tenantId: 't9' });
    const wire = encodeEvent(e);
    expect(idOfEncoded(wire)).toBe(e.id);
    expect(decodeEvent(wire, 't9')).toEqual(e);
  });
});

describe('batchBody', () => {
  it('is { events: [...] } in UTF-8, ASCII or not', () => {
    const ascii = [anEvent('message.user'), anEvent('message.user')].map((e) => encodeEvent(e));
    const mixed = [...ascii, encodeEvent(anEvent('message.user', { data: { note: '你好 ✓' } }))];
    for (const wires of [ascii, mixed, []]) {
      const body = batchBody(wires);
      expect(body.length).toBe(Buffer.byteLength(`{"events":[${wires.join(',')}]}`));
      expect(JSON.parse(body.toString('utf8'))).toEqual({ events: wires.map((w) => JSON.parse(w)) });
    }
  });
});
