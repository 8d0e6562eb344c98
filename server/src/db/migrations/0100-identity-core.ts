import type { MigrationFn } from "../migration";

/**
 * Tenants (schools, optionally under a district), people, and memberships with a role.
 * Users are global (one person may work at two schools); memberships are tenant-owned.
 * Students have no email: they are linked by Roblox UserId.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS tenants (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
			kind text NOT NULL DEFAULT 'school' CHECK (kind IN ('school', 'district')),
			parent_tenant_id uuid REFERENCES tenants (id),
			created_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q(`
		CREATE TABLE IF NOT EXISTS users (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			email text,
			email_normalized text,
			password_hash text,
			display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 80),
			roblox_user_id bigint,
			status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`);
	await q("CREATE UNIQUE INDEX IF NOT EXISTS users_email_normalized_key ON users (email_normalized) WHERE email_normalized IS NOT NULL");
	await q("CREATE UNIQUE INDEX IF NOT EXISTS users_roblox_user_id_key ON users (roblox_user_id) WHERE roblox_user_id IS NOT NULL");
	await q(`
		CREATE TABLE IF NOT EXISTS memberships (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			role text NOT NULL CHECK (role IN ('platform_admin', 'tenant_admin', 'teacher', 'student', 'guardian')),
			created_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (tenant_id, user_id, role)
		)`);
	await q("CREATE INDEX IF NOT EXISTS memberships_user_idx ON memberships (user_id)");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS memberships");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS users");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS tenants");
};
