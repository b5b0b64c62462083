// The access use cases on the memory store with readable fakes and a fixed clock, for the domain tests of credentials.
import { MemoryAccessStore } from '../../../adapters/memory/access/memory-access-store.ts';
import { ApiKeys } from '../../../domain/access/api-keys.ts';
import type { PasswordHasher, Secrets } from '../../../domain/access/secrets.ts';
import { Users } from '../../../domain/access/users.ts';
import { DomainError } from '../../../domain/errors.ts';
import { aClock, sequentialIds } from '../../support/builders.ts';

/** Readable fakes: token n is `token-n`, its digest `digest(token-n)`. */
export function fakeSecrets(): Secrets {
  let n = 0;
  return { newToken: () => `token-${++n}`, digest: (t) => `digest(${t})` };
}

/** A password's hash is `hashed:<password>`. */
export const fakeHasher: PasswordHasher = {
  hash: async (p) => `hashed:${p}`,
  verify: async (h, p) => h === `hashed:${p}`,
};

/** ApiKeys and Users on one memory store; tenant `ghost` does not exist, every other does. */
export function givenAccess() {
  const store = new MemoryAccessStore();
  const clock = aClock();
  const deps = { store, secrets: fakeSecrets(), clock, ids: sequentialIds(), tenantExists: async (t: string) => t !== 'ghost' };
  return { store, clock, keys: new ApiKeys(deps), users: new Users({ ...deps, hasher: fakeHasher }) };
}

/** `resolved`, or a domain error as `CODE message`. */
export const domainCode = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof DomainError ? `${e.code} ${e.message}` : String(e)),
  );
