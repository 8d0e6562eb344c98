import type { ActiveLesson, ReleaseLesson } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/**
 * The lesson versions the school's classes play now: every version assigned to a class that is not archived, once
 * each, by lesson id then version. The one definition of that selection: the runtime serves it with content to game
 * servers, and a release names it (without content) when it is declared without lessons.
 */
async function selectActiveLessonVersions<T extends object>(db: Sequelize, transaction: Transaction, tenantId: string, withContent: boolean): Promise<T[]> {
	return db.query<T>(
		`SELECT DISTINCT a.lesson_id, a.lesson_version AS version${withContent ? ", v.content" : ""}
		 FROM class_assignments a
		 JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id AND c.archived_at IS NULL
		 JOIN lesson_versions v ON v.lesson_id = a.lesson_id AND v.version = a.lesson_version AND v.tenant_id = a.tenant_id
		 WHERE a.tenant_id = $1
		 ORDER BY a.lesson_id, version`,
		{ bind: [tenantId], type: QueryTypes.SELECT, transaction },
	);
}

/** The versions alone, as a release names them. */
export async function activeLessonVersions(db: Sequelize, transaction: Transaction, tenantId: string): Promise<ReleaseLesson[]> {
	const rows = await selectActiveLessonVersions<{ lesson_id: string; version: string }>(db, transaction, tenantId, false);
	return rows.map((row) => ({ lessonId: row.lesson_id, version: row.version }));
}

/** The versions with their content, as game servers play them. */
export async function activeLessonContents(db: Sequelize, transaction: Transaction, tenantId: string): Promise<ActiveLesson[]> {
	const rows = await selectActiveLessonVersions<{ lesson_id: string; version: string; content: ActiveLesson["content"] }>(db, transaction, tenantId, true);
	return rows.map((row) => ({ lessonId: row.lesson_id, version: row.version, content: row.content }));
}
