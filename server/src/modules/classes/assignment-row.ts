import type { Assignment } from "@toolboxai/shared";

export interface AssignmentRow {
	readonly class_id: string;
	readonly lesson_id: string;
	readonly lesson_version: string;
	readonly lesson_title: string | null;
	readonly assigned_by: string | null;
	readonly assigned_at: Date;
}

export function toAssignment(row: AssignmentRow): Assignment {
	return {
		classId: row.class_id,
		lessonId: row.lesson_id,
		version: row.lesson_version,
		...(row.lesson_title === null ? {} : { lessonTitle: row.lesson_title }),
		...(row.assigned_by === null ? {} : { assignedByUserId: row.assigned_by }),
		assignedAt: row.assigned_at.toISOString(),
	};
}
