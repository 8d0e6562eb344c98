import type { LessonProgress } from "@toolboxai/shared";
import type { LessonRollupRow } from "./lesson-rollup-sql";

/** A rollup row as the API shows it (bigint and Roblox UserIds arrive as strings; times as ISO 8601). */
export function toLessonProgress(row: LessonRollupRow): LessonProgress {
	return {
		studentUserId: row.student_user_id,
		displayName: row.display_name,
		...(row.roblox_user_id === null ? {} : { robloxUserId: Number(row.roblox_user_id) }),
		lessonId: row.lesson_id,
		version: row.version,
		stepsCompleted: row.steps_completed,
		totalSteps: row.total_steps,
		score: row.score,
		maxScore: row.max_score,
		completed: row.completed,
		...(row.completed && row.steps_done_at !== null ? { completedAt: new Date(row.steps_done_at).toISOString() } : {}),
		timeMs: Number(row.time_ms),
		...(row.last_seen_at === null ? {} : { lastSeenAt: new Date(row.last_seen_at).toISOString() }),
	};
}
