// The AccessStore contract on memory, PGlite and PostgreSQL: keys found by digest, listed, revoked and replaced; users
// kept one per name and tenant, listed, changed; sessions kept until deleted, expired, or their user's are ended.
import { expect } from 'vitest';
import { MemoryAccessStore } from '../../adapters/memory/access/memory-access-store.ts';
import { PostgresAccessStore } from '../../adapters/postgres/access/postgres-access-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import type { AccessStore } from '../../domain/access/access-store.ts';
import type { ApiKeyRecord, SessionRecord, UserRecord } from '../../domain/access/models.ts';
import { DomainError } from '../../domain/errors.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface AccessStoreFixture {
  readonly store: AccessStore;
}

const adapters: PortAdapters<AccessStoreFixture> = {
  memory: () => ({ store: new MemoryAccessStore() }),
  sql: async ({ db }) => {
    // Keys and users belong to tenants on record (a foreign key on PostgreSQL).
    const tenants = new PostgresTenantStore({ db });
    for (const tenantId of ['acme', 'globex']) await tenants.create({ tenantId });
    return { store: new PostgresAccessStore(db) };
  },
};

const at = (iso: string) => new Date(iso);
const id = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const aKey = (over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: id(1),
  tenantId: 'acme',
  scopes: ['ingest', 'read'],
  prefix: 'csa_abcdef',
  hash: 'a'.repeat(64),
  name: 'chatbot',
  createdAt: at('2026-03-10T10:00:00Z'),
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});
const aUser = (over: Partial<UserRecord> = {}): UserRecord => ({
  id: id(101),
  tenantId: 'acme',
  username: 'mei',
  role: 'supervisor',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
  createdAt: at('2026-03-10T10:00:00Z'),
  disabledAt: null,
  ...over,
});
const aSession = (over: Partial<SessionRecord> = {}): SessionRecord => ({
  hash: 'c'.repeat(64),
  userId: aUser().id,
  tenantId: 'acme',
  createdAt: at('2026-03-10T10:00:00Z'),
  expiresAt: at('2026-03-11T10:00:00Z'),
  ...over,
});

