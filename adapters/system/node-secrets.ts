// Secrets from node:crypto: 256-bit random tokens (base64url) and their SHA-256 digests.
import { createHash, randomBytes } from 'node:crypto';
import type { Secrets } from '../../domain/access/secrets.ts';

/** SHA-256 suits API keys and session tokens: they are random, so there is nothing to guess or precompute. */
export const nodeSecrets: Secrets = {
  newToken: () => randomBytes(32).toString('base64url'),
  digest: (token) => createHash('sha256').update(token).digest('hex'),
};
