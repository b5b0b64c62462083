// The AccessStore port: API keys, workbench users and their sessions, looked up by digest, never by secret.
import { conflict } from '../errors.ts';
import type { ApiKeyRecord, SessionRecord, UserRecord } from './models.ts';

export interface AccessStore {
  addKey(key: ApiKeyRecord): Promise<void>;
  /** The key of that digest, revoked or not. */
  keyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Every key of a tenant, revoked ones too, oldest first. */
  keysOf(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Notes that a live key signed a request in at `at` (a revoked or unknown key is left as it is). */
  markKeyUsed(keyId: string, at: Date): Promise<void>;
  /**
   * Revokes a key of the tenant at `at`, once (a key revoked already keeps its first time); returns it as stored now,
   * or undefined when the tenant has no key of that id.
   */
  revokeKey(tenantId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined>;
  /**
   * Revokes the live key `keyId` of `next`'s tenant and adds `next` in its place, both or neither. False (and nothing
   * done) when that key is not live: unknown in the tenant, or revoked already (say, by a rotation racing this one).
   */
  replaceKey(keyId: string, next: ApiKeyRecord, at: Date): Promise<boolean>;
  /**
   * Throws DomainError CONFLICT when the tenant already has a user of that name (`nameTaken`), or a user linked to
   * the same agent id (`agentTaken`).
   */
  addUser(user: UserRecord): Promise<void>;
  /** Users of that name, in every tenant (sign-in may not name the tenant). */
  usersNamed(username: string): Promise<UserRecord[]>;
  userById(id: string): Promise<UserRecord | undefined>;
  /** Every user of a tenant, by username. */
  usersOf(tenantId: string): Promise<UserRecord[]>;
  /** Changes a user of the tenant; returns it as stored now, or undefined when the tenant has no user of that id. */
  updateUser(tenantId: string, userId: string, change: UserChange): Promise<UserRecord | undefined>;
  /** Ends every session of a user; returns how many. */
  deleteSessionsOf(userId: string): Promise<number>;
  addSession(session: SessionRecord): Promise<void>;
  sessionByHash(hash: string): Promise<SessionRecord | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Forgets sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;
}

/** What may change of a user: whether (since when) they are disabled, their password. */
export interface UserChange {
  readonly disabledAt?: Date | null;
  readonly passwordHash?: string;
}

/** The conflict of a username the tenant already has. */
export const nameTaken = (user: UserRecord) =>
  conflict(`user ${JSON.stringify(user.username)} already exists in tenant ${JSON.stringify(user.tenantId)}`);

/** The conflict of an agent id another user of the tenant is linked to (one person acts as one agent). */
export const agentTaken = (user: UserRecord) =>
  conflict(`agentId: another user of tenant ${JSON.stringify(user.tenantId)} is linked to agent ${JSON.stringify(user.agentId)}`);
