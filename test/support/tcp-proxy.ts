// A test-owned TCP proxy in front of a shared server (PostgreSQL, Redis) that a fault test can cut and restore: cut()
// closes the listener and destroys every open connection, so new ones are refused (ECONNREFUSED) and open ones reset,
// as when the server is stopped; restore() listens again on the same port. The shared server itself is never touched.
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** The proxy's address as `host:port`, to put in a connection URL instead of the target's. */
  readonly address: string;
  /** Whether it is cut now. */
  readonly isCut: boolean;
  /** Connections accepted so far (each one forwarded to the target). */
  readonly accepted: number;
  /** Stops listening and destroys every connection (both sides): connecting is refused until restore(). */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Cuts and forgets it; safe to call twice. */
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 forwarding every connection to `target` (e.g. 127.0.0.1:5432). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let server: net.Server | undefined;
  let port = 0;

  const forward = (client: net.Socket) => {
    accepted++;
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      // One side failing (reset, refused) takes the other down with it, as a lost connection would.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(forward);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const cut = async () => {
    const s = server;
    server = undefined;
    // Destroying the sockets first lets close() resolve at once (it waits for open connections).
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get address() {
      return `127.0.0.1:${port}`;
    },
    get isCut() {
      return server === undefined;
    },
    get accepted() {
      return accepted;
    },
    cut,
    async restore() {
      if (!server) await listen();
    },
    close: cut,
  };
}