await portContract<AccessStoreFixture>('AccessStore', adapters, (it) => {
  it('finds a key by its digest only', async ({ fx }) => {
    await fx.store.addKey(aKey());
    expect(await fx.store.keyByHash('a'.repeat(64))).toEqual(aKey());
    expect(await fx.store.keyByHash('b'.repeat(64))).toBeUndefined();
  });

  it("lists a tenant's keys oldest first, revoked ones too, and no other tenant's", async ({ fx }) => {
    const later = aKey({ id: id(2), hash: 'b'.repeat(64), createdAt: at('2026-03-10T11:00:00Z'), revokedAt: at('2026-03-10T12:00:00Z') });
    await fx.store.addKey(later);
    await fx.store.addKey(aKey());
    await fx.store.addKey(aKey({ id: id(3), hash: 'c'.repeat(64), tenantId: 'globex' }));
    expect(await fx.store.keysOf('acme')).toEqual([aKey(), later]);
    expect(await fx.store.keysOf('nobody')).toEqual([]);
  });

  it('revokes a key once, keeping the first time, and only within its tenant', async ({ fx }) => {
    await fx.store.addKey(aKey());
    expect(await fx.store.revokeKey('globex', id(1), at('2026-03-10T11:00:00Z'))).toBeUndefined();
    expect(await fx.store.revokeKey('acme', id(9), at('2026-03-10T11:00:00Z'))).toBeUndefined();
    expect((await fx.store.keyByHash('a'.repeat(64)))?.revokedAt).toBeNull();
    const revoked = aKey({ revokedAt: at('2026-03-10T12:00:00Z') });
    expect(await fx.store.revokeKey('acme', id(1), at('2026-03-10T12:00:00Z'))).toEqual(revoked);
    expect(await fx.store.revokeKey('acme', id(1), at('2026-03-10T13:00:00Z'))).toEqual(revoked);
    expect(await fx.store.keyByHash('a'.repeat(64))).toEqual(revoked);
  });

  it('marks a live key used, and leaves a revoked one as it is', async ({ fx }) => {
    await fx.store.addKey(aKey());
    await fx.store.addKey(aKey({ id: id(2), hash: 'b'.repeat(64), revokedAt: at('2026-03-10T10:30:00Z') }));
    await fx.store.markKeyUsed(id(1), at('2026-03-10T11:00:00Z'));
    await fx.store.markKeyUsed(id(2), at('2026-03-10T11:00:00Z'));
    expect((await fx.store.keyByHash('a'.repeat(64)))?.lastUsedAt).toEqual(at('2026-03-10T11:00:00Z'));
    expect((await fx.store.keyByHash('b'.repeat(64)))?.lastUsedAt).toBeNull();
  });

  it('replaces a live key by another, both or neither', async ({ fx }) => {
    await fx.store.addKey(aKey());
    const next = aKey({ id: id(2), hash: 'b'.repeat(64), prefix: 'csa_ghijkl', createdAt: at('2026-03-10T11:00:00Z') });
    expect(await fx.store.replaceKey(id(1), next, at('2026-03-10T11:00:00Z'))).toBe(true);
    expect(await fx.store.keysOf('acme')).toEqual([aKey({ revokedAt: at('2026-03-10T11:00:00Z') }), next]);
    // The old key is revoked now: a second replacement (a racing rotation) does nothing.
    const third = aKey({ id: id(3), hash: 'd'.repeat(64), createdAt: at('2026-03-10T12:00:00Z') });
    expect(await fx.store.replaceKey(id(1), third, at('2026-03-10T12:00:00Z'))).toBe(false);
    // Nor across tenants.
    expect(await fx.store.replaceKey(id(2), { ...third, tenantId: 'globex' }, at('2026-03-10T12:00:00Z'))).toBe(false);
    expect(await fx.store.keyByHash('d'.repeat(64))).toBeUndefined();
    expect((await fx.store.keyByHash('b'.repeat(64)))?.revokedAt).toBeNull();
  });

  it('keeps one user per name and tenant, and finds users by name across tenants', async ({ fx }) => {
    await fx.store.addUser(aUser());
    await fx.store.addUser(aUser({ id: id(102), tenantId: 'globex', role: 'agent' }));
    const taken = await fx.store.addUser(aUser({ id: id(103) })).catch((e: unknown) => e);
    expect(DomainError.is(taken) && taken.code).toBe('CONFLICT');
    expect((await fx.store.usersNamed('mei')).map((u) => u.tenantId).sort()).toEqual(['acme', 'globex']);
    expect(await fx.store.userById(aUser().id)).toEqual(aUser());
  });

  it('keeps the agent id a user is linked to, and one user per agent id and tenant', async ({ fx }) => {
    const linked = aUser({ id: id(111), username: 'ana', role: 'agent', agentId: 'agent-7' });
    await fx.store.addUser(linked);
    await fx.store.addUser(aUser());
    expect(await fx.store.userById(linked.id)).toEqual(linked);
    expect(await fx.store.usersNamed('ana')).toEqual([linked]);
    expect((await fx.store.userById(aUser().id))?.agentId).toBeUndefined();
    const twice = await fx.store.addUser(aUser({ id: id(112), username: 'bo', agentId: 'agent-7' })).catch((e: unknown) => e);
    expect(DomainError.is(twice) && `${twice.code} ${twice.message}`).toMatch(/^CONFLICT agentId: /);
    const elsewhere = aUser({ id: id(113), tenantId: 'globex', username: 'ana', agentId: 'agent-7' });
    await fx.store.addUser(elsewhere);
    expect(await fx.store.userById(elsewhere.id)).toEqual(elsewhere);
  });

  it("lists a tenant's users by username (byte order), and no other tenant's", async ({ fx }) => {
    for (const [n, username] of [
      [121, 'mei'],
      [122, 'Zoe'],
      [123, 'ana'],
    ] as const) {
      await fx.store.addUser(aUser({ id: id(n), username }));
    }
    await fx.store.addUser(aUser({ id: id(124), username: 'bo', tenantId: 'globex' }));
    expect((await fx.store.usersOf('acme')).map((u) => u.username)).toEqual(['Zoe', 'ana', 'mei']);
    expect(await fx.store.usersOf('nobody')).toEqual([]);
  });

  it('disables, enables and re-hashes a user of the tenant, and no other', async ({ fx }) => {
    await fx.store.addUser(aUser());
    const off = at('2026-03-10T11:00:00Z');
    expect(await fx.store.updateUser('globex', aUser().id, { disabledAt: off })).toBeUndefined();
    expect(await fx.store.updateUser('acme', id(999), { disabledAt: off })).toBeUndefined();
    expect(await fx.store.updateUser('acme', aUser().id, { disabledAt: off })).toEqual(aUser({ disabledAt: off }));
    expect(await fx.store.updateUser('acme', aUser().id, { passwordHash: 'new-hash' })).toEqual(aUser({ disabledAt: off, passwordHash: 'new-hash' }));
    expect(await fx.store.updateUser('acme', aUser().id, { disabledAt: null })).toEqual(aUser({ passwordHash: 'new-hash' }));
    expect(await fx.store.userById(aUser().id)).toEqual(aUser({ passwordHash: 'new-hash' }));
  });

  it('keeps sessions until they are deleted or expire', async ({ fx }) => {
    await fx.store.addUser(aUser());
    await fx.store.addSession(aSession());
    await fx.store.addSession(aSession({ hash: 'd'.repeat(64) }));
    expect(await fx.store.sessionByHash('c'.repeat(64))).toEqual(aSession());
    await fx.store.deleteSession('c'.repeat(64));
    expect(await fx.store.sessionByHash('c'.repeat(64))).toBeUndefined();
    expect(await fx.store.deleteExpiredSessions(at('2026-03-11T09:59:59Z'))).toBe(0);
    expect(await fx.store.deleteExpiredSessions(at('2026-03-11T10:00:00Z'))).toBe(1);
  });

  it("ends every session of one user, and no other user's", async ({ fx }) => {
    const other = aUser({ id: id(102), username: 'li' });
    await fx.store.addUser(aUser());
    await fx.store.addUser(other);
    await fx.store.addSession(aSession());
    await fx.store.addSession(aSession({ hash: 'd'.repeat(64) }));
    await fx.store.addSession(aSession({ hash: 'e'.repeat(64), userId: other.id }));
    expect(await fx.store.deleteSessionsOf(aUser().id)).toBe(2);
    expect(await fx.store.sessionByHash('c'.repeat(64))).toBeUndefined();
    expect(await fx.store.sessionByHash('d'.repeat(64))).toBeUndefined();
    expect(await fx.store.sessionByHash('e'.repeat(64))).toEqual(aSession({ hash: 'e'.repeat(64), userId: other.id }));
    expect(await fx.store.deleteSessionsOf(aUser().id)).toBe(0);
  });
});
