import type { ActiveLesson, AssignedClass, ReleaseLesson } from "@toolboxai/shared";
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

/**
 * The versions with their content and the classes each is assigned to, as game servers play them: a student plays
 * the lessons of their own class, in the order the teacher assigned them (position 1 first; by when each lesson was
 * assigned, ties by lesson id).
 */
export async function activeLessonContents(db: Sequelize, transaction: Transaction, tenantId: string): Promise<ActiveLesson[]> {
	const rows = await selectActiveLessonVersions<{ lesson_id: string; version: string; content: ActiveLesson["content"] }>(db, transaction, tenantId, true);
	const classes = await assignedClassesOf(db, transaction, tenantId);
	return rows.map((row) => ({ lessonId: row.lesson_id, version: row.version, content: row.content, classes: classes.get(`${row.lesson_id}@${row.version}`) ?? [] }));
}

/**
 * Per lesson version (`lessonId@version`), the classes that are not archived it is assigned to, by class id, with the
 * lesson's position in each class's assignment order.
 */
export async function assignedClassesOf(db: Sequelize, transaction: Transaction, tenantId: string): Promise<Map<string, AssignedClass[]>> {
	const rows = await db.query<{ lesson_id: string; version: string; class_id: string; position: string }>(
		`SELECT a.lesson_id, a.lesson_version AS version, a.class_id,
		        row_number() OVER (PARTITION BY a.class_id ORDER BY a.assigned_at, a.lesson_id) AS position
		 FROM class_assignments a
		 JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id AND c.archived_at IS NULL
		 WHERE a.tenant_id = $1
		 ORDER BY a.class_id`,
		{ bind: [tenantId], type: QueryTypes.SELECT, transaction },
	);
	const byVersion = new Map<string, AssignedClass[]>();
	for (const row of rows) {
		const key = `${row.lesson_id}@${row.version}`;
		const list = byVersion.get(key) ?? [];
		list.push({ classId: row.class_id, position: Number(row.position) });
		byVersion.set(key, list);
	}
	return byVersion;
}

/**
 * The classes a release's lesson versions are for, as the release entry carries them for servers that cannot reach
 * the service: each version's own classes, and a class assigned a version of the lesson the release does not carry
 * plays the release's version of it (the nearest thing the game has).
 */
export async function releaseLessonClasses(
	db: Sequelize,
	transaction: Transaction,
	tenantId: string,
	lessons: ReadonlyArray<ReleaseLesson>,
): Promise<Map<string, AssignedClass[]>> {
	const assigned = await assignedClassesOf(db, transaction, tenantId);
	const carried = new Set(lessons.map((l) => `${l.lessonId}@${l.version}`));
	const result = new Map<string, AssignedClass[]>();
	for (const lesson of lessons) {
		const key = `${lesson.lessonId}@${lesson.version}`;
		const own = assigned.get(key) ?? [];
		const others: AssignedClass[] = [];
		for (const [otherKey, classes] of assigned) {
			if (otherKey === key || carried.has(otherKey) || !otherKey.startsWith(`${lesson.lessonId}@`)) continue;
			others.push(...classes);
		}
		const first = lessons.find((l) => l.lessonId === lesson.lessonId);
		result.set(key, first === lesson ? [...own, ...others].sort((x, y) => (x.classId < y.classId ? -1 : x.classId > y.classId ? 1 : 0)) : own);
	}
	return result;
}
