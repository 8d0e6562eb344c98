import type { Class } from "@toolboxai/shared";

/** A class with its current join code (left-joined: none when rotated away or never made). */
export interface ClassRow {
	readonly id: string;
	readonly tenant_id: string;
	readonly name: string;
	readonly grade_band: string | null;
	readonly subject: string | null;
	readonly teacher_user_id: string;
	readonly created_at: Date;
	readonly archived_at: Date | null;
	readonly join_code: string | null;
	readonly join_code_expires_at: Date | null;
}

/** FROM clause and columns shared by every read: the class and its one unrevoked code. */
export const CLASS_SELECT = `SELECT c.id, c.tenant_id, c.name, c.grade_band, c.subject, c.teacher_user_id, c.created_at, c.archived_at,
	       j.code AS join_code, j.expires_at AS join_code_expires_at
	FROM classes c
	LEFT JOIN class_join_codes j ON j.class_id = c.id AND j.revoked_at IS NULL`;

/** The wire form. An archived class or an expired code shows no code: it would not let anyone in. */
export function toClass(row: ClassRow, now: Date = new Date()): Class {
	const codeWorks = row.archived_at === null && row.join_code !== null && row.join_code_expires_at !== null && row.join_code_expires_at > now;
	return {
		id: row.id,
		name: row.name,
		...(row.grade_band === null ? {} : { gradeBand: row.grade_band }),
		...(row.subject === null ? {} : { subject: row.subject }),
		teacherUserId: row.teacher_user_id,
		...(codeWorks ? { joinCode: row.join_code as string, joinCodeExpiresAt: (row.join_code_expires_at as Date).toISOString() } : {}),
		createdAt: row.created_at.toISOString(),
		...(row.archived_at === null ? {} : { archivedAt: row.archived_at.toISOString() }),
	};
}
