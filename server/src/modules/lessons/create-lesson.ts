import type { Lesson, LessonCreateRequest } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { LESSON_COLUMNS, toLesson, type LessonRow } from "./lesson-row";

/** A new draft lesson owned by the caller, with no versions yet. */
export async function createLesson(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: LessonCreateRequest): Promise<Lesson> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [row] = await db.query<LessonRow>(
			`INSERT INTO lessons (tenant_id, owner_user_id, title, subject, grade_band, objectives)
			 VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${LESSON_COLUMNS}`,
			{
				bind: [caller.tenantId, caller.actor.userId, input.title, input.subject, input.gradeBand, JSON.stringify(input.objectives)],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const lesson = toLesson(row as LessonRow);
		await recordAudit(db, { action: "lesson.created", ...auditedBy(caller), targetType: "lesson", targetId: lesson.id }, { transaction });
		return lesson;
	});
}
