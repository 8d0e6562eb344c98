import type { LessonProgressPage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { cursorCodec } from "../../http/cursor";
import { loadClass } from "../classes";
import { aggregationTrigger } from "./aggregation-job";
import type { ClassProgressInput } from "./class-progress";
import { pendingEventsOfClass } from "./pending-events";
import type { ProgressDeps } from "./progress-deps";
import { toLessonProgress } from "./lesson-rollup-row";
import { LESSON_ROLLUP_SQL, type LessonRollupRow } from "./lesson-rollup-sql";

/** The position after a page's last row: (student, lesson). */
const lessonCursor = cursorCodec<{ studentUserId: string; lessonId: string }>("l1", { studentUserId: "uuid", lessonId: "uuid" });

/**
 * Lesson rollups for a class: every student on the roster × every lesson assigned to the class, measured against the
 * assigned version (steps completed of its steps, points of its questions). Read from the summaries; a student
 * who has not started shows zeros. Completed as LESSON_ROLLUP_SQL defines it.
 */
export async function classLessonProgress(deps: ProgressDeps, caller: UserCaller, input: ClassProgressInput): Promise<LessonProgressPage> {
	const db = deps.infra.db;
	const { classId, limit } = input;
	const after = input.cursor === undefined ? undefined : lessonCursor.decode(input.cursor);
	const page = await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId);
		// Counted before the rows: a fold claims events and updates summaries in one commit, so "0 pending" seen
		// first means the rows read next include every stored event (the other order could show neither).
		const pendingEvents = await pendingEventsOfClass(db, transaction, caller.tenantId, classId);
		const rows = await db.query<LessonRollupRow>(
			`${LESSON_ROLLUP_SQL}
			   AND ($3::uuid IS NULL OR (m.user_id, a.lesson_id) > ($3::uuid, $4::uuid))
			 ORDER BY m.user_id, a.lesson_id
			 LIMIT $5`,
			{ bind: [caller.tenantId, classId, after?.studentUserId ?? null, after?.lessonId ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map(toLessonProgress),
			...(rows.length > limit && last !== undefined ? { nextCursor: lessonCursor.encode({ studentUserId: last.student_user_id, lessonId: last.lesson_id }) } : {}),
			pendingEvents,
		};
	});
	if (page.pendingEvents > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return page;
}
