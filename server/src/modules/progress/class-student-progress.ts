import type { ClassStudentProgress } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { loadClass } from "../classes";
import { aggregationTrigger } from "./aggregation-job";
import { toLessonProgress } from "./lesson-rollup-row";
import { LESSON_ROLLUP_SQL, type LessonRollupRow } from "./lesson-rollup-sql";
import { pendingEventsOfClass } from "./pending-events";
import type { ProgressDeps } from "./progress-deps";
import { loadRosterStudent } from "./roster-student";

/** A class's assigned lessons are few; a page of them is all of them in practice. */
const STUDENT_LESSONS_MAX = 500;

/**
 * One student of a class, for their page: every lesson assigned to the class with the same numbers as the class's
 * table (the same SQL), in the order the lessons were assigned.
 */
export async function classStudentProgress(deps: ProgressDeps, caller: UserCaller, input: { classId: string; studentUserId: string }): Promise<ClassStudentProgress> {
	const db = deps.infra.db;
	const { classId, studentUserId } = input;
	const answer = await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId);
		const student = await loadRosterStudent(db, transaction, caller.tenantId, classId, studentUserId);
		const pendingEvents = await pendingEventsOfClass(db, transaction, caller.tenantId, classId);
		const rows = await db.query<LessonRollupRow>(`${LESSON_ROLLUP_SQL} AND m.user_id = $3 ORDER BY a.assigned_at, a.lesson_id LIMIT $4`, {
			bind: [caller.tenantId, classId, studentUserId, STUDENT_LESSONS_MAX],
			type: QueryTypes.SELECT,
			transaction,
		});
		return {
			studentUserId: student.user_id,
			displayName: student.display_name,
			...(student.roblox_user_id === null ? {} : { robloxUserId: Number(student.roblox_user_id) }),
			joinedAt: new Date(student.joined_at).toISOString(),
			lessons: rows.map(toLessonProgress),
			pendingEvents,
		};
	});
	if (answer.pendingEvents > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return answer;
}
