/**
 * What a plan or a deploy reads besides the release: the environment's asset map, what it last ran, and the
 * content of the release's lessons. Run inside the caller's tenant-scoped transaction.
 */
import type { LessonContent, ReleaseAsset, ReleaseLesson } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { AppError } from "../../errors/app-error";
import { releaseLessonClasses } from "../lessons";
import type { LessonWithContent } from "./content-entry";
import { assetKey, type LastDeployed } from "./build-plan";

/** `${sha256}/${assetType}` → asset id, for these hashes (the bare index lookup the bench compares against). */
export async function readAssetMap(db: Sequelize, transaction: Transaction, environmentId: string, sha256s: ReadonlyArray<string>): Promise<Map<string, string>> {
	const rows = await db.query<{ sha256: string; asset_type: string; asset_id: string }>(
		"SELECT sha256, asset_type, asset_id FROM environment_assets WHERE environment_id = $1 AND sha256 = ANY($2::text[])",
		{ bind: [environmentId, [...new Set(sha256s)]], type: QueryTypes.SELECT, transaction },
	);
	return new Map(rows.map((row) => [assetKey({ sha256: row.sha256, assetType: row.asset_type }), row.asset_id]));
}

/**
 * The environment's last succeeded deployment of this mode (dry runs upload nothing, so they compare only with
 * dry runs), other than `exceptId`: its release's place, assets and lessons.
 */
export async function readLastDeployed(
	db: Sequelize,
	transaction: Transaction,
	input: { environmentId: string; dryRun: boolean; exceptId?: string },
): Promise<(LastDeployed & { deploymentId: string; releaseId: string; placeVersion: number | null }) | undefined> {
	const [last] = await db.query<{ id: string; release_id: string; place_sha256: string; lessons: ReleaseLesson[]; place_version: number | null }>(
		`SELECT d.id, d.release_id, r.place_sha256, r.lessons, d.place_version FROM deployments d JOIN releases r ON r.id = d.release_id
		 WHERE d.environment_id = $1 AND d.status = 'succeeded' AND d.dry_run = $2 AND ($3::uuid IS NULL OR d.id <> $3::uuid)
		 ORDER BY d.finished_at DESC NULLS LAST, d.created_at DESC LIMIT 1`,
		{ bind: [input.environmentId, input.dryRun, input.exceptId ?? null], type: QueryTypes.SELECT, transaction },
	);
	if (last === undefined) return undefined;
	const assets = await db.query<{ name: string; sha256: string; asset_type: ReleaseAsset["assetType"] }>(
		"SELECT name, sha256, asset_type FROM release_assets WHERE release_id = $1",
		{ bind: [last.release_id], type: QueryTypes.SELECT, transaction },
	);
	return {
		deploymentId: last.id,
		releaseId: last.release_id,
		placeVersion: last.place_version,
		placeSha256: last.place_sha256,
		assets: assets.map((a) => ({ name: a.name, sha256: a.sha256, assetType: a.asset_type })),
		lessons: last.lessons,
	};
}

/**
 * The content of each lesson version the release carries, with the classes assigned it now (what a server that
 * cannot reach the service plays per class); a version that no longer exists is refused.
 */
export async function readLessonContents(db: Sequelize, transaction: Transaction, tenantId: string, lessons: ReadonlyArray<ReleaseLesson>): Promise<LessonWithContent[]> {
	if (lessons.length === 0) return [];
	const rows = await db.query<{ lesson_id: string; version: string; content: LessonContent }>(
		`SELECT v.lesson_id, v.version, v.content FROM lesson_versions v
		 JOIN unnest($2::uuid[], $3::text[]) AS wanted (lesson_id, version) ON wanted.lesson_id = v.lesson_id AND wanted.version = v.version
		 WHERE v.tenant_id = $1`,
		{ bind: [tenantId, lessons.map((l) => l.lessonId), lessons.map((l) => l.version)], type: QueryTypes.SELECT, transaction },
	);
	const byKey = new Map(rows.map((row) => [`${row.lesson_id}@${row.version}`, row.content]));
	const classes = await releaseLessonClasses(db, transaction, tenantId, lessons);
	return lessons.map((lesson) => {
		const content = byKey.get(`${lesson.lessonId}@${lesson.version}`);
		if (content === undefined) throw new AppError("validation_failed", `Lesson ${lesson.lessonId} has no version ${lesson.version}.`);
		return { lessonId: lesson.lessonId, version: lesson.version, content, classes: classes.get(`${lesson.lessonId}@${lesson.version}`) ?? [] };
	});
}
