import type { Lesson, LessonCreateRequest } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import type { UserPrincipal } from "../tenancy/request-context";
import { LESSON_COLUMNS, toLesson, type LessonRow } from "./lesson-row";

/** A new draft lesson owned by the caller, with no versions yet. */
export async function createLesson(db: Sequelize, principal: UserPrincipal, create: LessonCreateRequest, trace: { ip?: string; requestId?: string }): Promise<Lesson> {
	return withTenant(db, principal.tenantId, async (transaction) => {
		const [row] = await db.query<LessonRow>(
			`INSERT INTO lessons (tenant_id, owner_user_id, title, subject, grade_band, objectives)
			 VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${LESSON_COLUMNS}`,
			{
				bind: [principal.tenantId, principal.userId, create.title, create.subject, create.gradeBand, JSON.stringify(create.objectives)],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const lesson = toLesson(row as LessonRow);
		await recordAudit(db, { action: "lesson.created", tenantId: principal.tenantId, actorUserId: principal.userId, targetType: "lesson", targetId: lesson.id, ...trace }, { transaction });
		return lesson;
	});
}
