import type { LessonContent, LessonVersion, ValidationErrorDetails } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { contentHash } from "./canonical-json";
import { lessonForWrite } from "./lesson-access";
import { compareSemver } from "./semver";
import { validateLessonContent } from "./validate-content";
import { toVersion, VERSION_COLUMNS, type VersionRow } from "./version-row";

export interface CreateVersionInput {
	readonly lessonId: string;
	readonly version: string;
	readonly content: LessonContent;
}

/**
 * Stores an immutable version. Content identical to an existing version (same canonical hash) gives back
 * that version (`created: false`): a plugin retrying an upload, or a teacher pressing it twice, makes no copy.
 * Otherwise the version number must be new and greater than the latest (semver order), else 409.
 */
export async function createVersion(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: CreateVersionInput): Promise<{ created: boolean; version: LessonVersion }> {
	const db = deps.infra.db;
	const issues = validateLessonContent(input.content);
	if (issues.length > 0) {
		const details: ValidationErrorDetails = { issues };
		throw new AppError("validation_failed", "The lesson content has problems: each issue names where.", details);
	}
	const hash = contentHash(input.content);
	return withTenant(db, caller.tenantId, async (transaction) => {
		// Locked: concurrent uploads to one lesson take turns, so the "greater than latest" check holds.
		const lesson = await lessonForWrite(db, transaction, caller, input.lessonId);
		const [same] = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM lesson_versions WHERE tenant_id = $1 AND lesson_id = $2 AND content_hash = $3`, {
			bind: [caller.tenantId, lesson.id, hash],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (same !== undefined) return { created: false, version: toVersion(same) };
		const latest = lesson.latest_version;
		if (latest !== null && compareSemver(input.version, latest) <= 0) {
			throw new AppError("conflict", `Version ${input.version} is not greater than the latest version ${latest}: choose a higher number.`, {
				latestVersion: latest,
			});
		}
		const [row] = await db.query<VersionRow>(
			`INSERT INTO lesson_versions (tenant_id, lesson_id, version, content_hash, content, author_user_id)
			 VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING ${VERSION_COLUMNS}`,
			{ bind: [caller.tenantId, lesson.id, input.version, hash, JSON.stringify(input.content), caller.actor.userId], type: QueryTypes.SELECT, transaction },
		);
		await db.query("UPDATE lessons SET latest_version = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2", {
			bind: [caller.tenantId, lesson.id, input.version],
			transaction,
		});
		await recordAudit(
			db,
			{ action: "lesson.version_created", ...auditedBy(caller), targetType: "lesson", targetId: lesson.id, details: { version: input.version, contentHash: hash } },
			{ transaction },
		);
		return { created: true, version: toVersion(row as VersionRow) };
	});
}
