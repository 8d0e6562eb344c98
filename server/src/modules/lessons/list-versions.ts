import type { LessonVersionList } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { findLesson } from "./lesson-access";
import { compareSemver } from "./semver";
import { toVersionSummary, VERSION_SUMMARY_COLUMNS, type VersionRow } from "./version-row";

/** A lesson's versions without content, highest version first (semver order, which SQL text order is not). */
export async function listVersions(db: Sequelize, tenantId: string, lessonId: string): Promise<LessonVersionList> {
	return withTenant(db, tenantId, async (transaction) => {
		await findLesson(db, transaction, tenantId, lessonId);
		const rows = await db.query<VersionRow>(`SELECT ${VERSION_SUMMARY_COLUMNS} FROM lesson_versions WHERE tenant_id = $1 AND lesson_id = $2 LIMIT 1000`, {
			bind: [tenantId, lessonId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return { items: rows.sort((a, b) => compareSemver(b.version, a.version)).map(toVersionSummary) };
	});
}
