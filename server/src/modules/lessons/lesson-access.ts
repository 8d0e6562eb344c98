import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { rolesAllow } from "../../access/permissions";
import { AppError, notFound } from "../../errors/app-error";
import { LESSON_COLUMNS, type LessonRow } from "./lesson-row";

/** The tenant's lesson, or 404 (unknown, malformed or another school's id: the same answer). */
export async function findLesson(db: Sequelize, transaction: Transaction, tenantId: string, lessonId: string, options: { lock?: boolean } = {}): Promise<LessonRow> {
	const [row] = await db.query<LessonRow>(`SELECT ${LESSON_COLUMNS} FROM lessons WHERE tenant_id = $1 AND id = $2${options.lock === true ? " FOR UPDATE" : ""}`, {
		bind: [tenantId, lessonId],
		type: QueryTypes.SELECT,
		transaction,
	});
	if (row === undefined) throw notFound("lesson");
	return row;
}

/**
 * The object-level check behind lessons:write: a teacher changes only lessons they own; lessons:write_any
 * (tenant_admin) changes any of the school's. Readers may see the lesson exists, so this is 403, not 404.
 */
export function assertCanWrite(caller: UserCaller, lesson: LessonRow): void {
	if (lesson.owner_user_id === caller.actor.userId || rolesAllow(caller.actor.roles, "lessons:write_any")) return;
	throw new AppError("forbidden", "Only the lesson's owner or a school admin can change this lesson.");
}

/** Locks the lesson row for the rest of the transaction (versions and publishes serialise on it) and checks write access. */
export async function lessonForWrite(db: Sequelize, transaction: Transaction, caller: UserCaller, lessonId: string): Promise<LessonRow> {
	const lesson = await findLesson(db, transaction, caller.tenantId, lessonId, { lock: true });
	assertCanWrite(caller, lesson);
	return lesson;
}
