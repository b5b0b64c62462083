// Credentials' whole life (issue 15): keys listed without secrets, revoked (refused here at once, elsewhere within the
// cache's life) and rotated; users listed, disabled (no sign-in, sessions ended), enabled, their passwords reset.
import { describe, expect, it } from 'vitest';
import { ApiKeys, KEY_CACHE_TTL_MS } from '../../../domain/access/api-keys.ts';
import type { Actor } from '../../../domain/access/models.ts';
import { sequentialIds } from '../../support/builders.ts';
import { domainCode, fakeSecrets, givenAccess } from './given-access.ts';

describe('ApiKeys.list', () => {
  it("lists the tenant's keys, oldest first, with no secret or digest, and no other tenant's", async () => {
    const { keys, clock } = givenAccess();
    const first = await keys.issue({ tenantId: 'acme', scopes: ['ingest'], name: 'chatbot' });
    clock.advance(1000);
    await keys.issue({ tenantId: 'acme', scopes: ['read', 'admin'] });
    await keys.issue({ tenantId: 'globex', scopes: ['read'] });
    const listed = await keys.list('acme');
    expect(listed).toEqual([
      {
        id: first.record.id,
        prefix: 'csa_token-',
        name: 'chatbot',
        scopes: ['ingest'],
        createdAt: '2026-03-10T10:00:00.000Z',
        lastUsedAt: null,
        revokedAt: null,
      },
      expect.objectContaining({ name: null, scopes: ['read', 'admin'], createdAt: '2026-03-10T10:00:01.000Z' }),
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/digest|token-1[^0-9]|csa_token-\d/);
    expect(await domainCode(keys.list('ghost'))).toBe('NOT_FOUND tenant "ghost" was not found');
  });

  it('says when a key last signed a request in', async () => {
    const { keys, clock } = givenAccess();
    const { key } = await keys.issue({ tenantId: 'acme', scopes: ['read'] });
    clock.advance(60_000);
    await keys.authenticate(key);
    expect((await keys.list('acme'))[0]?.lastUsedAt).toBe('2026-03-10T10:01:00.000Z');
  });
});

describe('ApiKeys.revoke', () => {
  it('refuses a revoked key at once in this instance, even one it remembered', async () => {
    const { keys, clock } = givenAccess();
    const { key, record } = await keys.issue({ tenantId: 'acme', scopes: ['ingest'] });
    expect(await keys.authenticate(key)).toMatchObject({ keyId: record.id });
    clock.advance(1000);
    const revoked = await keys.revoke('acme', record.id);
    expect(revoked).toMatchObject({ id: record.id, revokedAt: '2026-03-10T10:00:01.000Z' });
    expect(await keys.authenticate(key)).toBeNull();
  });

  it('is seen by another instance (its own cache) within KEY_CACHE_TTL_MS, under the 5 s promise', async () => {
    const { keys, store, clock } = givenAccess();
    const elsewhere = new ApiKeys({ store, secrets: fakeSecrets(), clock, ids: sequentialIds(1), tenantExists: async () => true });
    const { key, record } = await keys.issue({ tenantId: 'acme', scopes: ['ingest'] });
    expect(await elsewhere.authenticate(key)).not.toBeNull();
    await keys.revoke('acme', record.id);
    clock.advance(KEY_CACHE_TTL_MS - 1);
    // Still remembered over there (this is the bound, not a promise to be late)...
    expect(await elsewhere.authenticate(key)).not.toBeNull();
    clock.advance(1);
    // ...and refused once its entry's life is over.
    expect(await elsewhere.authenticate(key)).toBeNull();
    expect(KEY_CACHE_TTL_MS).toBeLessThanOrEqual(4000);
  });

  it('names a key by id, prefix (with or without the ellipsis) or the whole key; revoking twice keeps the first time', async () => {
    for (const ref of ['id', 'csa_token-', 'csa_token-…', 'csa_token-1']) {
      const { keys, clock } = givenAccess();
      const { record } = await keys.issue({ tenantId: 'acme', scopes: ['read'] });
      const first = await keys.revoke('acme', ref === 'id' ? record.id : ref);
      clock.advance(5000);
      expect(await keys.revoke('acme', record.id), ref).toEqual(first);
      expect(first.revokedAt, ref).toBe('2026-03-10T10:00:00.000Z');
    }
  });

  it("answers an unknown key and another tenant's alike, NOT_FOUND naming it (a whole key by its prefix only)", async () => {
    const { keys } = givenAccess();
    const theirs = await keys.issue({ tenantId: 'globex', scopes: ['read'] });
    expect(await domainCode(keys.revoke('acme', theirs.record.id))).toBe(`NOT_FOUND API key "${theirs.record.id}" of tenant "acme" was not found`);
    expect(await domainCode(keys.revoke('acme', 'csa_zzzzzz'))).toBe('NOT_FOUND API key "csa_zzzzzz" of tenant "acme" was not found');
    expect(await domainCode(keys.revoke('acme', theirs.key))).toBe('NOT_FOUND API key "csa_token-…" of tenant "acme" was not found');
    expect(await keys.authenticate(theirs.key)).not.toBeNull();
  });

  it('refuses a prefix several keys share, asking for an id', async () => {
    const { keys } = givenAccess();
    const a = await keys.issue({ tenantId: 'acme', scopes: ['read'] });
    const b = await keys.issue({ tenantId: 'acme', scopes: ['read'] });
    expect(await domainCode(keys.revoke('acme', 'csa_token-'))).toBe(
      `INVALID key: csa_token- is the prefix of 2 keys of tenant acme (${a.record.id}, ${b.record.id}): name one by id`,
    );
  });

  it('does not let a key revoke itself (the caller would be locked out mid-call)', async () => {
    const { keys } = givenAccess();
    const { record } = await keys.issue({ tenantId: 'acme', scopes: ['admin'] });
    const by: Actor = { kind: 'key', tenantId: 'acme', keyId: record.id, scopes: ['admin'] };
    expect(await domainCode(keys.revoke('acme', record.id, { by }))).toMatch(/^FORBIDDEN API key csa_token- is the key of this call/);
    expect((await keys.list('acme'))[0]?.revokedAt).toBeNull();
  });
});

describe('ApiKeys.rotate', () => {
  it('issues a key of the same tenant, scopes and name, and revokes the old one in the same step', async () => {
    const { keys, clock } = givenAccess();
    const old = await keys.issue({ tenantId: 'acme', scopes: ['ingest', 'read'], name: 'chatbot' });
    await keys.authenticate(old.key);
    clock.advance(2000);
    const next = await keys.rotate('acme', old.record.id);
    expect(next.key).toBe('csa_token-2');
    expect(next.record).toMatchObject({ tenantId: 'acme', scopes: ['ingest', 'read'], name: 'chatbot', revokedAt: null });
    expect(await keys.authenticate(old.key)).toBeNull();
    expect(await keys.authenticate(next.key)).toMatchObject({ keyId: next.record.id, scopes: ['ingest', 'read'] });
    expect((await keys.list('acme')).map((k) => [k.id, k.revokedAt])).toEqual([
      [old.record.id, '2026-03-10T10:00:02.000Z'],
      [next.record.id, null],
    ]);
  });

  it('refuses to rotate a revoked key, naming the field', async () => {
    const { keys } = givenAccess();
    const { record } = await keys.issue({ tenantId: 'acme', scopes: ['read'] });
    await keys.revoke('acme', record.id);
    expect(await domainCode(keys.rotate('acme', record.id))).toBe(
      `INVALID key: API key csa_token- (${record.id}) is revoked: issue a new key instead of rotating it`,
    );
    expect(await domainCode(keys.rotate('acme', 'nope'))).toBe('NOT_FOUND API key "nope" of tenant "acme" was not found');
  });
});

describe('Users lifecycle', () => {
  const PASSWORD = 'long enough';

  async function withUsers() {
    const access = givenAccess();
    await access.users.create({ tenantId: 'acme', username: 'mei', role: 'supervisor', password: PASSWORD });
    await access.users.create({ tenantId: 'acme', username: 'ana', role: 'agent', password: PASSWORD, agentId: 'a-7' });
    await access.users.create({ tenantId: 'globex', username: 'bo', role: 'admin', password: PASSWORD });
    return access;
  }

  it("lists the tenant's users by name, with no password hash, and no other tenant's", async () => {
    const { users } = await withUsers();
    const listed = await users.list('acme');
    expect(listed).toEqual([
      { id: expect.any(String), username: 'ana', role: 'agent', agentId: 'a-7', createdAt: '2026-03-10T10:00:00.000Z', disabledAt: null },
      { id: expect.any(String), username: 'mei', role: 'supervisor', agentId: null, createdAt: '2026-03-10T10:00:00.000Z', disabledAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain('hashed:');
    expect(await domainCode(users.list('ghost'))).toBe('NOT_FOUND tenant "ghost" was not found');
  });

  it('disables a user: sign-in answered as a wrong password, open sessions ended at once; enabling lets them in again', async () => {
    const { users, clock } = await withUsers();
    const open = await users.signIn({ username: 'mei', password: PASSWORD });
    clock.advance(1000);
    expect(await users.disable('acme', 'mei')).toMatchObject({ username: 'mei', disabledAt: '2026-03-10T10:00:01.000Z' });
    expect(await users.authenticate(open.token)).toBeNull();
    expect(await domainCode(users.signIn({ username: 'mei', password: PASSWORD }))).toBe('UNAUTHORIZED wrong username or password');
    // Twice keeps the first time.
    clock.advance(1000);
    expect((await users.disable('acme', 'mei')).disabledAt).toBe('2026-03-10T10:00:01.000Z');
    expect(await users.enable('acme', 'mei')).toMatchObject({ disabledAt: null });
    expect(await users.authenticate(open.token)).toBeNull();
    expect(await domainCode(users.signIn({ username: 'mei', password: PASSWORD }))).toBe('resolved');
  });

  it('refuses a session of a user disabled behind its back (the store changed, sessions left)', async () => {
    const { users, store } = await withUsers();
    const open = await users.signIn({ username: 'ana', password: PASSWORD });
    await store.updateUser('acme', open.actor.userId, { disabledAt: new Date() });
    expect(await users.authenticate(open.token)).toBeNull();
  });

  it('does not let a user disable themselves', async () => {
    const { users } = await withUsers();
    const me = await users.signIn({ username: 'mei', password: PASSWORD });
    expect(await domainCode(users.disable('acme', 'mei', { by: me.actor }))).toMatch(/^FORBIDDEN user "mei" is the user of this call/);
    expect(await users.authenticate(me.token)).not.toBeNull();
  });

  it('resets a password: the old one refused, the new one accepted, open sessions ended', async () => {
    const { users } = await withUsers();
    const open = await users.signIn({ username: 'mei', password: PASSWORD });
    await users.resetPassword('acme', 'mei', 'a brand new secret');
    expect(await users.authenticate(open.token)).toBeNull();
    expect(await domainCode(users.signIn({ username: 'mei', password: PASSWORD }))).toBe('UNAUTHORIZED wrong username or password');
    expect(await domainCode(users.signIn({ username: 'mei', password: 'a brand new secret' }))).toBe('resolved');
    expect(await domainCode(users.resetPassword('acme', 'mei', 'short'))).toBe('INVALID password: at least 8 characters');
  });

  it("answers an unknown user and another tenant's alike, NOT_FOUND naming them", async () => {
    const { users } = await withUsers();
    for (const work of [users.disable('acme', 'bo'), users.enable('acme', 'bo'), users.resetPassword('acme', 'bo', PASSWORD)]) {
      expect(await domainCode(work)).toBe('NOT_FOUND user "bo" of tenant "acme" was not found');
    }
    expect(await domainCode(users.signIn({ username: 'bo', password: PASSWORD }))).toBe('resolved');
  });
});
