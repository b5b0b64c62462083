// ingest.track's request body, built without a batch-sized string: each event is encoded once as its own JSON (the
// tracker may keep that string queued instead of the event) and the batch is written straight into one buffer. A
// quarter-megabyte string or utf8 encoding per batch cost more CPU than gzip did (large-object allocations, GC).
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';

const HEAD = '{"events":[';
const TAIL = ']}';

/**
 * One event as ingest.track takes it, as JSON: its envelope without the tenant (the key names it) and without nulls.
 * `dataJson` is `JSON.stringify(event.data)` when the caller already has it (validateEvent does).
 */
export function encodeEvent(e: AnalyticsEvent, dataJson: string = JSON.stringify(e.data)): string {
  // id (a uuid) and name (of the catalog) need no escaping; the free-text fields go through JSON.stringify.
  let s = `{"id":"${e.id}","name":"${e.name}","occurredAt":"${e.occurredAt.toISOString()}"`;
  if (e.sessionId !== null) s += `,"sessionId":${JSON.stringify(e.sessionId)}`;
  if (e.agentId !== null) s += `,"agentId":${JSON.stringify(e.agentId)}`;
  if (e.channel !== null) s += `,"channel":${JSON.stringify(e.channel)}`;
  if (e.product !== null) s += `,"product":${JSON.stringify(e.product)}`;
  return `${s},"data":${dataJson}}`;
}

/** An encoded event back as the event, in `tenantId`. */
export function decodeEvent(wire: string, tenantId: string): AnalyticsEvent {
  const w = JSON.parse(wire) as Omit<AnalyticsEvent, 'occurredAt' | 'tenantId'> & { occurredAt: string };
  return {
    id: w.id,
    tenantId,
    name: w.name,
    occurredAt: new Date(w.occurredAt),
    sessionId: w.sessionId ?? null,
    agentId: w.agentId ?? null,
    channel: w.channel ?? null,
    product: w.product ?? null,
    data: w.data,
  };
}

/** The id of an encoded event (encodeEvent writes it first; event ids are uuids, never escaped). */
export function idOfEncoded(wire: string): string {
  return wire.slice(7, wire.indexOf('"', 7));
}

/** `{"events":[...]}` of encoded events, as UTF-8 bytes. */
export function batchBody(wires: readonly string[]): Buffer {
  let bytes = HEAD.length + TAIL.length + Math.max(0, wires.length - 1);
  let ascii = true;
  for (const w of wires) {
    const n = Buffer.byteLength(w);
    if (n !== w.length) ascii = false;
    bytes += n;
  }
  const out = Buffer.allocUnsafe(bytes);
  // latin1 copies one byte per character: exact for ASCII, and several times cheaper than encoding utf8.
  const encoding = ascii ? 'latin1' : 'utf8';
  let at = out.write(HEAD, 0, 'latin1');
  for (let i = 0; i < wires.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ,
    at += out.write(wires[i]!, at, encoding);
  }
  out.write(TAIL, at, 'latin1');
  return out;
}
