import type { LessonDiff } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import type { AppDependencies } from "../../http/app-module";
import { diffContent } from "./diff-content";
import { findLesson } from "./lesson-access";
import { findVersion } from "./find-version";
import { toVersion } from "./version-row";

export interface DiffVersionsInput {
	readonly lessonId: string;
	/** Both are required; either missing is a 400 once the lesson is known to be the school's. */
	readonly from?: string;
	readonly to?: string;
}

/** What changed from one version of a lesson to another (either direction). */
export async function diffVersions(deps: Pick<AppDependencies, "infra">, caller: Caller, input: DiffVersionsInput): Promise<LessonDiff> {
	const db = deps.infra.db;
	const { tenantId } = caller;
	const { lessonId, from, to } = input;
	return withTenant(db, tenantId, async (transaction) => {
		// The lesson first: another school's lesson is 404 whatever the query says.
		await findLesson(db, transaction, tenantId, lessonId);
		if (from === undefined || to === undefined) throw new AppError("bad_request", "Give both ?from= and ?to= (version numbers).");
		const a = toVersion(await findVersion(db, transaction, tenantId, lessonId, from));
		const b = toVersion(await findVersion(db, transaction, tenantId, lessonId, to));
		return { from, to, ...diffContent(a.content, b.content) };
	});
}
