// A webhook receiver for alert tests: node:http on port 0 that keeps every request, answers a queued status per
// request (then 200), and checks a delivery's signature as a receiver would, by its own HMAC.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: { id: string; kind: string; tenantId: string; occurredAt: string; key: string; data: Record<string, unknown> };
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: Received[];
  /** Statuses to answer the next requests with, in order (200 once they run out). */
  answer(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function webhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/alerts`,
    received,
    answer: (...s) => statuses.push(...s),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Whether the request's X-CS-Analytics-Signature is `t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` of its
 * body, computed here independently of the service's code.
 */
export function validSignature(r: Received, secret: string): boolean {
  const header = String(r.headers['x-cs-analytics-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${r.body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
