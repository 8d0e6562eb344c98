import type { MigrationFn } from "../migration";

/**
 * Sessions say which client holds them, so people can tell them apart and revoke one:
 * - `client`: 'browser' (the dashboard, refresh token in a cookie), 'studio' (the plugin's device sign-in) or
 *   'api' (a refresh token in request bodies: scripts and older clients); `client_label` is what a person
 *   recognises it by (the device name typed in Studio, or the browser and system).
 * - `idle_seconds`: a sliding lifetime. When set, each refresh moves `expires_at` to that many seconds after the
 *   refresh (never past `created_at` + `max_seconds`): Studio keeps its token in plain plugin settings, so an
 *   unused copy dies soon.
 * A rotated refresh token keeps its successor pair sealed (`successor_sealed`, under the master key) for the
 * reuse interval, so presenting it again in that window answers the same pair instead of revoking the family.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`ALTER TABLE auth_sessions
		ADD COLUMN IF NOT EXISTS client text NOT NULL DEFAULT 'api' CHECK (client IN ('browser', 'studio', 'api')),
		ADD COLUMN IF NOT EXISTS client_label text CHECK (char_length(client_label) BETWEEN 1 AND 120),
		ADD COLUMN IF NOT EXISTS idle_seconds integer CHECK (idle_seconds > 0),
		ADD COLUMN IF NOT EXISTS max_seconds integer CHECK (max_seconds > 0)`);
	await q("ALTER TABLE auth_refresh_tokens ADD COLUMN IF NOT EXISTS successor_sealed text");
	await q("CREATE INDEX IF NOT EXISTS auth_sessions_tenant_client_idx ON auth_sessions (tenant_id, client) WHERE revoked_at IS NULL");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("DROP INDEX IF EXISTS auth_sessions_tenant_client_idx");
	await q("ALTER TABLE auth_refresh_tokens DROP COLUMN IF EXISTS successor_sealed");
	await q("ALTER TABLE auth_sessions DROP COLUMN IF EXISTS client, DROP COLUMN IF EXISTS client_label, DROP COLUMN IF EXISTS idle_seconds, DROP COLUMN IF EXISTS max_seconds");
};
