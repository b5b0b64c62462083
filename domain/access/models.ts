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
  /** When the key last resolved a request (refreshed at most once per cache life); null when never used. */
  readonly lastUsedAt: Date | null;
  /** When the key was revoked; a revoked key resolves to nobody. Null while it is live. */
  readonly revokedAt: Date | null;
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
  /** When the user was disabled: they cannot sign in and their sessions resolve to nobody. Null while enabled. */
  readonly disabledAt: Date | null;
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

/** An API key as listed: never its secret or digest. */
export const ApiKeyViewSchema = z.object({
  id: z.string(),
  prefix: z.string().describe('the first characters of the key (`csa_` and 6 more), to tell keys apart'),
  name: z.string().nullable(),
  scopes: z.array(ScopeSchema),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().describe('when the key last signed a request in (to within a few seconds); null: never'),
  revokedAt: z.iso.datetime().nullable().describe('when the key was revoked (it is refused since); null: live'),
});
export type ApiKeyView = z.infer<typeof ApiKeyViewSchema>;

/** A new key: the secret, shown this once, and the key as listed. */
export const IssuedKeySchema = z.object({
  key: z.string().describe('the secret Bearer key: shown once, only its digest is kept'),
  record: ApiKeyViewSchema,
});

/** A workbench user as listed: never their password hash. */
export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  agentId: z.string().nullable().describe('the agent id the user acts as; null: not linked'),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable().describe('when the user was disabled (no sign-in, no session); null: enabled'),
});
export type UserView = z.infer<typeof UserViewSchema>;

export const apiKeyView = (k: ApiKeyRecord): ApiKeyView => ({
  id: k.id,
  prefix: k.prefix,
  name: k.name,
  scopes: [...k.scopes],
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const userView = (u: UserRecord): UserView => ({
  id: u.id,
  username: u.username,
  role: u.role,
  agentId: u.agentId ?? null,
  createdAt: u.createdAt.toISOString(),
  disabledAt: u.disabledAt?.toISOString() ?? null,
});

/** How an operator names a key: its id, its prefix (as listed), or the whole key (a leaked one, say). */
export const KeyRefSchema = z.string().min(1).max(200).describe("the key's id, its prefix as listed (csa_xxxxxx), or the whole key");

const KeyNameSchema = z.string().min(1).max(128);

export const CreateKeyInputSchema = z.strictObject({
  scopes: z.array(ScopeSchema).min(1).describe('what the key may do: ingest, read, admin'),
  name: KeyNameSchema.optional().describe('what the key is for'),
});
export const KeyRefInputSchema = z.strictObject({ key: KeyRefSchema });

export const CreateUserInputSchema = z.strictObject({
  username: UsernameSchema,
  role: RoleSchema,
  password: PasswordSchema,
  agentId: AgentIdSchema.optional().describe('the agent id the user acts as (an agent user sets only its status)'),
});
export const UsernameInputSchema = z.strictObject({ username: UsernameSchema });
export const ResetPasswordInputSchema = z.strictObject({ username: UsernameSchema, password: PasswordSchema });
