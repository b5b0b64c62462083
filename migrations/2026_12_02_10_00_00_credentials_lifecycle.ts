// Credentials' whole life (issue 15): a key can be revoked (and says when it was last used), a user disabled; a user's
// sessions are found by user, to end them all when the user is disabled or the password reset.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('analytics_api_keys').addColumn('revoked_at', 'timestamptz').addColumn('last_used_at', 'timestamptz').execute();
  await db.schema.alterTable('analytics_users').addColumn('disabled_at', 'timestamptz').execute();
  await db.schema.createIndex('analytics_user_sessions_user_id_index').on('analytics_user_sessions').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('analytics_user_sessions_user_id_index').execute();
  await db.schema.alterTable('analytics_users').dropColumn('disabled_at').execute();
  await db.schema.alterTable('analytics_api_keys').dropColumn('last_used_at').dropColumn('revoked_at').execute();
}
