// Who writes what (issue 19): no workbench role ingests, a user is linked to the agent id they act as, and an agent
// user sets only its own agent's status while a supervisor or admin sets only a known agent's.
import { describe, expect, it } from 'vitest';
import { MemoryAccessStore } from '../../../adapters/memory/access/memory-access-store.ts';
import { assertMaySetAgentStatus } from '../../../domain/access/agent-status-rights.ts';
import type { Actor, Role } from '../../../domain/access/models.ts';
import { refusal, requirement } from '../../../domain/access/permissions.ts';
import { Users } from '../../../domain/access/users.ts';
import { DomainError } from '../../../domain/errors.ts';
import { aClock, sequentialIds } from '../../support/builders.ts';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: unknown) => (e instanceof DomainError ? `${e.code} ${e.message}` : String(e)),
  );

function users() {
  let n = 0;
  return new Users({
    store: new MemoryAccessStore(),
    secrets: { newToken: () => `token-${++n}`, digest: (t) => `digest(${t})` },
    hasher: { hash: async (p) => `hashed:${p}`, verify: async (h, p) => h === `hashed:${p}` },
    clock: aClock(),
    ids: sequentialIds(),
    tenantExists: async () => true,
  });
}

const user = (role: Role, agentId?: string): Actor => ({
  kind: 'user',
  tenantId: 'acme',
  userId: 'u1',
  username: 'mei',
  role,
  ...(agentId ? { agentId } : {}),
});
const ingestKey: Actor = { kind: 'key', tenantId: 'acme', keyId: 'k1', scopes: ['ingest'] };
/** The tenant has seen agent `a1` only. */
const known = async (_tenantId: string, agentId: string) => agentId === 'a1';

describe('permissions: ingest', () => {
  it('is for product API keys: every workbench role is refused, saying so', () => {
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      expect(refusal(user(role), requirement('ingest'))).toMatch(/^ingest is for product API keys/);
    }
    expect(refusal(ingestKey, requirement('ingest'))).toBeNull();
    expect(refusal({ ...ingestKey, scopes: ['read'] }, requirement('ingest'))).toBe('this needs the ingest scope');
    expect(refusal(user('agent'), requirement('read', ['admin']))).toBe('this needs one of the roles admin');
  });
});

describe('Users.create with an agent id', () => {
  it('links the user to the agent id, and the signed-in actor carries it', async () => {
    const u = users();
    const created = await u.create({ tenantId: 'acme', username: 'mei', role: 'agent', password: 'long enough', agentId: 'a1' });
    expect(created.agentId).toBe('a1');
    const { actor } = await u.signIn({ username: 'mei', password: 'long enough' });
    expect(actor).toMatchObject({ role: 'agent', agentId: 'a1' });
    expect(await u.authenticate('token-1')).toEqual(actor);
  });

  it('leaves a user created without one unlinked', async () => {
    const u = users();
    await u.create({ tenantId: 'acme', username: 'sam', role: 'supervisor', password: 'long enough' });
    const { actor } = await u.signIn({ username: 'sam', password: 'long enough' });
    expect(actor).not.toHaveProperty('agentId');
  });

  it('refuses an empty agent id, naming the field, and an agent id another user of the tenant acts as', async () => {
    const u = users();
    const create = (username: string, agentId: string) => u.create({ tenantId: 'acme', username, role: 'agent', password: 'long enough', agentId });
    expect(await outcome(create('mei', ''))).toMatch(/^INVALID agentId: /);
    expect(await outcome(create('mei', 'a\u0000'))).toBe('INVALID agentId: no NUL character');
    await create('mei', 'a1');
    expect(await outcome(create('lin', 'a1'))).toMatch(/^CONFLICT agentId: another user of tenant "acme" is linked to agent "a1"/);
  });
});

describe('assertMaySetAgentStatus', () => {
  it('lets an agent user set its own agent only', async () => {
    expect(await outcome(assertMaySetAgentStatus(user('agent', 'a9'), 'a9', known))).toBe('allowed');
    expect(await outcome(assertMaySetAgentStatus(user('agent', 'a9'), 'a1', known))).toBe(
      'FORBIDDEN agentId: an agent may set only its own status (this user acts as agent "a9")',
    );
  });

  it('refuses an agent user linked to no agent', async () => {
    expect(await outcome(assertMaySetAgentStatus(user('agent'), 'a1', known))).toBe(
      'FORBIDDEN user "mei" is not linked to an agent, so may set no agent\'s status',
    );
  });

  it('lets a supervisor or admin set a known agent, or the one they act as, but not invent one', async () => {
    for (const role of ['supervisor', 'admin'] as const) {
      expect(await outcome(assertMaySetAgentStatus(user(role), 'a1', known))).toBe('allowed');
      expect(await outcome(assertMaySetAgentStatus(user(role, 'a7'), 'a7', known))).toBe('allowed');
      expect(await outcome(assertMaySetAgentStatus(user(role), 'new-one', known))).toMatch(/^NOT_FOUND agentId: this tenant has no agent "new-one"/);
    }
  });

  it('lets the workbench product’s key set any agent, a new one too', async () => {
    expect(await outcome(assertMaySetAgentStatus(ingestKey, 'new-one', known))).toBe('allowed');
  });
});
