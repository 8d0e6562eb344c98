import type { LessonDiff } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { diffContent } from "./diff-content";
import { findLesson } from "./lesson-access";
import { findVersion } from "./find-version";
import { toVersion } from "./version-row";

/** What changed from one version of a lesson to another (either direction). */
export async function diffVersions(db: Sequelize, tenantId: string, lessonId: string, from: string | undefined, to: string | undefined): Promise<LessonDiff> {
	return withTenant(db, tenantId, async (transaction) => {
		// The lesson first: another school's lesson is 404 whatever the query says.
		await findLesson(db, transaction, tenantId, lessonId);
		if (from === undefined || to === undefined) throw new AppError("bad_request", "Give both ?from= and ?to= (version numbers).");
		const a = toVersion(await findVersion(db, transaction, tenantId, lessonId, from));
		const b = toVersion(await findVersion(db, transaction, tenantId, lessonId, to));
		return { from, to, ...diffContent(a.content, b.content) };
	});
}
