import type { LessonVersion } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { findLesson } from "./lesson-access";
import { findVersion } from "./find-version";
import { toVersion } from "./version-row";

/** A version with its content (what the plugin downloads to rebuild the instance tree). */
export async function getVersion(deps: Pick<AppDependencies, "infra">, caller: Caller, input: { lessonId: string; version: string }): Promise<LessonVersion> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		await findLesson(db, transaction, caller.tenantId, input.lessonId);
		return toVersion(await findVersion(db, transaction, caller.tenantId, input.lessonId, input.version));
	});
}
