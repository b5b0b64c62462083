// HttpEventStore: the tracker's event store in a product that runs apart from the service. Each batch is one
// POST {url}/api/analytics/ingest/track (Bearer key, gzip body, keep-alive connections); the answer's counts and
// refusals become the tracker's stats, and a failure is typed so the tracker knows whether to send it again.
import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { PermanentStoreError, retryableStatus, TransientStoreError } from '../../domain/errors.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import type { EncodingEventStore, RejectedEvent, TrackerAppendResult } from '../../domain/tracker/tracker-store.ts';
import { parseRetryAfter } from './retry-after.ts';
import { batchBody, decodeEvent, encodeEvent, idOfEncoded } from './wire-body.ts';

const gzipAsync = promisify(gzip);

/**
 * Bodies up to this size are gzipped on the event loop (about 0.4 ms for 1,000 typical events), larger ones on the
 * thread pool: a zlib stream and its thread hop cost twice the compression itself at the usual batch size.
 */
const SYNC_GZIP_MAX_BYTES = 1024 * 1024;

/** ingest.track takes at most this many events a call (CONTRACT.md); the tracker's bufferSize is capped to it. */
export const MAX_BATCH_EVENTS = 1000;

export const INGEST_PATH = '/api/analytics/ingest/track';

export interface HttpEventStoreOptions {
  /** The service's base URL, e.g. `https://analytics.example.com` (CS_ANALYTICS_URL). */
  readonly url: string;
  /** An API key with the `ingest` scope (CS_ANALYTICS_API_KEY). */
  readonly apiKey: string;
  /** A request not answered within this is abandoned and retried (default 10 s). */
  readonly timeoutMs?: number;
  /** gzip level of request bodies, or false to send them plain (default 1: bench/tracker measured it cheapest). */
  readonly gzipLevel?: number | false;
  /** Bodies smaller than this go plain: gzip would cost more than it saves (default 1 KiB). */
  readonly gzipMinBytes?: number;
  /** Connections kept open to the service (default 4; initTracker gives the tracker's maxInFlight). */
  readonly maxSockets?: number;
}

interface IngestAnswer {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly index: number; readonly field?: string; readonly error: string }[];
}

interface HttpReply {
  readonly status: number;
  readonly retryAfter: string | string[] | undefined;
  readonly body: string;
}

export class HttpEventStore implements EncodingEventStore {
  readonly #endpoint: URL;
  readonly #auth: string;
  readonly #timeoutMs: number;
  readonly #gzipLevel: number | false;
  readonly #gzipMinBytes: number;
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;

  constructor(options: HttpEventStoreOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new TypeError(`url: ${JSON.stringify(options.url)} is not a URL (e.g. http://localhost:8002)`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`url: ${base.protocol} is not http: or https:`);
    if (!options.apiKey) throw new TypeError('apiKey: an API key with the ingest scope is required');
    this.#endpoint = new URL(base.pathname.replace(/\/+$/, '') + INGEST_PATH, base);
    this.#auth = `Bearer ${options.apiKey}`;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#gzipLevel = options.gzipLevel ?? 1;
    this.#gzipMinBytes = options.gzipMinBytes ?? 1024;
    const secure = base.protocol === 'https:';
    // Idle connections close after 30 s: before the usual proxy idle timeouts (60 s), after the flush interval (5 s).
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 4, timeout: 30_000 };
    this.#agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#request = secure ? https.request : http.request;
  }

  /**
   * Sends the events, 1,000 a request. Refused events come back in `rejected` with the server's field as reason;
   * `stored` lists the new ids when the answer makes them certain (no duplicates), else `storedCount` says how many.
   * Throws TransientStoreError (network, timeout, 429, 5xx; with retryAfterMs from Retry-After) or PermanentStoreError
   * (the whole request refused: 400, 401, 403, other 4xx), naming the cause.
   */
  append(events: readonly AnalyticsEvent[]): Promise<TrackerAppendResult> {
    const wires = new Array<string>(events.length);
    for (let i = 0; i < events.length; i++) wires[i] = encodeEvent(events[i]!);
    return this.appendEncoded(wires);
  }

  /** The event as ingest.track takes it, as JSON: the tracker keeps this string queued instead of the event. */
  encode(event: AnalyticsEvent, dataJson: string): string {
    return encodeEvent(event, dataJson);
  }

  decode(encoded: string, tenantId: string): AnalyticsEvent {
    return decodeEvent(encoded, tenantId);
  }

  /** `append` of events already encoded by `encode`. */
  async appendEncoded(wires: readonly string[]): Promise<TrackerAppendResult> {
    if (wires.length <= MAX_BATCH_EVENTS) return this.#send(wires);
    const parts: TrackerAppendResult[] = [];
    for (let i = 0; i < wires.length; i += MAX_BATCH_EVENTS) parts.push(await this.#send(wires.slice(i, i + MAX_BATCH_EVENTS)));
    return merge(parts);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }

  async #send(wires: readonly string[]): Promise<TrackerAppendResult> {
    if (wires.length === 0) return { stored: [], rejected: [] };
    const reply = await this.#post(await this.#body(wires));
    if (reply.status === 200) return resultOf(wires, parseAnswer(reply.body, wires.length));
    if (reply.status === 413) return this.#split(wires);
    throw failureOf(reply, this.#endpoint);
  }

  /** A body too large for the server: each half on its own, down to one event, which is then refused alone. */
  async #split(wires: readonly string[]): Promise<TrackerAppendResult> {
    if (wires.length === 1) {
      return {
        stored: [],
        rejected: [{ id: idOfEncoded(wires[0]!), error: 'event: larger than the server accepts in one request (413)', reason: 'too_large' }],
      };
    }
    const half = Math.ceil(wires.length / 2);
    return merge([await this.#send(wires.slice(0, half)), await this.#send(wires.slice(half))]);
  }

  async #body(wires: readonly string[]): Promise<{ data: Buffer; gzipped: boolean }> {
    const json = batchBody(wires);
    if (this.#gzipLevel === false || json.length < this.#gzipMinBytes) return { data: json, gzipped: false };
    const options = { level: this.#gzipLevel };
    if (json.length <= SYNC_GZIP_MAX_BYTES) return { data: gzipSync(json, options), gzipped: true };
    // A large body is compressed on libuv's thread pool: the product's event loop is not held for it.
    return { data: await gzipAsync(json, options), gzipped: true };
  }

  #post(body: { data: Buffer; gzipped: boolean }): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => reject(new TransientStoreError(`POST ${this.#endpoint.href}: ${err.message}`, { cause: err }));
      const req = this.#request(this.#endpoint, {
        method: 'POST',
        agent: this.#agent,
        headers: {
          authorization: this.#auth,
          'content-type': 'application/json',
          'content-length': body.data.length,
          ...(body.gzipped ? { 'content-encoding': 'gzip' } : {}),
        },
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      timer.unref();
      req.on('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => {
          clearTimeout(timer);
          fail(err);
        });
        res.on('close', () => {
          if (res.complete) return;
          clearTimeout(timer);
          fail(new Error('the connection closed before the answer ended'));
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.end(body.data);
    });
  }
}

