import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Invitations by email (single use: only a SHA-256 of the token is kept) and guardian ↔ student links,
 * both owned by a tenant.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS invitations (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			email text NOT NULL,
			email_normalized text NOT NULL,
			role text NOT NULL CHECK (role IN ('tenant_admin', 'teacher', 'student', 'guardian')),
			token_hash bytea NOT NULL,
			invited_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
			expires_at timestamptz NOT NULL,
			accepted_at timestamptz,
			accepted_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
			revoked_at timestamptz,
			created_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q("CREATE UNIQUE INDEX IF NOT EXISTS invitations_token_hash_key ON invitations (token_hash)");
	await q("CREATE INDEX IF NOT EXISTS invitations_tenant_idx ON invitations (tenant_id, created_at DESC)");
	await enableTenantRls(queryInterface, "invitations");
	await q(`
		CREATE TABLE IF NOT EXISTS guardian_links (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			guardian_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			student_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			created_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (tenant_id, guardian_user_id, student_user_id)
		)`);
	await q("CREATE INDEX IF NOT EXISTS guardian_links_guardian_idx ON guardian_links (tenant_id, guardian_user_id)");
	await enableTenantRls(queryInterface, "guardian_links");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "guardian_links");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS guardian_links");
	await disableTenantRls(queryInterface, "invitations");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS invitations");
};
