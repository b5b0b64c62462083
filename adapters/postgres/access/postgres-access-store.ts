// AccessStore on PostgreSQL (or PGlite): keys, users and sessions in analytics_api_keys / _users / _user_sessions.
import { sql, type Kysely } from 'kysely';
import type { AccessStore, UserChange } from '../../../domain/access/access-store.ts';
import type { ApiKeyRecord, Role, Scope, SessionRecord, UserRecord } from '../../../domain/access/models.ts';
import { agentTaken, nameTaken } from '../../../domain/access/access-store.ts';
import { sqlState } from '../db/pg-errors.ts';
import type { Database } from '../schema.ts';
import type { ApiKeyRow, UserRow, UserSessionRow } from './tables.ts';

export class PostgresAccessStore implements AccessStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async addKey(key: ApiKeyRecord): Promise<void> {
    await this.#db
      .insertInto('analytics_api_keys')
      .values({
        id: key.id,
        tenant_id: key.tenantId,
        scopes: [...key.scopes],
        prefix: key.prefix,
        hash: key.hash,
        name: key.name,
        created_at: key.createdAt,
        last_used_at: key.lastUsedAt,
        revoked_at: key.revokedAt,
      })
      .execute();
  }

  async keyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.#db.selectFrom('analytics_api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && keyOf(row);
  }

  async keysOf(tenantId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.#db
      .selectFrom('analytics_api_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(keyOf);
  }

  async markKeyUsed(keyId: string, at: Date): Promise<void> {
    await this.#db.updateTable('analytics_api_keys').set({ last_used_at: at }).where('id', '=', keyId).where('revoked_at', 'is', null).execute();
  }

  async revokeKey(tenantId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined> {
    // The first revocation's time stays: coalesce keeps it when the key is revoked already.
    const row = await this.#db
      .updateTable('analytics_api_keys')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${at})` })
      .where('id', '=', keyId)
      .where('tenant_id', '=', tenantId)
      .returningAll()
      .executeTakeFirst();
    return row && keyOf(row);
  }

  async replaceKey(keyId: string, next: ApiKeyRecord, at: Date): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const revoked = await trx
        .updateTable('analytics_api_keys')
        .set({ revoked_at: at })
        .where('id', '=', keyId)
        .where('tenant_id', '=', next.tenantId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(revoked.numUpdatedRows) === 0) return false;
      await new PostgresAccessStore(trx).addKey(next);
      return true;
    });
  }

  async addUser(user: UserRecord): Promise<void> {
    try {
      await this.#db
        .insertInto('analytics_users')
        .values({
          id: user.id,
          tenant_id: user.tenantId,
          username: user.username,
          role: user.role,
          agent_id: user.agentId ?? null,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
          disabled_at: user.disabledAt,
        })
        .execute();
    } catch (err) {
      if (sqlState(err) === '23505') {
        throw violates(err, AGENT_UNIQUE) ? agentTaken(user) : nameTaken(user);
      }
      throw err;
    }
  }

  async usersNamed(username: string): Promise<UserRecord[]> {
    const rows = await this.#db.selectFrom('analytics_users').selectAll().where('username', '=', username).execute();
    return rows.map(userOf);
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    const row = await this.#db.selectFrom('analytics_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && userOf(row);
  }

  async usersOf(tenantId: string): Promise<UserRecord[]> {
    const rows = await this.#db
      .selectFrom('analytics_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy(sql`username COLLATE "C"`)
      .execute();
    return rows.map(userOf);
  }

  async updateUser(tenantId: string, userId: string, change: UserChange): Promise<UserRecord | undefined> {
    const row = await this.#db
      .updateTable('analytics_users')
      .set({
        ...(change.disabledAt !== undefined ? { disabled_at: change.disabledAt } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      })
      .where('id', '=', userId)
      .where('tenant_id', '=', tenantId)
      .returningAll()
      .executeTakeFirst();
    return row && userOf(row);
  }

  async addSession(session: SessionRecord): Promise<void> {
    await this.#db
      .insertInto('analytics_user_sessions')
      .values({
        hash: session.hash,
        user_id: session.userId,
        tenant_id: session.tenantId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async sessionByHash(hash: string): Promise<SessionRecord | undefined> {
    const row = await this.#db.selectFrom('analytics_user_sessions').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row && sessionOf(row);
  }

  async deleteSession(hash: string): Promise<void> {
    await this.#db.deleteFrom('analytics_user_sessions').where('hash', '=', hash).execute();
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    const result = await this.#db.deleteFrom('analytics_user_sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const result = await this.#db.deleteFrom('analytics_user_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** The unique index of migration 2026_12_02_00_00_00_users_agent_link: one user per agent id and tenant. */
const AGENT_UNIQUE = 'analytics_users_tenant_agent_unique';
/** The constraint a unique violation names (pg gives it apart; the message names it on every driver). */
const violates = (err: unknown, name: string) => {
  const e = err as { constraint?: unknown; message?: unknown } | null;
  return e?.constraint === name || String(e?.message ?? '').includes(name);
};

const keyOf = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  scopes: row.scopes as Scope[],
  prefix: row.prefix,
  hash: row.hash,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const userOf = (row: UserRow): UserRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  username: row.username,
  role: row.role as Role,
  ...(row.agent_id !== null ? { agentId: row.agent_id } : {}),
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
});

const sessionOf = (row: UserSessionRow): SessionRecord => ({
  hash: row.hash,
  userId: row.user_id,
  tenantId: row.tenant_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});
