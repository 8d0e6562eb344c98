import type { LessonContent, LessonVersion, ValidationErrorDetails } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { recordAudit } from "../audit/record-audit";
import type { UserPrincipal } from "../tenancy/request-context";
import { contentHash } from "./canonical-json";
import { lessonForWrite } from "./lesson-access";
import { compareSemver } from "./semver";
import { validateLessonContent } from "./validate-content";
import { toVersion, VERSION_COLUMNS, type VersionRow } from "./version-row";

export interface CreateVersion {
	readonly lessonId: string;
	readonly version: string;
	readonly content: LessonContent;
	readonly ip?: string;
	readonly requestId?: string;
}

/**
 * Stores an immutable version. Content identical to an existing version (same canonical hash) gives back
 * that version (`created: false`): a plugin retrying an upload, or a teacher pressing it twice, makes no copy.
 * Otherwise the version number must be new and greater than the latest (semver order), else 409.
 */
export async function createVersion(db: Sequelize, principal: UserPrincipal, create: CreateVersion): Promise<{ created: boolean; version: LessonVersion }> {
	const issues = validateLessonContent(create.content);
	if (issues.length > 0) {
		const details: ValidationErrorDetails = { issues };
		throw new AppError("validation_failed", "The lesson content has problems: each issue names where.", details);
	}
	const hash = contentHash(create.content);
	return withTenant(db, principal.tenantId, async (transaction) => {
		// Locked: concurrent uploads to one lesson take turns, so the "greater than latest" check holds.
		const lesson = await lessonForWrite(db, transaction, principal, create.lessonId);
		const [same] = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM lesson_versions WHERE tenant_id = $1 AND lesson_id = $2 AND content_hash = $3`, {
			bind: [principal.tenantId, lesson.id, hash],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (same !== undefined) return { created: false, version: toVersion(same) };
		const latest = lesson.latest_version;
		if (latest !== null && compareSemver(create.version, latest) <= 0) {
			throw new AppError("conflict", `Version ${create.version} is not greater than the latest version ${latest}: choose a higher number.`, {
				latestVersion: latest,
			});
		}
		const [row] = await db.query<VersionRow>(
			`INSERT INTO lesson_versions (tenant_id, lesson_id, version, content_hash, content, author_user_id)
			 VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING ${VERSION_COLUMNS}`,
			{ bind: [principal.tenantId, lesson.id, create.version, hash, JSON.stringify(create.content), principal.userId], type: QueryTypes.SELECT, transaction },
		);
		await db.query("UPDATE lessons SET latest_version = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2", {
			bind: [principal.tenantId, lesson.id, create.version],
			transaction,
		});
		await recordAudit(
			db,
			{
				action: "lesson.version_created",
				tenantId: principal.tenantId,
				actorUserId: principal.userId,
				targetType: "lesson",
				targetId: lesson.id,
				...(create.ip === undefined ? {} : { ip: create.ip }),
				...(create.requestId === undefined ? {} : { requestId: create.requestId }),
				details: { version: create.version, contentHash: hash },
			},
			{ transaction },
		);
		return { created: true, version: toVersion(row as VersionRow) };
	});
}
