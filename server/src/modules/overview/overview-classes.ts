import { OVERVIEW_CLASSES_MAX, type OverviewClass } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { OverviewScope } from "./overview-scope";

interface Row {
	id: string;
	name: string;
	teacher_name: string;
	students: number;
	lessons_assigned: number;
	completions: number;
	total: number;
}

/**
 * Active classes in scope, newest first, each with its roster size, assigned lessons and how many student × lesson
 * pairs are completed. Completed as on the class page: the game reported the lesson completed, or the student has
 * done as many steps as the assigned version has (read from the lesson summaries, never the raw events).
 */
export async function overviewClasses(db: Sequelize, transaction: Transaction, scope: OverviewScope): Promise<{ classes: OverviewClass[]; total: number }> {
	const rows = await db.query<Row>(
		`SELECT c.id, c.name, u.display_name AS teacher_name, count(*) OVER ()::int AS total,
			(SELECT count(*)::int FROM class_members m WHERE m.tenant_id = c.tenant_id AND m.class_id = c.id) AS students,
			(SELECT count(*)::int FROM class_assignments a WHERE a.tenant_id = c.tenant_id AND a.class_id = c.id) AS lessons_assigned,
			(SELECT count(*)::int FROM class_members m
			 JOIN class_assignments a ON a.tenant_id = m.tenant_id AND a.class_id = m.class_id
			 JOIN lesson_versions v ON v.tenant_id = a.tenant_id AND v.lesson_id = a.lesson_id AND v.version = a.lesson_version
			 JOIN progress_lesson_summaries ls ON ls.tenant_id = m.tenant_id AND ls.student_user_id = m.user_id AND ls.lesson_id = a.lesson_id::text
			 WHERE m.tenant_id = c.tenant_id AND m.class_id = c.id
			   AND (ls.completed_at IS NOT NULL OR ls.steps_completed >= jsonb_array_length(v.content->'steps'))) AS completions
		 FROM classes c
		 JOIN users u ON u.id = c.teacher_user_id
		 WHERE c.tenant_id = $1 AND c.archived_at IS NULL AND ($2::uuid IS NULL OR c.teacher_user_id = $2::uuid)
		 ORDER BY c.created_at DESC, c.id DESC
		 LIMIT $3`,
		{ bind: [scope.tenantId, scope.teacherUserId ?? null, OVERVIEW_CLASSES_MAX], type: QueryTypes.SELECT, transaction },
	);
	return {
		classes: rows.map((row) => ({
			id: row.id,
			name: row.name,
			teacherName: row.teacher_name,
			students: row.students,
			lessonsAssigned: row.lessons_assigned,
			completions: row.completions,
		})),
		total: rows[0]?.total ?? 0,
	};
}
