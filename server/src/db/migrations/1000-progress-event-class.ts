import type { MigrationFn } from "../migration";

/**
 * Which class and lesson version a progress event counts for. The game sends both since students of different
 * classes play different lessons on one server; events of older game builds carry neither, and the service
 * attributes them to the student's class that has the lesson assigned (its version with it). NULL when no class
 * of the student has the lesson (it was unassigned before the event arrived): the event still counts for the student.
 * class_id is not a foreign key: archiving or deleting a class must never fail or rewrite stored progress.
 */
export const up: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("ALTER TABLE progress_events ADD COLUMN IF NOT EXISTS class_id uuid");
	await q("ALTER TABLE progress_events ADD COLUMN IF NOT EXISTS lesson_version text");
	await q("CREATE INDEX IF NOT EXISTS progress_events_class_idx ON progress_events (tenant_id, class_id, lesson_id) WHERE class_id IS NOT NULL");
};

export const down: MigrationFn = async ({ context: queryInterface }) => {
	const q = (sql: string) => queryInterface.sequelize.query(sql);
	await q("DROP INDEX IF EXISTS progress_events_class_idx");
	await q("ALTER TABLE progress_events DROP COLUMN IF EXISTS lesson_version");
	await q("ALTER TABLE progress_events DROP COLUMN IF EXISTS class_id");
};
