// Password hashing with argon2id (@node-rs/argon2, OWASP's minimum: 19 MiB, 2 passes), PHC strings in storage.
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../domain/access/secrets.ts';

export const argon2PasswordHasher: PasswordHasher = {
  hash: (password) => hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  verify: async (phc, password) => {
    try {
      return await verify(phc, password);
    } catch {
      return false;
    }
  },
};
