// Who may call the service: API key scopes, workbench roles, and the actor a credential resolves to.
import { z } from 'zod';

export const scopes = ['ingest', 'read', 'admin'] as const;
export const ScopeSchema = z.enum(scopes);
/** What an API key may do: write events (`ingest`), read figures (`read`), manage audits and settings (`admin`). */
export type Scope = z.infer<typeof ScopeSchema>;

export const roles = ['admin', 'supervisor', 'agent'] as const;
export const RoleSchema = z.enum(roles);
/** What a workbench user may do; an `agent` sees no billing. */
export type Role = z.infer<typeof RoleSchema>;

/** The agent id a workbench user acts as: the `agentId` of the events about that agent. */
export const AgentIdSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((s) => !s.includes('\u0000'), 'no NUL character');

/** The caller behind a request, always of exactly one tenant. */
export type Actor =
  | { readonly kind: 'key'; readonly tenantId: string; readonly keyId: string; readonly scopes: readonly Scope[] }
  | {
      readonly kind: 'user';
      readonly tenantId: string;
      readonly userId: string;
      readonly username: string;
      readonly role: Role;
      /** The agent id the user acts as (an `agent` user may set only this agent's status); absent when not linked. */
      readonly agentId?: string;
    };

/** An API key as stored: only the SHA-256 digest of the secret is kept. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly scopes: readonly Scope[];
  /** The first characters of the key, so an operator can tell keys apart without the secret. */
  readonly prefix: string;
  readonly hash: string;
  readonly name: string | null;
  readonly createdAt: Date;
}

/** A workbench user; `passwordHash` is a memory-hard (argon2id) hash in PHC format. */
export interface UserRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly username: string;
  readonly role: Role;
  /** The agent id the user acts as, when linked to one (set at creation). */
  readonly agentId?: string;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

/** A signed-in workbench session; only the digest of the cookie's token is kept. */
export interface SessionRecord {
  readonly hash: string;
  readonly userId: string;
  readonly tenantId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export const UsernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');
export const PasswordSchema = z.string().min(8, 'at least 8 characters').max(1024);
