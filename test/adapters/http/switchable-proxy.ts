// An HTTP proxy in front of a test server that can be stopped (the listener closed, every connection cut: the service
// is gone) and started again on the same port, or made to answer 429 with a Retry-After for the next requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardedRequest {
  readonly at: number;
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
}

export class SwitchableProxy {
  readonly requests: ForwardedRequest[] = [];
  readonly #target: URL;
  readonly #server: http.Server;
  #port = 0;
  #throttle: { left: number; retryAfter: string } | undefined;

  constructor(target: string) {
    this.#target = new URL(target);
    this.#server = http.createServer((req, res) => this.#handle(req, res));
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  /** Closes the listener and cuts every open connection: requests get ECONNREFUSED or a reset until start(). */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  /** The next `n` requests answer 429 with this Retry-After, unforwarded. */
  throttle(n: number, retryAfter: string): void {
    this.#throttle = { left: n, retryAfter };
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      if (this.#throttle && this.#throttle.left > 0) {
        this.#throttle.left--;
        this.requests.push({ at, status: 429, headers: req.headers });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': this.#throttle.retryAfter });
        res.end(JSON.stringify({ error: { code: 'TOO_MANY_REQUESTS', message: 'slow down' } }));
        return;
      }
      const upstream = http.request(
        new URL(req.url ?? '/', this.#target),
        { method: req.method, headers: { ...req.headers, host: this.#target.host } },
        (answer) => {
          this.requests.push({ at, status: answer.statusCode ?? 0, headers: req.headers });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  }
}
