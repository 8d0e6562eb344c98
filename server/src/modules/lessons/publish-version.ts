import type { LessonPublished } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import type { UserPrincipal } from "../tenancy/request-context";
import { findVersion } from "./find-version";
import { lessonForWrite } from "./lesson-access";
import { LESSON_COLUMNS, toLesson, type LessonRow } from "./lesson-row";
import { toVersionSummary } from "./version-row";

/**
 * Makes a version the one students get: status published, publishedVersion set. Any earlier version may be
 * published again (that is how a teacher rolls back). Publishing an archived lesson brings it back.
 */
export async function publishVersion(
	db: Sequelize,
	principal: UserPrincipal,
	lessonId: string,
	version: string,
	trace: { ip?: string; requestId?: string },
): Promise<LessonPublished> {
	return withTenant(db, principal.tenantId, async (transaction) => {
		const lesson = await lessonForWrite(db, transaction, principal, lessonId);
		const published = await findVersion(db, transaction, principal.tenantId, lesson.id, version);
		const [row] = await db.query<LessonRow>(
			`UPDATE lessons SET status = 'published', published_version = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${LESSON_COLUMNS}`,
			{ bind: [principal.tenantId, lesson.id, published.version], type: QueryTypes.SELECT, transaction },
		);
		await recordAudit(
			db,
			{
				action: "lesson.published",
				tenantId: principal.tenantId,
				actorUserId: principal.userId,
				targetType: "lesson",
				targetId: lesson.id,
				...trace,
				details: { version: published.version, contentHash: published.content_hash, ...(lesson.published_version === null ? {} : { previousVersion: lesson.published_version }) },
			},
			{ transaction },
		);
		return { lesson: toLesson(row as LessonRow), version: toVersionSummary(published) };
	});
}
