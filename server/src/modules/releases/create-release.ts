import type { Release, ReleaseCreateRequest, ReleaseLesson, ValidationIssue } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { actorUserId, type Caller, isApiKeyCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { auditedBy, recordAudit } from "../audit";
import { activeLessonVersions } from "../lessons";
import { findIdenticalRelease } from "./find-identical-release";
import { heldFileKindIssues } from "./held-file-kinds";
import type { ReleaseDeps } from "./release-deps";
import { manifestIssues } from "./release-manifest";
import { RELEASE_COLUMNS, toReleases, type ReleaseRow } from "./release-row";

function refuse(issues: ValidationIssue[]): never {
	throw new AppError("validation_failed", "The release manifest has problems: each issue names where.", { issues: issues.slice(0, 50) });
}

/**
 * Records a release: the next number of the school (1, 2, 3...), its place file and assets by hash, and the lesson
 * versions it pushes (default: what the school's classes play now). The answer lists the files still to upload.
 * Releases are deduplicated by content: a manifest identical to an existing release answers that release
 * (created: false) instead of numbering a new one, so an identical redeploy is recognisably "nothing changed".
 */
export async function createRelease(deps: ReleaseDeps, caller: Caller, input: ReleaseCreateRequest): Promise<{ release: Release; created: boolean }> {
	const { db } = deps.infra;
	const problems = manifestIssues(input);
	if (problems.length > 0) refuse(problems);
	// Outside the numbering transaction: it may read stored bytes, which must not hold a database connection.
	const wrongKinds = await heldFileKindIssues(db, deps.infra.storage, caller.tenantId, input);
	if (wrongKinds.length > 0) refuse(wrongKinds);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const lessons =
			input.lessons === undefined ? await activeLessonVersions(db, transaction, caller.tenantId) : await checkedLessons(db, transaction, caller.tenantId, input.lessons);
		await refuseSizesThatContradictStoredFiles(db, transaction, caller.tenantId, input);
		// One numbering at a time per school: two concurrent creates never take the same number (the unique key would
		// refuse the second, but waiting here gives it the next number instead of an error).
		await db.query("SELECT pg_advisory_xact_lock(hashtext('releases.number'), hashtext($1))", { bind: [caller.tenantId], transaction });
		// Under the numbering lock: two concurrent identical declarations make one release, not two.
		const identical = await findIdenticalRelease(db, transaction, caller.tenantId, input.place, input.assets, lessons);
		if (identical !== undefined) {
			const [existing] = await toReleases(db, transaction, caller.tenantId, [identical]);
			return { release: existing as Release, created: false };
		}
		const [row] = await db.query<ReleaseRow>(
			`INSERT INTO releases (tenant_id, number, place_sha256, place_size, place_file_name, lessons, notes, created_by_user_id, created_by_api_key_id)
			 SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5::jsonb, $6, $7, $8 FROM releases WHERE tenant_id = $1
			 RETURNING ${RELEASE_COLUMNS}`,
			{
				bind: [
					caller.tenantId,
					input.place.sha256,
					input.place.size,
					input.place.fileName,
					JSON.stringify(lessons),
					input.notes ?? null,
					actorUserId(caller) ?? null,
					isApiKeyCaller(caller) ? caller.actor.apiKeyId : null,
				],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const created = row as ReleaseRow;
		if (input.assets.length > 0) {
			await db.query(
				`INSERT INTO release_assets (tenant_id, release_id, name, sha256, size, asset_type)
				 SELECT $1, $2, name, sha256, size, asset_type FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) AS a(name, sha256, size, asset_type)`,
				{
					bind: [
						caller.tenantId,
						created.id,
						input.assets.map((a) => a.name),
						input.assets.map((a) => a.sha256),
						input.assets.map((a) => a.size),
						input.assets.map((a) => a.assetType),
					],
					transaction,
				},
			);
		}
		await recordAudit(
			db,
			{
				action: "release.created",
				...auditedBy(caller),
				targetType: "release",
				targetId: created.id,
				details: { number: created.number, assets: input.assets.length, lessons: lessons.length },
			},
			{ transaction },
		);
		const [release] = await toReleases(db, transaction, caller.tenantId, [created]);
		return { release: release as Release, created: true };
	});
}

/** Lesson versions the caller names must be versions of the school's lessons (another school's are unknown here too). */
async function checkedLessons(db: Sequelize, transaction: Transaction, tenantId: string, lessons: ReadonlyArray<ReleaseLesson>): Promise<ReleaseLesson[]> {
	if (lessons.length === 0) return [];
	const found = await db.query<{ lesson_id: string; version: string }>(
		"SELECT lesson_id, version FROM lesson_versions WHERE tenant_id = $1 AND (lesson_id::text || '@' || version) = ANY($2::text[])",
		{ bind: [tenantId, lessons.map((l) => `${l.lessonId.toLowerCase()}@${l.version}`)], type: QueryTypes.SELECT, transaction },
	);
	const known = new Set(found.map((row) => `${row.lesson_id}@${row.version}`));
	const issues: ValidationIssue[] = [];
	lessons.forEach((lesson, index) => {
		if (!known.has(`${lesson.lessonId.toLowerCase()}@${lesson.version}`))
			issues.push({ path: `/lessons/${index}`, code: "unknown_lesson_version", message: "no lesson of this school has this version" });
	});
	if (issues.length > 0) refuse(issues);
	return lessons.map((lesson) => ({ lessonId: lesson.lessonId.toLowerCase(), version: lesson.version }));
}

/** A hash the school already stored has a known size: a manifest saying otherwise is wrong about its files. */
async function refuseSizesThatContradictStoredFiles(db: Sequelize, transaction: Transaction, tenantId: string, input: ReleaseCreateRequest): Promise<void> {
	const declared = [
		{ path: "/place/size", sha256: input.place.sha256, size: input.place.size },
		...input.assets.map((a, i) => ({ path: `/assets/${i}/size`, sha256: a.sha256, size: a.size })),
	];
	const stored = await db.query<{ sha256: string; size: string }>("SELECT sha256, size FROM stored_files WHERE tenant_id = $1 AND sha256 = ANY($2::text[])", {
		bind: [tenantId, [...new Set(declared.map((d) => d.sha256))]],
		type: QueryTypes.SELECT,
		transaction,
	});
	const sizeOf = new Map(stored.map((row) => [row.sha256, Number(row.size)]));
	const issues = declared
		.filter((d) => sizeOf.has(d.sha256) && sizeOf.get(d.sha256) !== d.size)
		.map((d) => ({ path: d.path, code: "size_mismatch", message: `the service holds this file (by sha256) with size ${sizeOf.get(d.sha256)}` }));
	if (issues.length > 0) refuse(issues);
}
