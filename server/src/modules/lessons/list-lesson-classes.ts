import type { LessonClassList } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { managesAllClasses } from "../classes";
import { findLesson } from "./lesson-access";

/**
 * The classes (not archived) that have a version of the lesson assigned, with that version: what publishing offers
 * to move. A school admin sees every class; a teacher only their own, and how many other classes stay out of reach.
 */
export async function listLessonClasses(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { lessonId: string }): Promise<LessonClassList> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const lesson = await findLesson(db, transaction, caller.tenantId, input.lessonId);
		const rows = await db.query<{ class_id: string; class_name: string; teacher_user_id: string; version: string }>(
			`SELECT c.id AS class_id, c.name AS class_name, c.teacher_user_id, a.lesson_version AS version
			 FROM class_assignments a
			 JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id AND c.archived_at IS NULL
			 WHERE a.tenant_id = $1 AND a.lesson_id = $2
			 ORDER BY c.name, c.id
			 LIMIT 1000`,
			{ bind: [caller.tenantId, lesson.id], type: QueryTypes.SELECT, transaction },
		);
		const seesAll = managesAllClasses(caller);
		const visible = rows.filter((row) => seesAll || row.teacher_user_id === caller.actor.userId);
		return {
			items: visible.map((row) => ({
				classId: row.class_id,
				className: row.class_name,
				teacherUserId: row.teacher_user_id,
				version: row.version,
				mine: row.teacher_user_id === caller.actor.userId,
			})),
			hiddenClasses: rows.length - visible.length,
		};
	});
}
