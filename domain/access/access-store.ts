// The AccessStore port: API keys, workbench users and their sessions, looked up by digest, never by secret.
import type { ApiKeyRecord, SessionRecord, UserRecord } from './models.ts';

export interface AccessStore {
  addKey(key: ApiKeyRecord): Promise<void>;
  keyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Throws DomainError CONFLICT when the tenant already has a user of that name. */
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
