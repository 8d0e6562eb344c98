import type { ClassProgressPage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { cursorCodec } from "../../http/cursor";
import { loadClass } from "../classes";
import { aggregationTrigger } from "./aggregation-job";
import { pendingEventsOfClass } from "./pending-events";
import type { ProgressDeps } from "./progress-deps";

export const PROGRESS_PAGE_DEFAULT = 100;
export const PROGRESS_PAGE_MAX = 500;

export interface ClassProgressInput {
	readonly classId: string;
	readonly cursor?: string;
	readonly limit: number;
}

/** The position after a page's last row: (student, lesson, step). */
const stepCursor = cursorCodec<{ studentUserId: string; lessonId: string; stepId: string }>("p1", { studentUserId: "uuid", lessonId: "text", stepId: "text" });

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
	hints_used: number;
	timeouts: number;
}

/**
 * A class's progress for its teacher (or the school's admins): per student on the roster, per lesson, per step or
 * question, read from the step summaries the progress.aggregate job keeps (never from the raw events). Events not
 * folded yet are counted in `pendingEvents`; seeing some also asks for a fold, so a lost job cannot leave them
 * pending for good.
 */
export async function classProgress(deps: ProgressDeps, caller: UserCaller, input: ClassProgressInput): Promise<ClassProgressPage> {
	const db = deps.infra.db;
	const { classId, limit } = input;
	const after = input.cursor === undefined ? undefined : stepCursor.decode(input.cursor);
	const page = await withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, classId);
		// Counted before the rows: a fold claims events and updates summaries in one commit, so "0 pending" seen
		// first means the rows read next include every stored event (the other order could show neither).
		const pendingEvents = await pendingEventsOfClass(db, transaction, caller.tenantId, classId);
		const rows = await db.query<Row>(
			`SELECT s.student_user_id, u.display_name, u.roblox_user_id, s.lesson_id, s.step_id, s.attempts, s.correct, s.points, s.time_ms,
				s.completed, s.hints_used, s.timeouts
			 FROM progress_step_summaries s
			 JOIN class_members m ON m.tenant_id = s.tenant_id AND m.class_id = $2 AND m.user_id = s.student_user_id
			 JOIN users u ON u.id = s.student_user_id
			 WHERE s.tenant_id = $1
			   AND ($3::uuid IS NULL OR (s.student_user_id, s.lesson_id, s.step_id) > ($3::uuid, $4::text, $5::text))
			 ORDER BY s.student_user_id, s.lesson_id, s.step_id
			 LIMIT $6`,
			{
				bind: [caller.tenantId, classId, after?.studentUserId ?? null, after?.lessonId ?? null, after?.stepId ?? null, limit + 1],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map((row) => ({
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
				hintsUsed: row.hints_used,
				timeouts: row.timeouts,
			})),
			...(rows.length > limit && last !== undefined
				? { nextCursor: stepCursor.encode({ studentUserId: last.student_user_id, lessonId: last.lesson_id, stepId: last.step_id }) }
				: {}),
			pendingEvents,
		};
	});
	if (page.pendingEvents > 0) await aggregationTrigger(deps.infra.queue, deps.logger)(caller.tenantId);
	return page;
}
