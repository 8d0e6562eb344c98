import type { MigrationFn } from "../migration";

/** Single-use password reset tokens (stored as SHA-256 hashes), valid for one hour. */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS auth_password_resets (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			token_hash bytea NOT NULL UNIQUE,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			used_at timestamptz
		)`);
	await q("CREATE INDEX IF NOT EXISTS auth_password_resets_user_idx ON auth_password_resets (user_id)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS auth_password_resets");
};
