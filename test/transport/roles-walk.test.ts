// Roles hold on every write (issue 16): a walk over EVERY procedure of the appRouter and every caller — the admin,
// supervisor and agent users by session cookie (same origin), API keys of each scope, no credential — over real HTTP
// on PostgreSQL and Redis, both doors (tRPC and plain JSON). ONE table below, written by hand from CONTRACT.md and
// issue 19's rules, says what each caller may do; the declared needs of each procedure (`scoped(...)`, read through
// domain/access/permissions.ts) must say the same, and every call must answer as the table says: allowed (2xx, or a
// 400/404 from its input; never 401/403) or refused (403; 401 without a credential). An agent's answers carry no money.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role, Scope } from '../../domain/access/models.ts';
import { allows } from '../../domain/access/permissions.ts';
import { needServer } from '../support/databases.ts';
import { webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { PASSWORD, procedureDefs, startHarness, type Harness } from './harness.ts';
import { expectAnswersDocumented } from './openapi-conformance.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const callers = ['admin', 'supervisor', 'agent', 'ingestKey', 'readKey', 'adminKey', 'nobody'] as const;
type Caller = (typeof callers)[number];

/*
 * What each caller may do. ✓ allowed, · refused. The rules, from CONTRACT.md and issue 19:
 * - products write through keys with the `ingest` scope; people signed in to the workbench never ingest events;
 * - everyone who reads (every role, a `read` key) sees the live wall, the dashboard, quality and sessions;
 * - an agent sees no billing (a `read` key does: it is the tenant's own integration);
 * - an agent sets only its own status; a supervisor or admin sets a known agent's, the workbench product's key any;
 * - usage is recorded by products (`ingest` key) and, among people, by admins only (issue 19 keeps it for them);
 * - audits are made and re-scored by reviewers (admin, supervisor) or an `admin` key;
 * - administration (plan, prices, API keys, users, the tenant's settings, alerts) is for admins: the admin user and an
 *   `admin` key, and only for their own tenant;
 * - sign-in needs nothing; signing out and `auth.me` need some credential.
 * `realtime.setAgentStatus` has two rows: the agent user's own agent, and another (known) agent.
 */
const table = `
  procedure                       admin supervisor agent ingestKey readKey adminKey nobody
  auth.signIn                       ✓       ✓        ✓       ✓        ✓        ✓       ✓
  auth.signOut                      ✓       ✓        ✓       ✓        ✓        ✓       ·
  auth.me                           ✓       ✓        ✓       ✓        ✓        ✓       ·
  ingest.track                      ·       ·        ·       ✓        ·        ·       ·
  realtime.overview                 ✓       ✓        ✓       ·        ✓        ·       ·
  realtime.channels                 ✓       ✓        ✓       ·        ✓        ·       ·
  realtime.agents                   ✓       ✓        ✓       ·        ✓        ·       ·
  realtime.setAgentStatus           ✓       ✓        ✓       ✓        ·        ·       ·
  realtime.setAgentStatus#another   ✓       ✓        ·       ✓        ·        ·       ·
  stats.today                       ✓       ✓        ✓       ·        ✓        ·       ·
  stats.trend                       ✓       ✓        ✓       ·        ✓        ·       ·
  stats.satisfaction                ✓       ✓        ✓       ·        ✓        ·       ·
  quality.summary                   ✓       ✓        ✓       ·        ✓        ·       ·
  quality.records                   ✓       ✓        ✓       ·        ✓        ·       ·
  quality.create                    ✓       ✓        ·       ·        ·        ✓       ·
  quality.review                    ✓       ✓        ·       ·        ·        ✓       ·
  billing.usage                     ✓       ✓        ·       ·        ✓        ·       ·
  billing.roi                       ✓       ✓        ·       ·        ✓        ·       ·
  billing.quota                     ✓       ✓        ·       ·        ✓        ·       ·
  billing.plans                     ✓       ✓        ·       ·        ✓        ·       ·
  billing.prices                    ✓       ✓        ·       ·        ✓        ·       ·
  billing.recordTokenUsage          ✓       ·        ·       ✓        ·        ·       ·
  billing.setPlan                   ✓       ·        ·       ·        ·        ✓       ·
  billing.setPrice                  ✓       ·        ·       ·        ·        ✓       ·
  sessions.list                     ✓       ✓        ✓       ·        ✓        ·       ·
  sessions.get                      ✓       ✓        ✓       ·        ✓        ·       ·
  admin.keys.list                   ✓       ·        ·       ·        ·        ✓       ·
  admin.keys.create                 ✓       ·        ·       ·        ·        ✓       ·
  admin.keys.revoke                 ✓       ·        ·       ·        ·        ✓       ·
  admin.keys.rotate                 ✓       ·        ·       ·        ·        ✓       ·
  admin.users.list                  ✓       ·        ·       ·        ·        ✓       ·
  admin.users.create                ✓       ·        ·       ·        ·        ✓       ·
  admin.users.disable               ✓       ·        ·       ·        ·        ✓       ·
  admin.users.enable                ✓       ·        ·       ·        ·        ✓       ·
  admin.users.resetPassword         ✓       ·        ·       ·        ·        ✓       ·
  admin.tenants.get                 ✓       ·        ·       ·        ·        ✓       ·
  admin.tenants.update              ✓       ·        ·       ·        ·        ✓       ·
  admin.tenants.plans               ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.list                 ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.subscribe            ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.update               ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.unsubscribe          ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.thresholds           ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.setThresholds        ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.deliveries           ✓       ·        ·       ·        ·        ✓       ·
  admin.alerts.test                 ✓       ·        ·       ·        ·        ✓       ·
`;

/** The table as rows: `procedure` or `procedure#variant` -> caller -> allowed. */
function parseTable(text: string): Map<string, Record<Caller, boolean>> {
  const [head, ...lines] = text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  expect(head!.slice(1)).toEqual([...callers]);
  const rows = new Map<string, Record<Caller, boolean>>();
  for (const [name, ...marks] of lines) {
    expect(marks.length, name).toBe(callers.length);
    expect(
      marks.every((m) => m === '✓' || m === '·'),
      name,
    ).toBe(true);
    rows.set(name!, Object.fromEntries(callers.map((c, i) => [c, marks[i] === '✓'])) as Record<Caller, boolean>);
  }
  return rows;
}
const expected = parseTable(table);
const procedureOf = (row: string) => row.split('#')[0]!;

/** The actor a caller resolves to, as the declared needs see it (null: no credential). */
const actorOf = (caller: Caller): Actor | null => {
  const scope: Partial<Record<Caller, Scope>> = { ingestKey: 'ingest', readKey: 'read', adminKey: 'admin' };
  if (caller === 'nobody') return null;
  if (scope[caller]) return { kind: 'key', tenantId: 't', keyId: 'k', scopes: [scope[caller]!] };
  return { kind: 'user', tenantId: 't', userId: 'u', username: caller, role: caller as Role };
};

/** Keys of an answer that carry money (cost, price, currency), with their path. */
function billingKeysIn(node: unknown, path = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(/cost|price|currency/i.test(k) ? [`${path}.${k}`] : []), ...billingKeysIn(v, `${path}.${k}`)]);
}

