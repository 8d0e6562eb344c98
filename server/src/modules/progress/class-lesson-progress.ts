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

/** The position after a page's last row: (student, lesson). */
const lessonCursor = cursorCodec<{ studentUserId: string; lessonId: string }>("l1", { studentUserId: "uuid", lessonId: "uuid" });

interface Row {
	student_user_id: string;
	display_name: string;
	roblox_user_id: string | null;
	lesson_id: string;
	version: string;
	total_steps: number;
	max_score: number;
	steps_completed: number;
	score: number;
	time_ms: string;
	completed_at: Date | null;
	last_seen_at: Date | null;
}

/**
 * Lesson rollups for a class: every student on the roster × every lesson assigned to the class, measured against the
 * assigned version (steps completed of its steps, points of its questions). Read from the summaries; a student
 * who has not started shows zeros. Completed: the game reported lesson_completed, or every step is done.
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
		const rows = await db.query<Row>(
			`SELECT m.user_id AS student_user_id, u.display_name, u.roblox_user_id, a.lesson_id::text AS lesson_id, a.lesson_version AS version,
				jsonb_array_length(v.content->'steps') AS total_steps,
				(SELECT coalesce(sum((st->>'points')::float8), 0) FROM jsonb_array_elements(v.content->'steps') st WHERE st->>'kind' = 'quiz') AS max_score,
				x.steps_completed, x.score, x.time_ms, ls.completed_at, ls.last_seen_at
			 FROM class_members m
			 JOIN users u ON u.id = m.user_id
			 JOIN class_assignments a ON a.tenant_id = m.tenant_id AND a.class_id = m.class_id
			 JOIN lesson_versions v ON v.tenant_id = a.tenant_id AND v.lesson_id = a.lesson_id AND v.version = a.lesson_version
			 LEFT JOIN progress_lesson_summaries ls ON ls.tenant_id = m.tenant_id AND ls.student_user_id = m.user_id AND ls.lesson_id = a.lesson_id::text
			 CROSS JOIN LATERAL (
				SELECT count(*) FILTER (WHERE s.completed)::int AS steps_completed, coalesce(sum(s.best_points), 0)::float8 AS score, coalesce(sum(s.time_ms), 0)::bigint AS time_ms
				FROM progress_step_summaries s
				WHERE s.tenant_id = m.tenant_id AND s.student_user_id = m.user_id AND s.lesson_id = a.lesson_id::text
				  AND s.step_id IN (SELECT st->>'id' FROM jsonb_array_elements(v.content->'steps') st)
			 ) x
			 WHERE m.tenant_id = $1 AND m.class_id = $2
			   AND ($3::uuid IS NULL OR (m.user_id, a.lesson_id) > ($3::uuid, $4::uuid))
			 ORDER BY m.user_id, a.lesson_id
			 LIMIT $5`,
			{ bind: [caller.tenantId, classId, after?.studentUserId ?? null, after?.lessonId ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map((row) => ({
				studentUserId: row.student_user_id,
				displayName: row.display_name,
				...(row.roblox_user_id === null ? {} : { robloxUserId: Number(row.roblox_user_id) }),
				lessonId: row.lesson_id,
				version: row.version,
				stepsCompleted: row.steps_completed,
				totalSteps: row.total_steps,
				score: row.score,
				maxScore: row.max_score,
				completed: row.completed_at !== null || row.steps_completed >= row.total_steps,
				...(row.completed_at === null ? {} : { completedAt: new Date(row.completed_at).toISOString() }),
				timeMs: Number(row.time_ms),
				...(row.last_seen_at === null ? {} : { lastSeenAt: new Date(row.last_seen_at).toISOString() }),
			})),
			...(rows.length > limit && last !== undefined ? { nextCursor: lessonCursor.encode({ studentUserId: last.student_user_id, lessonId: last.lesson_id }) } : {}),
			pendingEvents,
		};
	});
	if (page.pendingEvents > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return page;
}
