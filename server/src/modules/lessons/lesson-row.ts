import type { Lesson, LessonStatus } from "@toolboxai/shared";

export interface LessonRow {
	readonly id: string;
	readonly owner_user_id: string;
	readonly title: string;
	readonly subject: string;
	readonly grade_band: string;
	readonly objectives: string[];
	readonly status: LessonStatus;
	readonly latest_version: string | null;
	readonly published_version: string | null;
	readonly created_at: Date;
	readonly updated_at: Date;
	/** created_at as Postgres prints it (microseconds), for the list cursor: a JS Date would round it. */
	readonly created_at_exact: string;
}

export const LESSON_COLUMNS = `id, owner_user_id, title, subject, grade_band, objectives, status, latest_version, published_version, created_at, updated_at,
	to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact`;

export function toLesson(row: LessonRow): Lesson {
	return {
		id: row.id,
		title: row.title,
		subject: row.subject,
		gradeBand: row.grade_band,
		objectives: row.objectives,
		ownerUserId: row.owner_user_id,
		status: row.status,
		createdAt: row.created_at.toISOString(),
		updatedAt: row.updated_at.toISOString(),
		...(row.latest_version === null ? {} : { latestVersion: row.latest_version }),
		...(row.published_version === null ? {} : { publishedVersion: row.published_version }),
	};
}
