// Raw HTTP for the hardening tests: the path goes out byte for byte (fetch would resolve `./` before sending) and
// from a chosen loopback address (127.0.0.x), so each test is a client of its own to the per-address limits.
import http, { type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  /** The HTTP status of each procedure call: one per element of a tRPC batch answer, else the answer's status. */
  readonly calls: number[];
}

export interface RawRequest {
  /** Local address to send from (default 127.0.0.1). */
  readonly from?: string;
  /** A Bearer API key. */
  readonly key?: string;
  readonly method?: string;
}

/** POSTs `body` as JSON to `path` (sent as is) on the server at `baseUrl`. */
export function send(baseUrl: string, path: string, body: unknown, opts: RawRequest = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: opts.method ?? 'POST', path, localAddress: opts.from ?? '127.0.0.1', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const parsed = text ? (JSON.parse(text) as unknown) : undefined;
          const status = res.statusCode ?? 0;
          resolve({ status, headers: res.headers, body: parsed, calls: Array.isArray(parsed) ? parsed.map(statusOfCall) : [status] });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function statusOfCall(item: { error?: { data?: { httpStatus?: number } } }): number {
  return item.error ? (item.error.data?.httpStatus ?? 0) : 200;
}

/** A fresh loopback address on each call (127.0.0.2, 127.0.0.3, ...): a new client to the per-address limits. */
export function freshAddresses(): () => string {
  let n = 0;
  return () => {
    const i = n++;
    return `127.0.${Math.floor(i / 250)}.${(i % 250) + 2}`;
  };
}

export type LimitedProcedure = 'auth.signIn' | 'ingest.track';

/** One way of sending a procedure over HTTP: its path, how many calls one request carries, and the body. */
export interface Spelling {
  readonly name: string;
  readonly calls: number;
  path(procedure: LimitedProcedure): string;
  body(inputs: readonly unknown[]): unknown;
}

const single = (inputs: readonly unknown[]) => inputs[0];
const batch = (inputs: readonly unknown[]) => Object.fromEntries(inputs.map((input, i) => [i, input]));
const plain = (p: string) => p.replaceAll('.', '/');

/** Every spelling of a procedure's path that reaches it: tRPC single and batched, escaped, plain JSON with dot segments. */
export const spellings: readonly Spelling[] = [
  { name: 'tRPC', calls: 1, path: (p) => `/trpc/${p}`, body: single },
  { name: 'tRPC batch', calls: 1, path: (p) => `/trpc/${p}?batch=1`, body: batch },
  { name: 'tRPC with %2E', calls: 1, path: (p) => `/trpc/${p.replaceAll('.', '%2E')}`, body: single },
  { name: 'tRPC batch joined by %2C', calls: 2, path: (p) => `/trpc/${p}%2C${p}?batch=1`, body: batch },
  { name: 'tRPC batch of 5', calls: 5, path: (p) => `/trpc/${Array(5).fill(p).join(',')}?batch=1`, body: batch },
  { name: 'plain JSON', calls: 1, path: (p) => `/api/analytics/${plain(p)}`, body: single },
  { name: 'plain JSON with ./', calls: 1, path: (p) => `/api/analytics/./${plain(p)}`, body: single },
  { name: 'plain JSON with %2E/', calls: 1, path: (p) => `/api/analytics/%2E/${plain(p)}`, body: single },
  { name: 'plain JSON with x/../', calls: 1, path: (p) => `/api/analytics/x/../${plain(p)}`, body: single },
  { name: 'plain JSON in lower case', calls: 1, path: (p) => `/api/analytics/${plain(p).toLowerCase()}`, body: single },
];
