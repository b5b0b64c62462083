// Password hashing with argon2id (@node-rs/argon2, OWASP's minimum: 19 MiB, 2 passes), PHC strings in storage.
// The native module is loaded at the first password hashed or checked, not when the service starts.
import type { PasswordHasher } from '../../domain/access/secrets.ts';

let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const loaded = () => (argon2 ??= import('@node-rs/argon2'));

export const argon2PasswordHasher: PasswordHasher = {
  hash: async (password) => (await loaded()).hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  verify: async (phc, password) => {
    const { verify } = await loaded();
    try {
      return await verify(phc, password);
    } catch {
      return false;
    }
  },
};
