// Streaming parser of Coze chat v3 server-sent events (`event:<name>` / `data:<json>` lines, a blank line between
// events, the stream closed by `event:done` / `data:"[DONE]"`). Safe across chunk boundaries, bytes or text.

/** One event as it came over the wire: its name and its raw `data` text. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** One Coze event with `data` parsed as JSON (the raw text when it is not JSON). */
export interface CozeStreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Incremental SSE parser: feed it chunks as they arrive, get back the events completed by each chunk.
 * Follows the SSE rules Coze relies on: lines end in `\n`, `\r\n` or `\r`; `field:value` with one optional space
 * after the colon (Coze sends none); several `data:` lines join with `\n`; `:` lines are comments; an event
 * is dispatched at a blank line, and at the end of the stream when the last blank line is missing.
 */
export class SseParser {
  readonly #decoder = new TextDecoder('utf-8');
  #buffer = '';
  #event = '';
  #data: string[] = [];

  /** Feeds a chunk (a multi-byte character or a CRLF split between chunks is fine). */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.#buffer += typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    return this.#drain(false);
  }

  /** The stream ended: whatever is pending becomes the last event. */
  end(): SseEvent[] {
    this.#buffer += this.#decoder.decode();
    return this.#drain(true);
  }

  #drain(atEnd: boolean): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lf = this.#buffer.indexOf('\n', start);
      const cr = this.#buffer.indexOf('\r', start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) break;
      // A lone CR at the very end may be the first half of a CRLF still in flight.
      if (end === cr && cr === this.#buffer.length - 1 && !atEnd) break;
      const line = this.#buffer.slice(start, end);
      start = end + (end === cr && this.#buffer[cr + 1] === '\n' ? 2 : 1);
      this.#line(line, out);
    }
    this.#buffer = this.#buffer.slice(start);
    if (atEnd) {
      if (this.#buffer.length > 0) this.#line(this.#buffer, out);
      this.#buffer = '';
      this.#line('', out);
    }
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.#event !== '' || this.#data.length > 0) out.push({ event: this.#event || 'message', data: this.#data.join('\n') });
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') this.#event = value.trim();
    else if (name === 'data') this.#data.push(value);
  }
}

/** Parses a whole body stream into events, one at a time (fetch's `response.body`, a Node stream, chunks). */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.push(chunk);
  yield* parser.end();
}

/** An SSE event with its data parsed as JSON, as Coze sends it (`done` carries the JSON string "[DONE]"). */
export function toCozeEvent(e: SseEvent): CozeStreamEvent {
  try {
    return { event: e.event, data: JSON.parse(e.data) as unknown };
  } catch {
    return { event: e.event, data: e.data };
  }
}

/** Formats one Coze event the way Coze writes it (no space after the colons): for the stand-in and fixtures. */
export function formatCozeEvent(event: string, data: unknown): string {
  return `event:${event}\ndata:${JSON.stringify(data)}\n\n`;
}
