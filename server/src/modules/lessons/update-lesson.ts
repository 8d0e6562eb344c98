import type { Lesson, LessonUpdateRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { lessonForWrite } from "./lesson-access";
import { LESSON_COLUMNS, toLesson, type LessonRow } from "./lesson-row";

export interface UpdateLessonInput extends LessonUpdateRequest {
	readonly lessonId: string;
}

/**
 * Changes metadata and archives or restores. Restoring ("draft") puts a lesson that has a published version
 * back to "published": archiving hides it, it does not unpublish.
 */
export async function updateLesson(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: UpdateLessonInput): Promise<Lesson> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const lesson = await lessonForWrite(db, transaction, caller, input.lessonId);
		const status = input.status === undefined ? lesson.status : input.status === "archived" ? "archived" : lesson.published_version === null ? "draft" : "published";
		const [row] = await db.query<LessonRow>(
			`UPDATE lessons SET title = $3, subject = $4, grade_band = $5, objectives = $6::jsonb, status = $7, updated_at = now()
			 WHERE tenant_id = $1 AND id = $2 RETURNING ${LESSON_COLUMNS}`,
			{
				bind: [
					caller.tenantId,
					lesson.id,
					input.title ?? lesson.title,
					input.subject ?? lesson.subject,
					input.gradeBand ?? lesson.grade_band,
					JSON.stringify(input.objectives ?? lesson.objectives),
					status,
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const action = status === lesson.status ? "lesson.updated" : status === "archived" ? "lesson.archived" : "lesson.restored";
		await recordAudit(db, { action, ...auditedBy(caller), targetType: "lesson", targetId: lesson.id }, { transaction });
		return toLesson(row as LessonRow);
	});
}
