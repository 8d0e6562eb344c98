import type { ReleasePage } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { Caller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import { AppError } from "../../errors/app-error";
import { cursorCodec } from "../../http/cursor";
import type { ReleaseDbDeps } from "./release-deps";
import { RELEASE_COLUMNS, toReleases, type ReleaseRow } from "./release-row";

export const RELEASE_PAGE_DEFAULT = 20;
export const RELEASE_PAGE_MAX = 100;

/** Where the next page starts: the page's last release number (numbers only grow, so newest first is number order). */
const releaseCursor = cursorCodec<{ number: string }>("r1", { number: "text" });
const RELEASE_NUMBER = /^[1-9]\d{0,9}$/;

function numberAfter(cursor: string): number {
	const { number } = releaseCursor.decode(cursor);
	if (!RELEASE_NUMBER.test(number)) throw new AppError("bad_request", "The cursor is not one this service gave out: start again without it.");
	return Number(number);
}

/** The school's releases, newest first. */
export async function listReleases(deps: ReleaseDbDeps, caller: Caller, input: { readonly cursor?: string; readonly limit?: number } = {}): Promise<ReleasePage> {
	const { db } = deps.infra;
	const limit = Math.min(Math.max(input.limit ?? RELEASE_PAGE_DEFAULT, 1), RELEASE_PAGE_MAX);
	const before = input.cursor === undefined ? null : numberAfter(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		const rows = await db.query<ReleaseRow>(
			`SELECT ${RELEASE_COLUMNS} FROM releases WHERE tenant_id = $1 AND ($2::integer IS NULL OR number < $2::integer) ORDER BY number DESC LIMIT $3`,
			{ bind: [caller.tenantId, before, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const page = rows.slice(0, limit);
		const last = page[page.length - 1];
		return {
			items: await toReleases(db, transaction, caller.tenantId, page),
			...(rows.length > limit && last !== undefined ? { nextCursor: releaseCursor.encode({ number: String(last.number) }) } : {}),
		};
	});
}
