import type { LessonVersion } from "@toolboxai/shared";
import type { Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { findLesson } from "./lesson-access";
import { findVersion } from "./find-version";
import { toVersion } from "./version-row";

/** A version with its content (what the plugin downloads to rebuild the instance tree). */
export async function getVersion(db: Sequelize, tenantId: string, lessonId: string, version: string): Promise<LessonVersion> {
	return withTenant(db, tenantId, async (transaction) => {
		await findLesson(db, transaction, tenantId, lessonId);
		return toVersion(await findVersion(db, transaction, tenantId, lessonId, version));
	});
}
