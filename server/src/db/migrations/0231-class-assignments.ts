import type { MigrationFn } from "../migration";
import { disableTenantRls, enableTenantRls } from "../rls";

/**
 * Lesson versions assigned to a class: one per (class, lesson); assigning the lesson again replaces the version.
 * The version must exist (foreign key onto lesson_versions' unique (lesson_id, version)); that it is the
 * published one is the service's check at assignment time, since publishing later must not unassign anything.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q(`
		CREATE TABLE IF NOT EXISTS class_assignments (
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			class_id uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
			lesson_id uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
			lesson_version text NOT NULL,
			assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
			assigned_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (class_id, lesson_id),
			FOREIGN KEY (lesson_id, lesson_version) REFERENCES lesson_versions (lesson_id, version) ON DELETE CASCADE
		)`);
	await q("CREATE INDEX IF NOT EXISTS class_assignments_lesson_idx ON class_assignments (tenant_id, lesson_id)");
	await enableTenantRls(queryInterface, "class_assignments");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	await disableTenantRls(queryInterface, "class_assignments");
	await queryInterface.sequelize.query("DROP TABLE IF EXISTS class_assignments");
};
