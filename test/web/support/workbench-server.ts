// The real service for browser tests: the composition root on the embedded default (PGlite in a temp folder,
// in-process realtime), the fastify server with the web bundle built for this run, a tenant with an admin, a
// supervisor and an agent, and an API key to send events through the real ingest route.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { createServices, type Services } from '../../../adapters/index.ts';
import { AnalyticsConfig } from '../../../domain/config.ts';
import { buildServer } from '../../../transport/http/build-server.ts';

export const password = 'correct-horse-battery';
export const users = { admin: 'alice.admin', supervisor: 'sam.supervisor', agent: 'ana.agent' } as const;
export type UserKind = keyof typeof users;

export interface WorkbenchServer {
  readonly url: string;
  readonly tenantId: string;
  readonly services: Services;
  readonly app: FastifyInstance;
  /** An API key of the tenant with every scope (ingest, read, admin). */
  readonly apiKey: string;
  /** GET /api/analytics/<path> as the API key; the bare JSON answer. */
  api<T = unknown>(path: string, query?: Record<string, string | number | string[]>): Promise<T>;
  /** POST /api/analytics/<path> as the API key. */
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Builds the workbench into a folder of this run (parallel test files never share one). */
async function buildWeb(outDir: string): Promise<void> {
  await build({ configFile: join(process.cwd(), 'web/vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
}

/**
 * A zone where it is now between 03:00 and 21:00, so the seeded "today" and "yesterday" never straddle midnight
 * whenever the suite runs.
 */
export function daytimeZone(now = new Date()): string {
  for (const zone of ['UTC', 'Asia/Shanghai', 'America/Chicago']) {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
    if (hour >= 3 && hour < 21) return zone;
  }
  return 'UTC';
}

export interface StartOptions {
  tenantId?: string;
  timeZone?: string;
  /** How often the sinks feeding the live figures drain (ms). */
  sinkDrainMs?: number;
}

export async function startWorkbenchServer(options: StartOptions = {}): Promise<WorkbenchServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cs-web-test-'));
  const webDir = join(dir, 'web');
  await buildWeb(webDir);
  const config = new AnalyticsConfig({ dataDir: join(dir, 'pglite'), port: 0 });
  const services = await createServices(config, { sinkDrainMs: options.sinkDrainMs ?? 200 });
  const tenantId = options.tenantId ?? 'acme';
  await services.ledger.definePlan({ id: 'starter', name: 'Starter', monthlyTokenAllowance: 2_000 });
  await services.ledger.definePlan({ id: 'growth', name: 'Growth', monthlyTokenAllowance: 5_000_000 });
  await services.tenants.create({
    tenantId,
    timeZone: options.timeZone ?? daytimeZone(),
    humanCostPerSession: 4.5,
    currency: 'CNY',
    planId: 'starter',
  });
  for (const [role, username] of Object.entries(users)) await services.users.create({ tenantId, username, role, password });
  const { key: apiKey } = await services.keys.issue({ tenantId, scopes: ['ingest', 'read', 'admin'], name: 'web tests' });

  const app = await buildServer(services, { webDir, rateLimits: { signInPerMinute: 1000 } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = { authorization: `Bearer ${apiKey}` };
  const answer = async <T>(res: Response): Promise<T> => {
    const text = await res.text();
    if (!res.ok) throw new Error(`${res.status} ${res.url}: ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    url,
    tenantId,
    services,
    app,
    apiKey,
    async api<T>(path: string, query: Record<string, string | number | string[]> = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
      const qs = params.toString();
      return answer<T>(await fetch(`${url}/api/analytics/${path}${qs ? `?${qs}` : ''}`, { headers }));
    },
    async post<T>(path: string, body: unknown) {
      return answer<T>(
        await fetch(`${url}/api/analytics/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    },
    async close() {
      await app.close();
      await services.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
