/**
 * The one definition of a student's numbers in a lesson assigned to their class, as SQL every teacher view reads
 * (the class's table, its per-lesson summary, a student's page), so they can never disagree.
 *
 * For each student on the roster ($1 tenant, $2 class) × lesson assigned to the class, measured against the
 * assigned version: steps_completed (its steps with a step_completed event), score (best points per question of
 * its questions, summed), completed (steps_completed = total_steps: every step of that version is done), time and
 * when. A lesson_completed event alone never makes a lesson completed: the game sends one when a student reaches
 * the end of the version they play, which may be another version than the class's (fewer steps, other questions).
 */
export const LESSON_ROLLUP_SQL = `
	SELECT m.user_id AS student_user_id, u.display_name, u.roblox_user_id, m.joined_at,
		a.lesson_id::text AS lesson_id, a.lesson_version AS version, a.assigned_at, l.title AS lesson_title,
		jsonb_array_length(v.content->'steps') AS total_steps,
		(SELECT coalesce(sum((st->>'points')::float8), 0) FROM jsonb_array_elements(v.content->'steps') st WHERE st->>'kind' = 'quiz') AS max_score,
		x.steps_completed, x.score, x.time_ms, x.steps_done_at,
		x.steps_completed >= jsonb_array_length(v.content->'steps') AS completed,
		ls.last_seen_at, ls.student_user_id IS NOT NULL AS started
	FROM class_members m
	JOIN users u ON u.id = m.user_id
	JOIN class_assignments a ON a.tenant_id = m.tenant_id AND a.class_id = m.class_id
	JOIN lessons l ON l.tenant_id = a.tenant_id AND l.id = a.lesson_id
	JOIN lesson_versions v ON v.tenant_id = a.tenant_id AND v.lesson_id = a.lesson_id AND v.version = a.lesson_version
	LEFT JOIN progress_lesson_summaries ls ON ls.tenant_id = m.tenant_id AND ls.student_user_id = m.user_id AND ls.lesson_id = a.lesson_id::text
	CROSS JOIN LATERAL (
		SELECT count(*) FILTER (WHERE s.completed)::int AS steps_completed, coalesce(sum(s.best_points), 0)::float8 AS score,
			coalesce(sum(s.time_ms), 0)::bigint AS time_ms, max(s.last_seen_at) FILTER (WHERE s.completed) AS steps_done_at
		FROM progress_step_summaries s
		WHERE s.tenant_id = m.tenant_id AND s.student_user_id = m.user_id AND s.lesson_id = a.lesson_id::text
		  AND s.step_id IN (SELECT st->>'id' FROM jsonb_array_elements(v.content->'steps') st)
	) x
	WHERE m.tenant_id = $1 AND m.class_id = $2`;

export interface LessonRollupRow {
	student_user_id: string;
	display_name: string;
	roblox_user_id: string | null;
	joined_at: Date;
	lesson_id: string;
	version: string;
	assigned_at: Date;
	lesson_title: string;
	total_steps: number;
	max_score: number;
	steps_completed: number;
	score: number;
	time_ms: string;
	steps_done_at: Date | null;
	completed: boolean;
	last_seen_at: Date | null;
	started: boolean;
}
