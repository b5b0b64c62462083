// Kysely table types of credentials: API keys, workbench users, their sessions.
import type { ColumnType, Selectable } from 'kysely';

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  scopes: ColumnType<string[], string[], string[]>;
  prefix: string;
  hash: string;
  name: string | null;
  created_at: Date;
  /** Null: never used (refreshed at most once per key cache life and instance). */
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Null: live. */
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  username: string;
  role: string;
  /** The agent id the user acts as; null when not linked. */
  agent_id: ColumnType<string | null, string | null | undefined, string | null>;
  password_hash: string;
  created_at: Date;
  /** Null: enabled. */
  disabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UserSessionsTable {
  hash: string;
  user_id: string;
  tenant_id: string;
  created_at: Date;
  expires_at: Date;
}

export interface AccessTables {
  analytics_api_keys: ApiKeysTable;
  analytics_users: UsersTable;
  analytics_user_sessions: UserSessionsTable;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type UserRow = Selectable<UsersTable>;
export type UserSessionRow = Selectable<UserSessionsTable>;
