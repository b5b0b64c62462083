// AccessStore: the same rules in memory and on PostgreSQL (PGlite here, the real server when it is reachable).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAccessStore } from '../../../adapters/memory/access/memory-access-store.ts';
import { PostgresAccessStore } from '../../../adapters/postgres/access/postgres-access-store.ts';
import { PostgresTenantStore } from '../../../adapters/postgres/tenants/postgres-tenant-store.ts';
import type { AccessStore } from '../../../domain/access/access-store.ts';
import type { ApiKeyRecord, UserRecord } from '../../../domain/access/models.ts';
import { DomainError } from '../../../domain/errors.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../../support/databases.ts';

const at = (iso: string) => new Date(iso);
const aKey = (over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: '00000000-0000-7000-8000-000000000001',
  tenantId: 'acme',
  scopes: ['ingest', 'read'],
  prefix: 'csa_abcdef',
  hash: 'a'.repeat(64),
  name: 'chatbot',
  createdAt: at('2026-03-10T10:00:00Z'),
  ...over,
});
const aUser = (over: Partial<UserRecord> = {}): UserRecord => ({
  id: '00000000-0000-7000-8000-000000000101',
  tenantId: 'acme',
  username: 'mei',
  role: 'supervisor',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
  createdAt: at('2026-03-10T10:00:00Z'),
  ...over,
});

function accessStoreContract(name: string, open: () => Promise<{ store: AccessStore; close(): Promise<void> }>) {
  describe(`AccessStore contract: ${name}`, () => {
    let store: AccessStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close?.());

    it('finds a key by its digest only', async () => {
      await store.addKey(aKey());
      expect(await store.keyByHash('a'.repeat(64))).toEqual(aKey());
      expect(await store.keyByHash('b'.repeat(64))).toBeUndefined();
    });

    it('keeps one user per name and tenant, and finds users by name across tenants', async () => {
      await store.addUser(aUser());
      await store.addUser(aUser({ id: '00000000-0000-7000-8000-000000000102', tenantId: 'globex', role: 'agent' }));
      const taken = await store.addUser(aUser({ id: '00000000-0000-7000-8000-000000000103' })).catch((e: unknown) => e);
      expect(DomainError.is(taken) && taken.code).toBe('CONFLICT');
      const named = await store.usersNamed('mei');
      expect(named.map((u) => u.tenantId).sort()).toEqual(['acme', 'globex']);
      expect(await store.userById(aUser().id)).toEqual(aUser());
    });

    it('keeps the agent id a user is linked to, and one user per agent id and tenant', async () => {
      const linked = aUser({ id: '00000000-0000-7000-8000-000000000111', username: 'ana', role: 'agent', agentId: 'agent-7' });
      await store.addUser(linked);
      expect(await store.userById(linked.id)).toEqual(linked);
      expect(await store.usersNamed('ana')).toEqual([linked]);
      expect((await store.userById(aUser().id))?.agentId).toBeUndefined();
      const twice = await store
        .addUser(aUser({ id: '00000000-0000-7000-8000-000000000112', username: 'bo', agentId: 'agent-7' }))
        .catch((e: unknown) => e);
      expect(DomainError.is(twice) && `${twice.code} ${twice.message}`).toMatch(/^CONFLICT agentId: /);
      const elsewhere = aUser({ id: '00000000-0000-7000-8000-000000000113', tenantId: 'globex', username: 'ana', agentId: 'agent-7' });
      await store.addUser(elsewhere);
      expect(await store.userById(elsewhere.id)).toEqual(elsewhere);
    });

    it('keeps sessions until they are deleted or expire', async () => {
      const session = {
        hash: 'c'.repeat(64),
        userId: aUser().id,
        tenantId: 'acme',
        createdAt: at('2026-03-10T10:00:00Z'),
        expiresAt: at('2026-03-11T10:00:00Z'),
      };
      await store.addSession(session);
      await store.addSession({ ...session, hash: 'd'.repeat(64) });
      expect(await store.sessionByHash('c'.repeat(64))).toEqual(session);
      await store.deleteSession('c'.repeat(64));
      expect(await store.sessionByHash('c'.repeat(64))).toBeUndefined();
      expect(await store.deleteExpiredSessions(at('2026-03-11T09:59:59Z'))).toBe(0);
      expect(await store.deleteExpiredSessions(at('2026-03-11T10:00:00Z'))).toBe(1);
    });
  });
}

async function onPostgres(fixture: DatabaseFixture) {
  const tenants = new PostgresTenantStore({ db: fixture.db });
  await tenants.create({ tenantId: 'acme' });
  await tenants.create({ tenantId: 'globex' });
  return { store: new PostgresAccessStore(fixture.db), close: () => fixture.close() };
}

accessStoreContract('memory', async () => ({ store: new MemoryAccessStore(), close: async () => {} }));
accessStoreContract('PGlite', async () => onPostgres(await pgliteFixture()));
describe.skipIf(!(await needServer('postgres')))('on the real PostgreSQL', () => {
  accessStoreContract('PostgreSQL', async () => onPostgres(await postgresFixture()));
});
