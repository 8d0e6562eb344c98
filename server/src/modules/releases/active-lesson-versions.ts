import type { ReleaseLesson } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";

/**
 * The lesson versions the school's games play now: the same selection as runtime/active-lessons.ts (every version
 * assigned to a class that is not archived) without the content, which a release only names. A test keeps the two equal.
 */
export async function activeLessonVersions(db: Sequelize, transaction: Transaction, tenantId: string): Promise<ReleaseLesson[]> {
	const rows = await db.query<{ lesson_id: string; version: string }>(
		`SELECT DISTINCT a.lesson_id, a.lesson_version AS version
		 FROM class_assignments a
		 JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id AND c.archived_at IS NULL
		 JOIN lesson_versions v ON v.lesson_id = a.lesson_id AND v.version = a.lesson_version AND v.tenant_id = a.tenant_id
		 WHERE a.tenant_id = $1
		 ORDER BY a.lesson_id, version`,
		{ bind: [tenantId], type: QueryTypes.SELECT, transaction },
	);
	return rows.map((row) => ({ lessonId: row.lesson_id, version: row.version }));
}
