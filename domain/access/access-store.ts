// The AccessStore port: API keys, workbench users and their sessions, looked up by digest, never by secret.
import { conflict } from '../errors.ts';
import type { ApiKeyRecord, SessionRecord, UserRecord } from './models.ts';

export interface AccessStore {
  addKey(key: ApiKeyRecord): Promise<void>;
  keyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /**
   * Throws DomainError CONFLICT when the tenant already has a user of that name (`nameTaken`), or a user linked to
   * the same agent id (`agentTaken`).
   */
  addUser(user: UserRecord): Promise<void>;
  /** Users of that name, in every tenant (sign-in may not name the tenant). */
  usersNamed(username: string): Promise<UserRecord[]>;
  userById(id: string): Promise<UserRecord | undefined>;
  addSession(session: SessionRecord): Promise<void>;
  sessionByHash(hash: string): Promise<SessionRecord | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Forgets sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;
}

/** The conflict of a username the tenant already has. */
export const nameTaken = (user: UserRecord) =>
  conflict(`user ${JSON.stringify(user.username)} already exists in tenant ${JSON.stringify(user.tenantId)}`);

/** The conflict of an agent id another user of the tenant is linked to (one person acts as one agent). */
export const agentTaken = (user: UserRecord) =>
  conflict(`agentId: another user of tenant ${JSON.stringify(user.tenantId)} is linked to agent ${JSON.stringify(user.agentId)}`);
