// ApiKeys and Users: keys shown once and found by digest, scopes checked, passwords hashed, sessions that expire.
import { describe, expect, it } from 'vitest';
import { allows, requirement } from '../../../domain/access/permissions.ts';
import { SESSION_TTL_MS } from '../../../domain/access/users.ts';
import { domainCode, givenAccess as given } from './given-access.ts';

describe('ApiKeys', () => {
  it('issues a key once and keeps only its digest', async () => {
    const { keys, store } = given();
    const { key, record } = await keys.issue({ tenantId: 'acme', scopes: ['ingest,read'] });
    expect(key).toBe('csa_token-1');
    expect(record).toMatchObject({ tenantId: 'acme', scopes: ['ingest', 'read'], hash: 'digest(csa_token-1)', prefix: 'csa_token-' });
    expect(await store.keyByHash('digest(csa_token-1)')).toEqual(record);
  });

  it('resolves a key to its tenant and scopes, and an unknown key to nobody', async () => {
    const { keys } = given();
    const { key, record } = await keys.issue({ tenantId: 'acme', scopes: ['read'] });
    expect(await keys.authenticate(key)).toEqual({ kind: 'key', tenantId: 'acme', keyId: record.id, scopes: ['read'] });
    expect(await keys.authenticate('csa_token-999')).toBeNull();
    expect(await keys.authenticate('token-1')).toBeNull();
  });

  it('refuses unknown scopes, no scope and unknown tenants', async () => {
    const { keys } = given();
    expect(await domainCode(keys.issue({ tenantId: 'acme', scopes: ['write'] }))).toBe(
      'INVALID scopes: unknown scope "write" (use ingest, read, admin)',
    );
    expect(await domainCode(keys.issue({ tenantId: 'acme', scopes: [''] }))).toBe('INVALID scopes: at least one of ingest, read, admin');
    expect(await domainCode(keys.issue({ tenantId: 'ghost', scopes: ['read'] }))).toBe('NOT_FOUND tenant "ghost" was not found');
  });
});

describe('Users', () => {
  it('stores the password hashed and signs the user in with it', async () => {
    const { users, store } = given();
    const user = await users.create({ tenantId: 'acme', username: 'mei', role: 'supervisor', password: 'long enough' });
    expect(user.passwordHash).toBe('hashed:long enough');
    const signedIn = await users.signIn({ username: 'mei', password: 'long enough' });
    expect(signedIn).toMatchObject({ token: 'token-1', actor: { kind: 'user', tenantId: 'acme', username: 'mei', role: 'supervisor' } });
    expect(await store.sessionByHash('digest(token-1)')).toMatchObject({ userId: user.id, tenantId: 'acme' });
    expect(await users.authenticate('token-1')).toEqual(signedIn.actor);
  });

  it('answers a wrong password and an unknown name alike', async () => {
    const { users } = given();
    await users.create({ tenantId: 'acme', username: 'mei', role: 'agent', password: 'long enough' });
    expect(await domainCode(users.signIn({ username: 'mei', password: 'wrong one' }))).toBe('UNAUTHORIZED wrong username or password');
    expect(await domainCode(users.signIn({ username: 'lin', password: 'wrong one' }))).toBe('UNAUTHORIZED wrong username or password');
  });

  it('answers a name of several tenants as a wrong password, and signs it in where the password matches', async () => {
    const { users } = given();
    await users.create({ tenantId: 'acme', username: 'admin', role: 'admin', password: 'long enough' });
    await users.create({ tenantId: 'globex', username: 'admin', role: 'admin', password: 'other enough' });
    expect(await domainCode(users.signIn({ username: 'admin', password: 'wrong one' }))).toBe('UNAUTHORIZED wrong username or password');
    await expect(users.signIn({ username: 'admin', password: 'long enough' })).resolves.toMatchObject({ actor: { tenantId: 'acme' } });
    await expect(users.signIn({ username: 'admin', password: 'other enough', tenantId: 'globex' })).resolves.toMatchObject({
      actor: { tenantId: 'globex' },
    });
    expect(await domainCode(users.signIn({ username: 'admin', password: 'other enough', tenantId: 'acme' }))).toBe(
      'UNAUTHORIZED wrong username or password',
    );
  });

  it('asks for the tenant only when the password opens the name in several', async () => {
    const { users } = given();
    await users.create({ tenantId: 'acme', username: 'admin', role: 'admin', password: 'long enough' });
    await users.create({ tenantId: 'globex', username: 'admin', role: 'admin', password: 'long enough' });
    expect(await domainCode(users.signIn({ username: 'admin', password: 'long enough' }))).toMatch(/^INVALID tenantId: /);
    await expect(users.signIn({ username: 'admin', password: 'long enough', tenantId: 'globex' })).resolves.toMatchObject({
      actor: { tenantId: 'globex' },
    });
  });

  it('refuses a taken name, a short password and an unknown role, naming the field', async () => {
    const { users } = given();
    await users.create({ tenantId: 'acme', username: 'mei', role: 'agent', password: 'long enough' });
    expect(await domainCode(users.create({ tenantId: 'acme', username: 'mei', role: 'agent', password: 'long enough' }))).toMatch(/^CONFLICT /);
    expect(await domainCode(users.create({ tenantId: 'acme', username: 'lin', role: 'agent', password: 'short' }))).toBe(
      'INVALID password: at least 8 characters',
    );
    expect(await domainCode(users.create({ tenantId: 'acme', username: 'lin', role: 'owner', password: 'long enough' }))).toMatch(/^INVALID role: /);
  });

  it('forgets a session at sign-out and after it expires', async () => {
    const { users, clock } = given();
    await users.create({ tenantId: 'acme', username: 'mei', role: 'agent', password: 'long enough' });
    const first = await users.signIn({ username: 'mei', password: 'long enough' });
    await users.signOut(first.token);
    expect(await users.authenticate(first.token)).toBeNull();
    const second = await users.signIn({ username: 'mei', password: 'long enough' });
    clock.advance(SESSION_TTL_MS);
    expect(await users.authenticate(second.token)).toBeNull();
  });
});

describe('permissions', () => {
  const key = (scopes: ('ingest' | 'read' | 'admin')[]) => ({ kind: 'key' as const, tenantId: 't', keyId: 'k', scopes });
  const user = (role: 'admin' | 'supervisor' | 'agent') => ({ kind: 'user' as const, tenantId: 't', userId: 'u', username: 'n', role });

  it('checks scopes for keys and roles for users', () => {
    expect(allows(key(['read']), requirement('read'))).toBe(true);
    expect(allows(key(['ingest']), requirement('read'))).toBe(false);
    expect(allows(user('agent'), requirement('read'))).toBe(true);
    expect(allows(user('agent'), requirement('read', ['admin', 'supervisor']))).toBe(false);
    expect(allows(user('supervisor'), requirement('admin'))).toBe(false);
    expect(allows(user('admin'), requirement('admin'))).toBe(true);
  });
});
