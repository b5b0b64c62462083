// A real three-node Redis Cluster for a file of tests: redis-server + redis-cli --cluster create in a temp dir, on
// free ports, nothing persisted, torn down by stop().
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalCluster {
  readonly ports: number[];
  stop(): Promise<void>;
}

/** Three masters on free ports 71xx, slots spread by `redis-cli --cluster create`. Needs both on PATH. */
export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const ports = await freePorts();
  const stop = async () => {
    await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'shutdown', 'nosave']).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      await run('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--logfile',
        join(dir, `${port}.log`),
      ]); // prettier-ignore
    }
    await waitFor(async () =>
      (await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'ping'])))).every((r) => r.stdout.trim() === 'PONG'),
    );
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(async () => {
      const infos = await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'cluster', 'info'])));
      return infos.every((i) => i.stdout.includes('cluster_state:ok'));
    });
    return { ports, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Three consecutive ports 71xx free (with their cluster bus ports, +10000), so parallel runs do not meet. */
async function freePorts(): Promise<number[]> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 7100 + 3 * Math.floor(Math.random() * 30);
    const ports = [base, base + 1, base + 2];
    if ((await Promise.all([...ports, ...ports.map((p) => p + 10_000)].map(free))).every(Boolean)) return ports;
  }
  throw new Error('no three free ports in 7100..7189 for the local Redis Cluster');
}

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await ok().catch(() => false)) return;
    if (Date.now() - start > timeoutMs) throw new Error('local Redis Cluster did not come up in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
