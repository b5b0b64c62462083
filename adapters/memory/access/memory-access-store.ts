// In-memory AccessStore: for use-case tests and the contract suite; same rules as PostgreSQL.
import { agentTaken, nameTaken, type AccessStore, type UserChange } from '../../../domain/access/access-store.ts';
import type { ApiKeyRecord, SessionRecord, UserRecord } from '../../../domain/access/models.ts';
import { conflict } from '../../../domain/errors.ts';

export class MemoryAccessStore implements AccessStore {
  /** Keys by digest, in the order they were added. */
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

  async keysOf(tenantId: string): Promise<ApiKeyRecord[]> {
    return [...this.#keys.values()].filter((k) => k.tenantId === tenantId).sort(byCreation);
  }

  async markKeyUsed(keyId: string, at: Date): Promise<void> {
    const key = this.#keyById(keyId);
    if (key && key.revokedAt === null) this.#keys.set(key.hash, { ...key, lastUsedAt: at });
  }

  async revokeKey(tenantId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined> {
    const key = this.#keyById(keyId);
    if (!key || key.tenantId !== tenantId) return undefined;
    if (key.revokedAt !== null) return key;
    const revoked = { ...key, revokedAt: at };
    this.#keys.set(key.hash, revoked);
    return revoked;
  }

  async replaceKey(keyId: string, next: ApiKeyRecord, at: Date): Promise<boolean> {
    const old = this.#keyById(keyId);
    if (!old || old.tenantId !== next.tenantId || old.revokedAt !== null) return false;
    await this.addKey(next);
    this.#keys.set(old.hash, { ...old, revokedAt: at });
    return true;
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

  async usersOf(tenantId: string): Promise<UserRecord[]> {
    return [...this.#users.values()].filter((u) => u.tenantId === tenantId).sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  async updateUser(tenantId: string, userId: string, change: UserChange): Promise<UserRecord | undefined> {
    const user = this.#users.get(userId);
    if (!user || user.tenantId !== tenantId) return undefined;
    const changed: UserRecord = {
      ...user,
      ...(change.disabledAt !== undefined ? { disabledAt: change.disabledAt } : {}),
      ...(change.passwordHash !== undefined ? { passwordHash: change.passwordHash } : {}),
    };
    this.#users.set(userId, changed);
    return changed;
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

  async deleteSessionsOf(userId: string): Promise<number> {
    return this.#deleteSessionsWhere((s) => s.userId === userId);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    return this.#deleteSessionsWhere((s) => s.expiresAt.getTime() <= now.getTime());
  }

  #deleteSessionsWhere(test: (s: SessionRecord) => boolean): number {
    let n = 0;
    for (const [hash, s] of this.#sessions) {
      if (test(s)) {
        this.#sessions.delete(hash);
        n++;
      }
    }
    return n;
  }

  #keyById(keyId: string): ApiKeyRecord | undefined {
    for (const k of this.#keys.values()) if (k.id === keyId) return k;
    return undefined;
  }
}

/** Oldest first; keys made in the same millisecond by id (UUIDv7 ids sort by time). */
const byCreation = (a: ApiKeyRecord, b: ApiKeyRecord) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);
