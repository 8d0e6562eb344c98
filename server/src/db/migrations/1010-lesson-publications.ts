import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Which versions of a lesson have ever been published, and when first: a class may be assigned any of them (going
 * back to an earlier version), never a version that was only uploaded. lesson_versions rows are immutable, so this
 * is its own table. Versions published before this table existed count through lessons.published_version only.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS lesson_publications (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			lesson_id uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
			version text NOT NULL,
			first_published_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (lesson_id, version),
			FOREIGN KEY (lesson_id, version) REFERENCES lesson_versions (lesson_id, version) ON DELETE CASCADE
		)`);
	await enableTenantRls(queryInterface, "lesson_publications");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "lesson_publications");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS lesson_publications");
};
