// Issue 19, who may write what, over real HTTP on PostgreSQL and Redis: people signed in to the workbench do not
// ingest (ingest is for product API keys), and an agent user sets only the status of the agent id it is linked to.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../domain/access/models.ts';
import type { AppRouter } from '../../../transport/trpc/app-router.ts';
import { needServer } from '../../support/databases.ts';
import { PASSWORD, startHarness, type Harness } from '../harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

/** The forged usage of the issue: 400,000 + 400,000 tokens. */
const forgedUsage = (tag: string) => ({
  events: [{ name: 'llm.usage', data: { usageId: `coze:forged-${tag}`, model: 'gpt-4o', inputTokens: 400_000, outputTokens: 400_000 } }],
});
const forgedRating = (tag: string) => ({ events: [{ name: 'session.rated', sessionId: `forged-${tag}`, data: { score: 1 } }] });

describe.skipIf(!up)('who may write what (issue 19)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
  }, 60_000);
  afterAll(() => h?.close());

  /** The same origin as the server, as the workbench's own pages send it (so no origin check refuses first). */
  const asUser = (cookie: string) => ({ cookie, origin: h.url });
  const clientOf = (cookie: string) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${h.url}/trpc`, headers: () => asUser(cookie) })] });
  const signInAs = async (username: string) => {
    const res = await h.fetch('/api/analytics/auth/signIn', { json: { username, password: PASSWORD } });
    expect(res.status, await res.clone().text()).toBe(200);
    return (res.headers.get('set-cookie') ?? '').split(';', 1)[0]!;
  };
  const quotaUsed = async () => {
    await h.services.sinks.drain();
    const res = await h.fetch('/api/analytics/billing/quota', { key: h.a.keys.read });
    expect(res.status).toBe(200);
    return ((await res.json()) as { used: number }).used;
  };
  const trpcRefusal = async (call: Promise<unknown>) => {
    const err = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TRPCClientError);
    const e = err as TRPCClientError<AppRouter>;
    return { status: e.data?.httpStatus, code: e.data?.code, message: e.message };
  };
  const setStatus = (init: { key?: string; cookie?: string }, agentId: string, status = 'busy') =>
    h.fetch('/api/analytics/realtime/setAgentStatus', {
      json: { agentId, status },
      ...(init.key ? { key: init.key } : {}),
      ...(init.cookie ? { headers: asUser(init.cookie) } : {}),
    });

  describe('ingest.track', () => {
    it.each(['supervisor', 'admin', 'agent'] as Role[])(
      'refuses a signed-in %s over tRPC and plain JSON with 403 (ingest is for product API keys); the quota does not move',
      async (role) => {
        const before = await quotaUsed();
        const eventsBefore = await h.services.events.count(h.a.tenantId);
        const cookie = await h.signIn(role);

        const overTrpc = await trpcRefusal(clientOf(cookie).ingest.track.mutate(forgedUsage(`${role}-trpc`) as never));
        expect(overTrpc).toMatchObject({ status: 403, code: 'FORBIDDEN' });
        expect(overTrpc.message).toMatch(/product API keys/);

        for (const body of [forgedUsage(`${role}-json`), forgedRating(role)]) {
          const res = await h.fetch('/api/analytics/ingest/track', { json: body, headers: asUser(cookie) });
          expect(res.status).toBe(403);
          const answer = (await res.json()) as { error: { code: string; message: string } };
          expect(answer.error.code).toBe('FORBIDDEN');
          expect(answer.error.message).toMatch(/product API keys/);
        }

        expect(await quotaUsed()).toBe(before);
        expect(await h.services.events.count(h.a.tenantId)).toBe(eventsBefore);
      },
    );

    it('still takes events from a product key with the ingest scope', async () => {
      const before = await quotaUsed();
      const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: forgedUsage('from-the-bot') });
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      expect(await quotaUsed()).toBe(before + 800_000);
    });

    it('keeps billing.recordTokenUsage for admins among users', async () => {
      const cookie = await h.signIn('supervisor');
      const res = await h.fetch('/api/analytics/billing/recordTokenUsage', {
        json: { usageId: 'coze:forged-record', model: 'gpt-4o', tokens: { input: 1, output: 1 } },
        headers: asUser(cookie),
      });
      expect(res.status).toBe(403);
    });
  });

  describe('realtime.setAgentStatus', () => {
    beforeAll(async () => {
      // An agent the tenant knows: it logged in through the workbench product's key.
      const res = await h.fetch('/api/analytics/ingest/track', {
        key: h.a.keys.ingest,
        json: { events: [{ name: 'agent.login', agentId: 'known-agent', data: { name: 'Ann' } }] },
      });
      expect(res.status).toBe(200);
      await h.services.sinks.drain();
    });

    it('lets an agent user set its own linked agent’s status, and shows the link in auth.me', async () => {
      const cookie = await h.signIn('agent');
      const me = await h.fetch('/api/analytics/auth/me', { headers: asUser(cookie) });
      expect(await me.json()).toMatchObject({ role: 'agent', agentId: 'agent-tenant-a' });
      const res = await setStatus({ cookie }, 'agent-tenant-a', 'away');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ agentId: 'agent-tenant-a', status: 'away' });
    });

    it('refuses an agent user another agent’s status with 403, over plain JSON and tRPC', async () => {
      const cookie = await h.signIn('agent');
      const res = await setStatus({ cookie }, 'known-agent', 'offline');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/agent-tenant-a/);
      const overTrpc = await trpcRefusal(clientOf(cookie).realtime.setAgentStatus.mutate({ agentId: 'known-agent', status: 'offline' }));
      expect(overTrpc).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const agents = await h.fetch('/api/analytics/realtime/agents', { key: h.a.keys.read });
      const row = ((await agents.json()) as { agents: { agentId: string; status: string }[] }).agents.find((a) => a.agentId === 'known-agent');
      expect(row?.status).toBe('online');
    });

    it('refuses an agent user linked to no agent with 403 saying so', async () => {
      await h.services.users.create({ tenantId: h.a.tenantId, username: 'unlinked-agent', role: 'agent', password: PASSWORD });
      const cookie = await signInAs('unlinked-agent');
      const res = await setStatus({ cookie }, 'unlinked-agent');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not linked to an agent/);
    });

    it.each(['supervisor', 'admin'] as Role[])('lets a %s set a known agent’s status but not invent one', async (role) => {
      const cookie = await h.signIn(role);
      expect((await setStatus({ cookie }, 'known-agent', 'busy')).status).toBe(200);
      const invented = await setStatus({ cookie }, `invented-by-${role}`);
      expect(invented.status).toBe(404);
      expect(((await invented.json()) as { error: { message: string } }).error.message).toMatch(/agentId/);
      const agents = await h.fetch('/api/analytics/realtime/agents', { key: h.a.keys.read });
      const ids = ((await agents.json()) as { agents: { agentId: string }[] }).agents.map((a) => a.agentId);
      expect(ids).not.toContain(`invented-by-${role}`);
    });

    it('lets the workbench product’s ingest key set any agent’s status, as before', async () => {
      const res = await setStatus({ key: h.a.keys.ingest }, 'first-seen-agent', 'online');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ agentId: 'first-seen-agent', status: 'online' });
    });
  });
});
