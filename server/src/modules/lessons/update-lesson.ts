import type { Lesson, LessonUpdateRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import type { UserPrincipal } from "../tenancy/request-context";
import { lessonForWrite } from "./lesson-access";
import { LESSON_COLUMNS, toLesson, type LessonRow } from "./lesson-row";

/**
 * Changes metadata and archives or restores. Restoring ("draft") puts a lesson that has a published version
 * back to "published": archiving hides it, it does not unpublish.
 */
export async function updateLesson(db: Sequelize, principal: UserPrincipal, lessonId: string, update: LessonUpdateRequest, trace: { ip?: string; requestId?: string }): Promise<Lesson> {
	return withTenant(db, principal.tenantId, async (transaction) => {
		const lesson = await lessonForWrite(db, transaction, principal, lessonId);
		const status = update.status === undefined ? lesson.status : update.status === "archived" ? "archived" : lesson.published_version === null ? "draft" : "published";
		const [row] = await db.query<LessonRow>(
			`UPDATE lessons SET title = $3, subject = $4, grade_band = $5, objectives = $6::jsonb, status = $7, updated_at = now()
			 WHERE tenant_id = $1 AND id = $2 RETURNING ${LESSON_COLUMNS}`,
			{
				bind: [
					principal.tenantId,
					lesson.id,
					update.title ?? lesson.title,
					update.subject ?? lesson.subject,
					update.gradeBand ?? lesson.grade_band,
					JSON.stringify(update.objectives ?? lesson.objectives),
					status,
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const action = status === lesson.status ? "lesson.updated" : status === "archived" ? "lesson.archived" : "lesson.restored";
		await recordAudit(db, { action, tenantId: principal.tenantId, actorUserId: principal.userId, targetType: "lesson", targetId: lesson.id, ...trace }, { transaction });
		return toLesson(row as LessonRow);
	});
}
