import { createHash } from "node:crypto";
import type { ActiveLessons } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { activeLessonContents } from "./active-lesson-versions";
import { canonicalJson } from "./canonical-json";
import { contentCacheOf, type KeptContent } from "./content-cache";

export interface ActiveLessonsInput {
	/** The If-None-Match header the game server sent, if any. */
	readonly ifNoneMatch?: string;
}

export interface ActiveLessonsReply {
	/** The reply body, serialized once per change (the route sends these bytes as they are). */
	readonly json: string;
	/** Strong: the hash of the reply's canonical JSON, so equal content gives an equal tag on every instance. */
	readonly etag: string;
	/** The game server already has this content (its If-None-Match names the tag): a 304 will do. */
	readonly notModified: boolean;
}

/**
 * The lesson content the school's game servers play: every lesson version assigned to a class of the school that
 * is not archived (a lesson assigned to several classes appears once per version). Kept per school until a change
 * (content-cache.ts): while changes are heard, a poll with the current tag touches no database.
 */
export async function activeLessons(deps: Pick<AppDependencies, "infra">, caller: Caller, input: ActiveLessonsInput = {}): Promise<ActiveLessonsReply> {
	const db = deps.infra.db;
	const cache = contentCacheOf(deps.infra);
	const kept = cache.get(caller.tenantId);
	if (kept !== undefined && cache.trusted(caller.tenantId)) return reply(kept, input);
	const ticket = cache.ticket(caller.tenantId);
	const content = await withTenant(db, caller.tenantId, async (transaction) => {
		const version = await contentVersion(db, transaction, caller.tenantId);
		// Without the change feed, the school's counter says whether the kept copy is still current: one small read.
		if (kept !== undefined && kept.version === version) return kept;
		const body: ActiveLessons = { items: await activeLessonContents(db, transaction, caller.tenantId) };
		const json = canonicalJson(body);
		return { json, etag: `"${createHash("sha256").update(json, "utf8").digest("hex")}"`, version };
	});
	cache.store(ticket, content);
	return reply(content, input);
}

function reply(content: KeptContent, input: ActiveLessonsInput): ActiveLessonsReply {
	return { json: content.json, etag: content.etag, notModified: etagMatches(input.ifNoneMatch, content.etag) };
}

/** The school's content counter (bumped by triggers on every change to what game servers play); "0" before any. */
async function contentVersion(db: Sequelize, transaction: Transaction, tenantId: string): Promise<string> {
	const rows = await db.query<{ version: string }>("SELECT version FROM content_versions WHERE tenant_id = $1", { bind: [tenantId], type: QueryTypes.SELECT, transaction });
	return rows[0]?.version ?? "0";
}

/** If-None-Match: `*`, or a list of tags (weak ones compare by their opaque part, as RFC 9110 says for this header). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
	if (ifNoneMatch === undefined) return false;
	if (ifNoneMatch.trim() === "*") return true;
	return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
