import type { StudentProgress } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { ApiKeyCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { notFound } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { aggregateProgress } from "./aggregate-progress";

interface Row {
	lesson_id: string;
	score: number;
	completed: boolean;
	steps: Array<{ stepId: string; completed: boolean; answered: boolean; points: number }> | null;
}

/**
 * Where a returning student is, for the game server that resumes them: per active lesson of the school
 * (assigned to a class that is not archived) the student has progress in, each step done and the best points per
 * question. Their own pending events are folded first, so what another server already delivered counts now
 * rather than after the next aggregation job, and the classes whose roster they are on now (a game server forgets a
 * class a teacher removed them from). The tenant is the key's; another school's player answers 404.
 */
export async function studentProgress(deps: Pick<AppDependencies, "infra">, caller: ApiKeyCaller, input: { robloxUserId: number }): Promise<StudentProgress> {
	const db = deps.infra.db;
	const { tenantId } = caller;
	const { robloxUserId } = input;
	const studentUserId = await withTenant(db, tenantId, async (transaction) => {
		const [row] = await db.query<{ id: string }>(
			`SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $1 AND m.role = 'student' WHERE u.roblox_user_id = $2`,
			{ bind: [tenantId, robloxUserId], type: QueryTypes.SELECT, transaction },
		);
		return row?.id;
	});
	if (studentUserId === undefined) throw notFound("student with this Roblox UserId in this school (the player must join a class first)");
	await aggregateProgress(deps, { tenantId, studentUserId });
	const rows = await withTenant(db, tenantId, (transaction) =>
		db.query<Row>(
			`SELECT ls.lesson_id, ls.score, ls.completed_at IS NOT NULL AS completed,
				(SELECT json_agg(json_build_object('stepId', s.step_id, 'completed', s.completed, 'answered', s.attempts > 0, 'points', s.best_points) ORDER BY s.step_id)
				 FROM progress_step_summaries s WHERE s.tenant_id = ls.tenant_id AND s.student_user_id = ls.student_user_id AND s.lesson_id = ls.lesson_id) AS steps
			 FROM progress_lesson_summaries ls
			 WHERE ls.tenant_id = $1 AND ls.student_user_id = $2
			   AND ls.lesson_id IN (
				SELECT a.lesson_id::text FROM class_assignments a
				JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id AND c.archived_at IS NULL
				WHERE a.tenant_id = $1)
			 ORDER BY ls.lesson_id`,
			{ bind: [tenantId, studentUserId], type: QueryTypes.SELECT, transaction },
		),
	);
	const classes = await withTenant(db, tenantId, (transaction) =>
		db.query<{ class_id: string }>(
			`SELECT m.class_id::text AS class_id FROM class_members m
			 JOIN classes c ON c.id = m.class_id AND c.tenant_id = m.tenant_id AND c.archived_at IS NULL
			 WHERE m.tenant_id = $1 AND m.user_id = $2 ORDER BY m.joined_at, m.class_id LIMIT 1000`,
			{ bind: [tenantId, studentUserId], type: QueryTypes.SELECT, transaction },
		),
	);
	return {
		robloxUserId,
		classIds: classes.map((row) => row.class_id),
		lessons: rows.map((row) => ({ lessonId: row.lesson_id, score: row.score, completed: row.completed, steps: row.steps ?? [] })),
	};
}
