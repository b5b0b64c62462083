// A private redis-server for fault tests: a child process on a free port in a temp dir, nothing persisted, that a test
// may freeze (SIGSTOP), thaw, stop and start again EMPTY on the same port. Never the shared Redis on 6379.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';

export interface PrivateRedisServer {
  readonly port: number;
  readonly url: string;
  /** Suspends the server (SIGSTOP): connections stay open, nothing answers. */
  freeze(): void;
  /** Resumes a frozen server (SIGCONT). */
  thaw(): void;
  /** Kills the server (as a crash would); its data is gone. */
  stop(): Promise<void>;
  /** Starts a new, empty server on the same port. */
  start(): Promise<void>;
  /** Kills the server whatever its state and removes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

/** Whether redis-server is on PATH (under CI=true its absence fails the suite instead of skipping it). */
export function hasRedisServer(): boolean {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env.CI === 'true') throw new Error('CI: redis-server is needed on PATH for the Redis fault tests');
  console.warn('skipping Redis fault tests: redis-server not on PATH');
  return false;
}

const live = new Set<ChildProcess>();
// A test that fails or a worker that exits mid-run still takes its servers down with it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts a private redis-server; call `destroy()` in afterAll (the process 'exit' hook is the backstop). */
export async function startRedisServer(): Promise<PrivateRedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-private-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const kill = async () => {
    const c = child;
    if (!c) return;
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await exited;
    live.delete(c);
    child = undefined;
  };

  const start = async () => {
    if (child) throw new Error(`redis-server on port ${port} is already running`);
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
    const c = spawn('redis-server', args, { stdio: 'ignore' });
    child = c;
    live.add(c);
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    await waitForPong(port, c);
  };

  const server: PrivateRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    stop: kill,
    start,
    async destroy() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
    return server;
  } catch (err) {
    await server.destroy();
    throw err;
  }
}

async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {}); // refused until the server listens: the loop below retries
  try {
    for (const start = Date.now(); ; ) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
      const pong = await probe.connect().then(
        () => probe.ping(),
        () => null,
      );
      if (pong === 'PONG') return;
      if (Date.now() - start > 10_000) throw new Error(`redis-server on port ${port} did not answer in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    probe.disconnect();
  }
}
