import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Game servers' API keys. Only a SHA-256 of the secret is kept (the secret is 32 random bytes: nothing to
 * guess, so a slow hash adds nothing), with its first characters for people to recognise it.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS api_keys (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
			prefix text NOT NULL,
			secret_hash bytea NOT NULL,
			scopes text[] NOT NULL,
			universe_id bigint,
			created_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			last_used_at timestamptz,
			revoked_at timestamptz
		)`);
	await q("CREATE UNIQUE INDEX IF NOT EXISTS api_keys_secret_hash_key ON api_keys (secret_hash)");
	await q("CREATE INDEX IF NOT EXISTS api_keys_tenant_idx ON api_keys (tenant_id, created_at DESC)");
	await enableTenantRls(queryInterface, "api_keys");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "api_keys");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS api_keys");
};
