import type { Lesson } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { findLesson } from "./lesson-access";
import { toLesson } from "./lesson-row";

/** Any member with lessons:read sees every lesson of the school (colleagues reuse each other's lessons). */
export async function getLesson(deps: Pick<AppDependencies, "infra">, caller: Caller, input: { lessonId: string }): Promise<Lesson> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => toLesson(await findLesson(db, transaction, caller.tenantId, input.lessonId)));
}
