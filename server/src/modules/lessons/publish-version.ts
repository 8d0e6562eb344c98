import { REALTIME_EVENTS, schoolChannel, type LessonPublished } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { findVersion } from "./find-version";
import { lessonForWrite } from "./lesson-access";
import { moveClassesToVersion } from "./move-classes";
import { LESSON_COLUMNS, toLesson, type LessonRow } from "./lesson-row";
import { toVersionSummary } from "./version-row";

export interface PublishVersionInput {
	readonly lessonId: string;
	readonly version: string;
	/** Classes with another version of the lesson assigned that move to this one; none when absent. */
	readonly moveClassIds?: ReadonlyArray<string>;
}

/**
 * Makes a version the published one: status published, publishedVersion set, and the version recorded as published
 * (so classes may be assigned it later, even after a newer one). Assignments pin a version, so no class changes
 * unless named in moveClassIds (each move audited); the dashboard and the plugin ask per class. Any earlier version
 * may be published again (that is how a teacher rolls back). Publishing an archived lesson brings it back.
 */
export async function publishVersion(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: PublishVersionInput): Promise<LessonPublished> {
	const db = deps.infra.db;
	const result = await withTenant(db, caller.tenantId, async (transaction) => {
		const lesson = await lessonForWrite(db, transaction, caller, input.lessonId);
		const published = await findVersion(db, transaction, caller.tenantId, lesson.id, input.version);
		const [row] = await db.query<LessonRow>(
			`UPDATE lessons SET status = 'published', published_version = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${LESSON_COLUMNS}`,
			{ bind: [caller.tenantId, lesson.id, published.version], type: QueryTypes.SELECT, transaction },
		);
		const [publication] = await db.query<{ first_published_at: Date }>(
			`INSERT INTO lesson_publications (tenant_id, lesson_id, version) VALUES ($1, $2, $3)
			 ON CONFLICT (lesson_id, version) DO UPDATE SET version = EXCLUDED.version RETURNING first_published_at`,
			{ bind: [caller.tenantId, lesson.id, published.version], type: QueryTypes.SELECT, transaction },
		);
		await recordAudit(
			db,
			{
				action: "lesson.published",
				...auditedBy(caller),
				targetType: "lesson",
				targetId: lesson.id,
				details: {
					version: published.version,
					contentHash: published.content_hash,
					...(lesson.published_version === null ? {} : { previousVersion: lesson.published_version }),
				},
			},
			{ transaction },
		);
		const movedClassIds = await moveClassesToVersion(db, transaction, caller, { lessonId: lesson.id, version: published.version, classIds: input.moveClassIds ?? [] });
		return {
			lesson: toLesson(row as LessonRow),
			version: toVersionSummary({ ...published, published_at: publication?.first_published_at ?? null }),
			...(movedClassIds.length === 0 ? {} : { movedClassIds }),
		};
	});
	// After the commit, best effort (publish never rejects): the school's dashboards show the new version.
	await deps.infra.realtime.publish(schoolChannel(caller.tenantId), REALTIME_EVENTS.lessonPublished, {
		lessonId: result.lesson.id,
		version: result.version.version,
		publishedAt: new Date().toISOString(),
	});
	return result;
}
