import type { LessonVersionList } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { findLesson } from "./lesson-access";
import { compareSemver } from "./semver";
import { toVersionSummary, VERSION_SUMMARY_COLUMNS, type VersionRow } from "./version-row";

/** A lesson's versions without content, highest version first (semver order, which SQL text order is not). */
export async function listVersions(deps: Pick<AppDependencies, "infra">, caller: Caller, input: { lessonId: string }): Promise<LessonVersionList> {
	const db = deps.infra.db;
	const { tenantId } = caller;
	return withTenant(db, tenantId, async (transaction) => {
		await findLesson(db, transaction, tenantId, input.lessonId);
		const rows = await db.query<VersionRow>(`SELECT ${VERSION_SUMMARY_COLUMNS} FROM lesson_versions WHERE tenant_id = $1 AND lesson_id = $2 LIMIT 1000`, {
			bind: [tenantId, input.lessonId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return { items: rows.sort((a, b) => compareSemver(b.version, a.version)).map(toVersionSummary) };
	});
}
