import type { ClassProgressPage } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { loadClass, type ClassCaller } from "../classes/class-access";
import { decodeProgressCursor, encodeProgressCursor } from "./progress-cursor";

export const PROGRESS_PAGE_DEFAULT = 100;
export const PROGRESS_PAGE_MAX = 500;

interface Row {
	student_user_id: string;
	display_name: string;
	roblox_user_id: string | null;
	lesson_id: string;
	step_id: string;
	attempts: number;
	correct: number;
	points: number;
	time_ms: string;
	completed: boolean;
}

/**
 * A class's progress for its teacher (or the school's admins): per student on the roster, per lesson, per step or
 * question, computed from the stored events. Each event counts once (the events table is keyed by event id).
 */
export async function classProgress(db: Sequelize, caller: ClassCaller, classId: string, query: { cursor?: string; limit: number }): Promise<ClassProgressPage> {
	const after = query.cursor === undefined ? undefined : decodeProgressCursor(query.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId);
		const rows = await db.query<Row>(
			`SELECT e.student_user_id, u.display_name, u.roblox_user_id, e.lesson_id, e.step_id,
				count(*) FILTER (WHERE e.kind = 'answer_submitted')::int AS attempts,
				count(*) FILTER (WHERE e.kind = 'answer_submitted' AND e.correct)::int AS correct,
				coalesce(sum(e.points) FILTER (WHERE e.kind = 'answer_submitted'), 0)::float8 AS points,
				coalesce(sum(e.duration_ms) FILTER (WHERE e.kind = 'step_completed'), 0)::bigint AS time_ms,
				bool_or(e.kind = 'step_completed') AS completed
			 FROM progress_events e
			 JOIN class_members m ON m.tenant_id = e.tenant_id AND m.class_id = $2 AND m.user_id = e.student_user_id
			 JOIN users u ON u.id = e.student_user_id
			 WHERE e.tenant_id = $1 AND e.step_id IS NOT NULL
			   AND ($3::uuid IS NULL OR (e.student_user_id, e.lesson_id, e.step_id) > ($3::uuid, $4::text, $5::text))
			 GROUP BY e.student_user_id, u.display_name, u.roblox_user_id, e.lesson_id, e.step_id
			 ORDER BY e.student_user_id, e.lesson_id, e.step_id
			 LIMIT $6`,
			{
				bind: [caller.tenantId, classId, after?.studentUserId ?? null, after?.lessonId ?? null, after?.stepId ?? null, query.limit + 1],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const page = rows.slice(0, query.limit);
		const last = page[page.length - 1];
		return {
			items: page.map((row) => ({
				studentUserId: row.student_user_id,
				displayName: row.display_name,
				...(row.roblox_user_id === null ? {} : { robloxUserId: Number(row.roblox_user_id) }),
				lessonId: row.lesson_id,
				stepId: row.step_id,
				attempts: row.attempts,
				correct: row.correct,
				points: row.points,
				timeMs: Number(row.time_ms),
				completed: row.completed,
			})),
			...(rows.length > query.limit && last !== undefined ? { nextCursor: encodeProgressCursor({ studentUserId: last.student_user_id, lessonId: last.lesson_id, stepId: last.step_id }) } : {}),
		};
	});
}
