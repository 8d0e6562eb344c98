import type { ActiveLessons } from "@toolboxai/shared";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { activeLessonContents } from "./active-lesson-versions";
import { contentHash } from "./canonical-json";

export interface ActiveLessonsInput {
	/** The If-None-Match header the game server sent, if any. */
	readonly ifNoneMatch?: string;
}

export interface ActiveLessonsReply {
	readonly body: ActiveLessons;
	/** Strong: the hash of the reply's canonical JSON, so equal content gives an equal tag on every instance. */
	readonly etag: string;
	/** The game server already has this content (its If-None-Match names the tag): a 304 will do. */
	readonly notModified: boolean;
}

/**
 * The lesson content the school's game servers play: every lesson version assigned to a class of the school that
 * is not archived (a lesson assigned to several classes appears once per version).
 */
export async function activeLessons(deps: Pick<AppDependencies, "infra">, caller: Caller, input: ActiveLessonsInput = {}): Promise<ActiveLessonsReply> {
	const db = deps.infra.db;
	const items = await withTenant(db, caller.tenantId, (transaction) => activeLessonContents(db, transaction, caller.tenantId));
	const body: ActiveLessons = { items };
	const etag = `"${contentHash(body)}"`;
	return { body, etag, notModified: etagMatches(input.ifNoneMatch, etag) };
}

/** If-None-Match: `*`, or a list of tags (weak ones compare by their opaque part, as RFC 9110 says for this header). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
	if (ifNoneMatch === undefined) return false;
	if (ifNoneMatch.trim() === "*") return true;
	return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
