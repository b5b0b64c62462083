// In-memory AccessStore: for use-case tests and the contract suite; same rules as PostgreSQL.
import { agentTaken, nameTaken, type AccessStore } from '../../../domain/access/access-store.ts';
import type { ApiKeyRecord, SessionRecord, UserRecord } from '../../../domain/access/models.ts';
import { conflict } from '../../../domain/errors.ts';

export class MemoryAccessStore implements AccessStore {
  readonly #keys = new Map<string, ApiKeyRecord>();
  readonly #users = new Map<string, UserRecord>();
  readonly #sessions = new Map<string, SessionRecord>();

  async addKey(key: ApiKeyRecord): Promise<void> {
    if (this.#keys.has(key.hash)) throw conflict('an API key with this digest exists');
    this.#keys.set(key.hash, key);
  }

  async keyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.#keys.get(hash);
  }

  async addUser(user: UserRecord): Promise<void> {
    for (const u of this.#users.values()) {
      if (u.tenantId !== user.tenantId) continue;
      if (u.username === user.username) throw nameTaken(user);
      if (user.agentId !== undefined && u.agentId === user.agentId) throw agentTaken(user);
    }
    this.#users.set(user.id, user);
  }

  async usersNamed(username: string): Promise<UserRecord[]> {
    return [...this.#users.values()].filter((u) => u.username === username);
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    return this.#users.get(id);
  }

  async addSession(session: SessionRecord): Promise<void> {
    this.#sessions.set(session.hash, session);
  }

  async sessionByHash(hash: string): Promise<SessionRecord | undefined> {
    return this.#sessions.get(hash);
  }

  async deleteSession(hash: string): Promise<void> {
    this.#sessions.delete(hash);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    let n = 0;
    for (const [hash, s] of this.#sessions) {
      if (s.expiresAt.getTime() <= now.getTime()) {
        this.#sessions.delete(hash);
        n++;
      }
    }
    return n;
  }
}
