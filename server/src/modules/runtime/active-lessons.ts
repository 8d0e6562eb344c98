import type { ActiveLessons, LessonContent } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { contentHash } from "../lessons/canonical-json";

export interface ActiveLessonsReply {
	readonly body: ActiveLessons;
	/** Strong: the hash of the reply's canonical JSON, so equal content gives an equal tag on every instance. */
	readonly etag: string;
}

/**
 * The lesson content the school's game servers play: every lesson version assigned to a class of the school that
 * is not archived (a lesson assigned to several classes appears once per version).
 */
export async function activeLessons(db: Sequelize, tenantId: string): Promise<ActiveLessonsReply> {
	const rows = await withTenant(db, tenantId, (transaction) =>
		db.query<{ lesson_id: string; version: string; content: LessonContent }>(
			`SELECT DISTINCT a.lesson_id, a.lesson_version AS version, v.content
			 FROM class_assignments a
			 JOIN classes c ON c.id = a.class_id AND c.tenant_id = a.tenant_id AND c.archived_at IS NULL
			 JOIN lesson_versions v ON v.lesson_id = a.lesson_id AND v.version = a.lesson_version AND v.tenant_id = a.tenant_id
			 WHERE a.tenant_id = $1
			 ORDER BY a.lesson_id, version`,
			{ bind: [tenantId], type: QueryTypes.SELECT, transaction },
		),
	);
	const body: ActiveLessons = { items: rows.map((row) => ({ lessonId: row.lesson_id, version: row.version, content: row.content })) };
	return { body, etag: `"${contentHash(body)}"` };
}

/** If-None-Match: `*`, or a list of tags (weak ones compare by their opaque part, as RFC 9110 says for this header). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
	if (ifNoneMatch === undefined) return false;
	if (ifNoneMatch.trim() === "*") return true;
	return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
