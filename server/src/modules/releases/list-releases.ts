import type { ReleasePage } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../http/app-error";
import { RELEASE_COLUMNS, toReleases, type ReleaseRow } from "./release-row";

export const RELEASE_PAGE_DEFAULT = 20;
export const RELEASE_PAGE_MAX = 100;

/** Opaque to clients: base64url of "r1|<number>", the last number of the page (numbers only grow, so newest first is number order). */
export function encodeReleaseCursor(number: number): string {
	return Buffer.from(`r1|${number}`, "utf8").toString("base64url");
}

export function decodeReleaseCursor(cursor: string): number {
	const invalid = () => new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
	if (cursor.length > 256 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
	const match = /^r1\|([1-9]\d{0,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
	if (match === null) throw invalid();
	return Number(match[1]);
}

/** The school's releases, newest first. */
export async function listReleases(db: Sequelize, tenantId: string, query: { cursor?: string; limit?: number } = {}): Promise<ReleasePage> {
	const limit = Math.min(Math.max(query.limit ?? RELEASE_PAGE_DEFAULT, 1), RELEASE_PAGE_MAX);
	const before = query.cursor === undefined ? null : decodeReleaseCursor(query.cursor);
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<ReleaseRow>(
			`SELECT ${RELEASE_COLUMNS} FROM releases WHERE tenant_id = $1 AND ($2::integer IS NULL OR number < $2::integer) ORDER BY number DESC LIMIT $3`,
			{ bind: [tenantId, before, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const page = rows.slice(0, limit);
		const last = page[page.length - 1];
		return {
			items: await toReleases(db, transaction, tenantId, page),
			...(rows.length > limit && last !== undefined ? { nextCursor: encodeReleaseCursor(last.number) } : {}),
		};
	});
}
