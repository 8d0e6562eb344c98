import type { MigrationFn } from "../migration";

/**
 * Signed-in sessions and their refresh tokens. A session is one refresh-token family: every refresh rotates
 * the token inside it, and presenting a rotated token again revokes the whole family. Access tokens carry the
 * session id (`sid`), so revoking a session also ends its access tokens before they expire.
 * Tokens are stored as SHA-256 hashes only.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS auth_sessions (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			roles text[] NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			last_used_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			revoked_at timestamptz,
			revoked_reason text CHECK (revoked_reason IN ('logout', 'refresh_reuse', 'password_reset', 'admin'))
		)`);
	await q("CREATE INDEX IF NOT EXISTS auth_sessions_user_idx ON auth_sessions (user_id)");
	await q(`
		CREATE TABLE IF NOT EXISTS auth_refresh_tokens (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
			token_hash bytea NOT NULL UNIQUE,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			rotated_at timestamptz
		)`);
	await q("CREATE INDEX IF NOT EXISTS auth_refresh_tokens_session_idx ON auth_refresh_tokens (session_id)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS auth_refresh_tokens");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS auth_sessions");
};
