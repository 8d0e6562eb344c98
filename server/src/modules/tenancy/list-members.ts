import type { Infer, MemberList, TenantRole } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";
import { normalizeEmail } from "../auth";
import { MEMBER_SELECT, type MemberRow, toMember } from "./member-row";
import { nameMatches } from "./member-name-match";

export const MEMBER_PAGE_DEFAULT = 50;
export const MEMBER_PAGE_MAX = 200;
/** Rows read per round while filtering by name, and the most one request reads before answering a partial page. */
const NAME_SCAN_BATCH = 500;
const NAME_SCAN_MAX = 20_000;

export interface MemberListQuery {
	readonly cursor?: string;
	readonly limit?: number;
	/** Exactly this address (normalized): a lookup a blind index can answer once addresses are encrypted. */
	readonly email?: string;
	/** Part of the display name, matched after the names are read (see member-name-match.ts). */
	readonly name?: string;
	readonly role?: TenantRole;
}

type MemberPage = Infer<typeof MemberList>;

/** The position after a page's last member: when they joined, exactly as Postgres prints it, then their id. */
const memberCursor = cursorCodec<{ joinedAt: string; userId: string }>("m1", { joinedAt: "timestamp", userId: "uuid" });

type PagedRow = MemberRow & { readonly joined_at_exact: string };

/**
 * Everyone in the school with their roles, longest-standing first, one page at a time. A name filter reads the
 * school's members in rounds and keeps the matching ones; past NAME_SCAN_MAX rows read it answers what it found
 * with a cursor to go on from, so one request's work stays bounded in any school.
 */
export async function listMembers(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: MemberListQuery = {}): Promise<MemberPage> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const limit = Math.min(Math.max(input.limit ?? MEMBER_PAGE_DEFAULT, 1), MEMBER_PAGE_MAX);
	const name = input.name?.trim() ?? "";
	let after = input.cursor === undefined ? undefined : memberCursor.decode(input.cursor);
	return withTenant(db, tenantId, async (transaction) => {
		const read = (count: number) =>
			db.query<PagedRow>(
				`SELECT *, to_char(joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS joined_at_exact FROM (
					${MEMBER_SELECT}
					WHERE m.tenant_id = $1 AND ($2::text IS NULL OR u.email_normalized = $2)
					GROUP BY u.id
					HAVING ($3::text IS NULL OR bool_or(m.role = $3))
				) members
				WHERE ($4::timestamptz IS NULL OR (joined_at, user_id) > ($4::timestamptz, $5::uuid))
				ORDER BY joined_at, user_id
				LIMIT $6`,
				{
					bind: [tenantId, input.email === undefined ? null : normalizeEmail(input.email), input.role ?? null, after?.joinedAt ?? null, after?.userId ?? null, count],
					type: QueryTypes.SELECT,
					transaction,
				},
			);
		const found: PagedRow[] = [];
		let scanned = 0;
		let more = false;
		for (;;) {
			const batchSize = name === "" ? limit + 1 : NAME_SCAN_BATCH;
			const rows = await read(batchSize);
			scanned += rows.length;
			for (const row of rows) {
				if (!nameMatches(row.display_name, name)) continue;
				if (found.length === limit) {
					more = true;
					break;
				}
				found.push(row);
			}
			const last = rows[rows.length - 1];
			if (more || rows.length < batchSize || last === undefined) break;
			after = { joinedAt: last.joined_at_exact, userId: last.user_id };
			if (scanned >= NAME_SCAN_MAX) {
				// A partial page: go on from the last row read, not the last one kept.
				return { items: found.map(toMember), nextCursor: memberCursor.encode(after) };
			}
		}
		const lastKept = found[found.length - 1];
		return {
			items: found.map(toMember),
			...(more && lastKept !== undefined ? { nextCursor: memberCursor.encode({ joinedAt: lastKept.joined_at_exact, userId: lastKept.user_id }) } : {}),
		};
	});
}
