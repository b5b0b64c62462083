// Ports for the secret side of credentials: fresh high-entropy tokens, their digests, and password hashing.

/** Fresh tokens and their digests (SHA-256 in production: right for high-entropy secrets such as API keys). */
export interface Secrets {
  /** A new URL-safe random token of at least 256 bits. */
  newToken(): string;
  /** The digest stored in place of a token. */
  digest(token: string): string;
}

/** Memory-hard password hashing (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