function parseAnswer(body: string, sent: number): IngestAnswer {
  let answer: IngestAnswer | undefined;
  try {
    answer = JSON.parse(body) as IngestAnswer;
  } catch {
    /* named below */
  }
  const counts = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (!answer || !counts(answer.accepted) || !counts(answer.duplicates) || !Array.isArray(answer.rejected)) {
    throw new PermanentStoreError(`ingest answered 200 without { accepted, duplicates, rejected }: ${body.slice(0, 200)}`);
  }
  if (answer.accepted + answer.duplicates + answer.rejected.length !== sent) {
    throw new PermanentStoreError(
      `ingest counted ${answer.accepted} + ${answer.duplicates} + ${answer.rejected.length} rejected of ${sent} events sent`,
    );
  }
  return answer;
}

/** The answer in the tracker's terms: refusals by event id and field; new ids when certain, else their count. */
function resultOf(wires: readonly string[], answer: IngestAnswer): TrackerAppendResult {
  const refused = new Set<number>();
  const rejected: RejectedEvent[] = [];
  for (const r of answer.rejected) {
    const wire = wires[r.index];
    if (wire === undefined || refused.has(r.index)) throw new PermanentStoreError(`ingest rejected an event at index ${r.index} of ${wires.length}`);
    refused.add(r.index);
    rejected.push({ id: idOfEncoded(wire), error: String(r.error), reason: r.field ?? undefined });
  }
  if (answer.duplicates > 0) return { stored: [], storedCount: answer.accepted, rejected };
  const stored: string[] = [];
  for (let i = 0; i < wires.length; i++) if (!refused.has(i)) stored.push(idOfEncoded(wires[i]!));
  return { stored, rejected };
}

function merge(parts: readonly TrackerAppendResult[]): TrackerAppendResult {
  const counted = parts.some((p) => p.storedCount !== undefined);
  return {
    stored: parts.flatMap((p) => p.stored),
    ...(counted ? { storedCount: parts.reduce((n, p) => n + (p.storedCount ?? p.stored.length), 0) } : {}),
    rejected: parts.flatMap((p) => p.rejected),
  };
}

/** The error of a non-200 answer: worth retrying (429, 5xx, 408) or not, naming the cause either way. */
function failureOf(reply: HttpReply, endpoint: URL): Error {
  const said = serverMessage(reply.body);
  const where = `POST ${endpoint.href}`;
  const { status } = reply;
  if (retryableStatus(status)) {
    const retryAfterMs = parseRetryAfter(reply.retryAfter);
    const wait = retryAfterMs === undefined ? '' : ` (Retry-After ${Math.ceil(retryAfterMs / 1000)} s)`;
    return new TransientStoreError(`${where}: ${status}${wait}${said}`, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  const cause =
    status === 401
      ? 'the API key was refused (check CS_ANALYTICS_API_KEY)'
      : status === 403
        ? 'the API key may not ingest (it needs the ingest scope)'
        : status === 400
          ? 'the server refused the whole request'
          : status === 404
            ? `no ingest endpoint there (check CS_ANALYTICS_URL: ${endpoint.origin})`
            : 'the server refused the request';
  return new PermanentStoreError(`${where}: ${status}, ${cause}${said}`, { reason: `http_${status}` });
}

function serverMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' ? `: ${message}` : '';
  } catch {
    return body ? `: ${body.slice(0, 200)}` : '';
  }
}
