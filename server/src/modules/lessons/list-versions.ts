import type { LessonVersionList } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { findLesson } from "./lesson-access";
import { compareSemver } from "./semver";
import { toVersionSummary, type VersionRow } from "./version-row";

/**
 * A lesson's versions without content, highest version first (semver order, which SQL text order is not), each with
 * when it was first published (the lesson's current published version counts even from before that was recorded).
 */
export async function listVersions(deps: Pick<AppDependencies, "infra">, caller: Caller, input: { lessonId: string }): Promise<LessonVersionList> {
	const db = deps.infra.db;
	const { tenantId } = caller;
	return withTenant(db, tenantId, async (transaction) => {
		const lesson = await findLesson(db, transaction, tenantId, input.lessonId);
		const rows = await db.query<VersionRow>(
			`SELECT v.lesson_id, v.version, v.content_hash, v.author_user_id, v.created_at,
			        COALESCE(p.first_published_at, CASE WHEN v.version = $3::text THEN $4::timestamptz END) AS published_at
			 FROM lesson_versions v
			 LEFT JOIN lesson_publications p ON p.tenant_id = v.tenant_id AND p.lesson_id = v.lesson_id AND p.version = v.version
			 WHERE v.tenant_id = $1 AND v.lesson_id = $2 LIMIT 1000`,
			{ bind: [tenantId, input.lessonId, lesson.published_version, lesson.updated_at], type: QueryTypes.SELECT, transaction },
		);
		return { items: rows.sort((a, b) => compareSemver(b.version, a.version)).map(toVersionSummary) };
	});
}