describe('the roles table', () => {
  it('has one row for every procedure of the appRouter, and none for a procedure that is not there', () => {
    const inTable = new Set([...expected.keys()].map(procedureOf));
    expect([...inTable].sort()).toEqual(Object.keys(procedureDefs).sort());
  });

  it('agrees with what each procedure declares it needs (scoped(...) read through permissions.ts)', () => {
    const mismatches: string[] = [];
    for (const [row, allowed] of expected) {
      const meta = procedureDefs[procedureOf(row)]!._def.meta;
      for (const caller of callers) {
        const actor = actorOf(caller);
        // No declared need: sign-in is public, the rest (auth.me, signOut) need any credential.
        const declared = meta?.needs ? actor !== null && allows(actor, meta.needs) : meta?.openapi?.protect === false || actor !== null;
        // The one rule finer than a procedure: an agent user sets only its own agent's status (agent-status-rights.ts).
        const finer = row === 'realtime.setAgentStatus#another' && caller === 'agent';
        if (declared !== allowed[caller] && !finer) mismatches.push(`${row} for ${caller}: declared ${declared}, table ${allowed[caller]}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe.skipIf(!up)('every procedure, every caller, over real HTTP (PostgreSQL + Redis)', () => {
  let h: Harness;
  let auditId: string;
  /** Keys of tenant a issued for the walk to revoke or rotate, one per call (each is revoked by its call). */
  const spareKeys: string[] = [];
  /** Where tenant a's alert subscriptions post (answers 200): one to update and test, spares for each unsubscribe. */
  let receiver: WebhookReceiver;
  let walkSubscription: string;
  const spareSubscriptions: string[] = [];
  /** Tenant b before the walk: no admin of tenant a's call changes it. */
  let tenantBBefore: unknown;
  const cookies = new Map<Caller, string>();
  let callNumber = 0;

  /** An input each allowed caller can run for real (2xx): the sessions, agent and audit it names exist. */
  const inputOf = (row: string): Record<string, unknown> | undefined => {
    const n = ++callNumber;
    if (row === 'admin.keys.revoke' || row === 'admin.keys.rotate') return { key: spareKeys.pop() };
    if (row === 'admin.alerts.unsubscribe') return { id: spareSubscriptions.pop() };
    const inputs: Record<string, Record<string, unknown> | undefined> = {
      'auth.signIn': { username: 'admin-tenant-a', password: PASSWORD },
      'ingest.track': { events: [{ name: 'message.user', sessionId: 'walk-ended' }] },
      'realtime.setAgentStatus': { agentId: 'agent-tenant-a', status: 'online' },
      'realtime.setAgentStatus#another': { agentId: 'walk-known-agent', status: 'busy' },
      'stats.trend': { days: 7 },
      'stats.satisfaction': { days: 7 },
      'quality.records': { page: 1, size: 10 },
      'quality.create': { sessionId: 'walk-ended', score: 90 },
      'quality.review': { auditId, finalScore: 85 },
      'billing.recordTokenUsage': { usageId: `walk:${n}`, model: 'gpt-4o', tokens: { input: 1, output: 1 } },
      'billing.setPlan': { planId: null },
      'billing.setPrice': { model: 'walk-model', inputPerMillion: '1', outputPerMillion: '2', currency: 'USD' },
      'sessions.get': { sessionId: 'walk-ended' },
      'admin.keys.create': { scopes: ['read'], name: `walk-${n}` },
      'admin.users.create': { username: `walk-user-${n}`, role: 'agent', password: PASSWORD },
      'admin.users.disable': { username: 'walk-user' },
      'admin.users.enable': { username: 'walk-user' },
      'admin.users.resetPassword': { username: 'walk-user', password: PASSWORD },
      'admin.tenants.update': { name: `walk-tenant-a-${n}` },
      'admin.alerts.subscribe': { url: receiver.url },
      'admin.alerts.update': { id: walkSubscription, enabled: true },
      'admin.alerts.setThresholds': { csatMinRatings: 10 },
      'admin.alerts.deliveries': { limit: 5 },
      'admin.alerts.test': { id: walkSubscription },
    };
    return inputs[row];
  };

  /** The credential headers of a caller; signing out gets a session of its own, so the others' stay open. */
  const headersOf = async (caller: Caller, row: string): Promise<Record<string, string>> => {
    const keys: Partial<Record<Caller, string>> = { ingestKey: h.a.keys.ingest, readKey: h.a.keys.read, adminKey: h.a.keys.admin };
    if (caller === 'nobody') return {};
    if (keys[caller]) return { authorization: `Bearer ${keys[caller]}` };
    const cookie = row === 'auth.signOut' ? await h.signIn(caller as Role) : cookies.get(caller)!;
    return { cookie, origin: h.url };
  };

  /** One call through the tRPC door: a query by GET (`?input=`), a mutation by POST. */
  const overTrpc = (path: string, input: unknown, headers: Record<string, string>) => {
    const query = procedureDefs[path]!._def.type === 'query';
    if (query) {
      const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return h.fetch(`/trpc/${path}${qs}`, { headers });
    }
    return h.fetch(`/trpc/${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  };

  /** One call through the plain-JSON door: the procedure's own route, query string or JSON body. */
  const overJson = (path: string, input: Record<string, unknown> | undefined, headers: Record<string, string>) => {
    const route = procedureDefs[path]!._def.meta!.openapi!;
    const url = `/api/analytics${route.path}`;
    if (route.method === 'GET') {
      const qs = new URLSearchParams(Object.entries(input ?? {}).map(([k, v]) => [k, String(v)])).toString();
      return h.fetch(qs ? `${url}?${qs}` : url, { headers });
    }
    return h.fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
  };

  beforeAll(async () => {
    h = await startHarness({}, { servers: true, record: true });
    // What the inputs name: an ended session and an agent the tenant knows (sent by the products' key).
    const now = Date.now();
    const at = (ago: number) => new Date(now - ago).toISOString();
    const res = await h.fetch('/api/analytics/ingest/track', {
      key: h.a.keys.ingest,
      json: {
        events: [
          { name: 'session.start', sessionId: 'walk-ended', channel: 'web', occurredAt: at(60_000) },
          { name: 'message.ai', sessionId: 'walk-ended', occurredAt: at(50_000), data: { responseTimeMs: 800 } },
          { name: 'session.end', sessionId: 'walk-ended', occurredAt: at(40_000), data: { reason: 'resolved' } },
          { name: 'agent.login', agentId: 'walk-known-agent', occurredAt: at(30_000) },
          { name: 'agent.login', agentId: 'agent-tenant-a', occurredAt: at(30_000) },
        ],
      },
    });
    expect(await res.json()).toMatchObject({ accepted: 5, rejected: [] });
    await h.services.sinks.drain();
    const audit = await h.fetch('/api/analytics/quality/create', { key: h.a.keys.admin, json: { sessionId: 'walk-ended', score: 70 } });
    expect(audit.status).toBe(200);
    auditId = ((await audit.json()) as { id: string }).id;
    for (const role of ['admin', 'supervisor', 'agent'] as const) cookies.set(role, await h.signIn(role));
    // What the admin procedures act on: a spare key per revoke or rotate call, a user to disable, enable and reset.
    const calls = 2 * 2 * callers.length;
    for (let i = 0; i < calls; i++) spareKeys.push((await h.services.keys.issue({ tenantId: 'tenant-a', scopes: ['read'] })).record.id);
    await h.services.users.create({ tenantId: 'tenant-a', username: 'walk-user', role: 'agent', password: PASSWORD });
    // What admin.alerts.* act on: a subscription to update and test, a spare one per unsubscribe call (each caller, each door).
    receiver = await webhookReceiver();
    walkSubscription = (await h.services.alerts.subscribe('tenant-a', { url: receiver.url })).subscription.id;
    for (let i = 0; i < 2 * callers.length; i++)
      spareSubscriptions.push((await h.services.alerts.subscribe('tenant-a', { url: receiver.url })).subscription.id);
    tenantBBefore = await h.services.tenants.get('tenant-b');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  for (const door of ['tRPC', 'plain JSON'] as const) {
    it(`answers every procedure for every caller as the table says, through ${door}`, async () => {
      const wrong: string[] = [];
      const seen: string[] = [];
      for (const [row, allowed] of expected) {
        const path = procedureOf(row);
        for (const caller of callers) {
          const input = inputOf(row);
          const headers = await headersOf(caller, row);
          const res = door === 'tRPC' ? await overTrpc(path, input, headers) : await overJson(path, input, headers);
          const body = await res.text();
          const ok = allowed[caller]
            ? (res.status >= 200 && res.status < 300) || res.status === 400 || res.status === 404
            : res.status === (caller === 'nobody' ? 401 : 403);
          seen.push(`${row} ${caller} ${res.status}`);
          // An agent sees no billing, not even inside a read it may make.
          if (caller === 'agent' && res.ok) for (const key of billingKeysIn(JSON.parse(body))) wrong.push(`${row} as agent: shows ${key}`);
          if (!ok) wrong.push(`${row} as ${caller}: ${res.status} (table: ${allowed[caller] ? 'allowed' : 'refused'}) ${body.slice(0, 160)}`);
          // An allowed call with the walk's input runs for real: the table is not passed by bad input.
          if (allowed[caller] && res.status !== 200) wrong.push(`${row} as ${caller}: allowed but ${res.status} ${body.slice(0, 160)}`);
          // An admin of tenant a reads and changes tenant a, never another.
          if (res.ok && (row === 'admin.tenants.get' || row === 'admin.tenants.update')) {
            const parsed = JSON.parse(body);
            const tenant = (door === 'tRPC' ? parsed.result.data : parsed) as { tenantId: string; name: string };
            if (tenant.tenantId !== 'tenant-a') wrong.push(`${row} as ${caller}: answered tenant ${tenant.tenantId}`);
            if (row === 'admin.tenants.update' && tenant.name !== (input as { name: string }).name)
              wrong.push(`${row} as ${caller}: name not changed`);
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(seen).toHaveLength(expected.size * callers.length);
      expect(await h.services.tenants.get('tenant-b')).toEqual(tenantBBefore);
    }, 120_000);
  }

  it('answered every role only what the OpenAPI document declares', () => expectAnswersDocumented(h));
});
