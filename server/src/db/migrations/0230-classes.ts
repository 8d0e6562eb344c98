import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Classes, their join codes (one active code per class; rotating revokes the old one), student memberships
 * (filled when students join from the game) — all tenant-owned. Assignments come in 0231, once lessons exist.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS classes (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
			grade_band text,
			subject text,
			teacher_user_id uuid NOT NULL REFERENCES users (id),
			created_at timestamptz NOT NULL DEFAULT now(),
			archived_at timestamptz
		)`);
	await q("CREATE INDEX IF NOT EXISTS classes_tenant_idx ON classes (tenant_id, created_at DESC, id DESC)");
	await q("CREATE INDEX IF NOT EXISTS classes_teacher_idx ON classes (tenant_id, teacher_user_id, created_at DESC, id DESC)");
	await enableTenantRls(queryInterface, "classes");
	await q(`
		CREATE TABLE IF NOT EXISTS class_join_codes (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			class_id uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
			code text NOT NULL CHECK (code = upper(code)),
			expires_at timestamptz NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			revoked_at timestamptz
		)`);
	// A game server looks a code up by the code alone (no tenant yet), so an unrevoked code is unique across all
	// tenants. Expiry cannot be in the predicate (now() is not immutable): an expired, unrotated code stays reserved.
	await q("CREATE UNIQUE INDEX IF NOT EXISTS class_join_codes_active_code_key ON class_join_codes (code) WHERE revoked_at IS NULL");
	await q("CREATE UNIQUE INDEX IF NOT EXISTS class_join_codes_active_class_key ON class_join_codes (class_id) WHERE revoked_at IS NULL");
	await enableTenantRls(queryInterface, "class_join_codes");
	await q(`
		CREATE TABLE IF NOT EXISTS class_members (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			class_id uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
			user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
			joined_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (class_id, user_id)
		)`);
	await q("CREATE INDEX IF NOT EXISTS class_members_user_idx ON class_members (tenant_id, user_id)");
	await enableTenantRls(queryInterface, "class_members");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	for (const table of ["class_members", "class_join_codes", "classes"]) {
		await disableTenantRls(queryInterface, table);
		await queryInterface.sequelize.query(`DROP TABLE IF EXISTS ${table}`);
	}
};
