import type { ClassLessonSummaryPage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { cursorCodec } from "../../http/cursor";
import { loadClass } from "../classes";
import { aggregationTrigger } from "./aggregation-job";
import type { ClassProgressInput } from "./class-progress";
import { LESSON_ROLLUP_SQL } from "./lesson-rollup-sql";
import { pendingEventsOfClass } from "./pending-events";
import type { ProgressDeps } from "./progress-deps";

/** The position after a page's last row: lessons in the order they were assigned. */
const summaryCursor = cursorCodec<{ assignedAt: string; lessonId: string }>("ls1", { assignedAt: "timestamp", lessonId: "uuid" });

interface Row {
	lesson_id: string;
	lesson_title: string;
	version: string;
	assigned_at: string;
	total_steps: number;
	max_score: number;
	students: number;
	started: number;
	completed: number;
	average_score: number;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * Per lesson assigned to the class, over the students on the roster now: how many started and completed it (the
 * same rows as the class's table, so "completed" is the table's), the completion percentage and the started
 * students' average score. A lesson nobody is on the roster for yet still shows, with zeros.
 */
export async function classLessonSummary(deps: ProgressDeps, caller: UserCaller, input: ClassProgressInput): Promise<ClassLessonSummaryPage> {
	const db = deps.infra.db;
	const { classId, limit } = input;
	const after = input.cursor === undefined ? undefined : summaryCursor.decode(input.cursor);
	const page = await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId);
		const pendingEvents = await pendingEventsOfClass(db, transaction, caller.tenantId, classId);
		const rows = await db.query<Row>(
			`SELECT a.lesson_id::text AS lesson_id, l.title AS lesson_title, a.lesson_version AS version, a.assigned_at::text AS assigned_at,
				jsonb_array_length(v.content->'steps') AS total_steps,
				(SELECT coalesce(sum((st->>'points')::float8), 0) FROM jsonb_array_elements(v.content->'steps') st WHERE st->>'kind' = 'quiz') AS max_score,
				count(r.student_user_id)::int AS students,
				count(*) FILTER (WHERE r.started)::int AS started,
				count(*) FILTER (WHERE r.completed)::int AS completed,
				coalesce(avg(r.score) FILTER (WHERE r.started), 0)::float8 AS average_score
			 FROM class_assignments a
			 JOIN lessons l ON l.tenant_id = a.tenant_id AND l.id = a.lesson_id
			 JOIN lesson_versions v ON v.tenant_id = a.tenant_id AND v.lesson_id = a.lesson_id AND v.version = a.lesson_version
			 LEFT JOIN (${LESSON_ROLLUP_SQL}) r ON r.lesson_id = a.lesson_id::text
			 WHERE a.tenant_id = $1 AND a.class_id = $2
			   AND ($3::timestamptz IS NULL OR (a.assigned_at, a.lesson_id) > ($3::timestamptz, $4::uuid))
			 GROUP BY a.lesson_id, l.title, a.lesson_version, a.assigned_at, v.content
			 ORDER BY a.assigned_at, a.lesson_id
			 LIMIT $5`,
			{ bind: [caller.tenantId, classId, after?.assignedAt ?? null, after?.lessonId ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map((row) => ({
				lessonId: row.lesson_id,
				lessonTitle: row.lesson_title,
				version: row.version,
				totalSteps: row.total_steps,
				maxScore: row.max_score,
				students: row.students,
				started: row.started,
				completed: row.completed,
				completionPercent: row.students === 0 ? 0 : oneDecimal((row.completed / row.students) * 100),
				averageScore: oneDecimal(row.average_score),
				averageScorePercent: row.max_score === 0 ? 0 : Math.min(100, oneDecimal((row.average_score / row.max_score) * 100)),
			})),
			...(rows.length > limit && last !== undefined ? { nextCursor: summaryCursor.encode({ assignedAt: last.assigned_at, lessonId: last.lesson_id }) } : {}),
			pendingEvents,
		};
	});
	if (page.pendingEvents > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return page;
}
