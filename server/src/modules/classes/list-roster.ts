import type { Roster } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { cursorCodec } from "../../http/cursor";
import { loadClass } from "./class-access";

export const ROSTER_PAGE_DEFAULT = 100;
export const ROSTER_PAGE_MAX = 200;

export interface RosterQuery {
	readonly classId: string;
	readonly cursor?: string;
	readonly limit?: number;
}

/** The position after a page's last student: when they joined, exactly as Postgres prints it, then their id. */
const rosterCursor = cursorCodec<{ joinedAt: string; userId: string }>("r1", { joinedAt: "timestamp", userId: "uuid" });

/** The class's students in the order they joined, one page at a time: name and Roblox UserId, never an email. */
export async function listRoster(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: RosterQuery): Promise<Roster> {
	const db = deps.infra.db;
	const limit = Math.min(Math.max(input.limit ?? ROSTER_PAGE_DEFAULT, 1), ROSTER_PAGE_MAX);
	const after = input.cursor === undefined ? undefined : rosterCursor.decode(input.cursor);
	return withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, input.classId);
		const rows = await db.query<{ user_id: string; display_name: string; roblox_user_id: string | null; joined_at: Date; joined_at_exact: string }>(
			`SELECT m.user_id, u.display_name, u.roblox_user_id, m.joined_at,
			        to_char(m.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS joined_at_exact
			 FROM class_members m JOIN users u ON u.id = m.user_id
			 WHERE m.tenant_id = $1 AND m.class_id = $2
			   AND ($3::timestamptz IS NULL OR (m.joined_at, m.user_id) > ($3::timestamptz, $4::uuid))
			 ORDER BY m.joined_at, m.user_id
			 LIMIT $5`,
			{ bind: [caller.tenantId, input.classId, after?.joinedAt ?? null, after?.userId ?? null, limit + 1], type: QueryTypes.SELECT, transaction },
		);
		const items = rows.slice(0, limit);
		const last = items[items.length - 1];
		return {
			items: items.map((row) => ({
				userId: row.user_id,
				displayName: row.display_name,
				// bigint arrives as a string; Roblox UserIds fit in a double exactly.
				...(row.roblox_user_id === null ? {} : { robloxUserId: Number(row.roblox_user_id) }),
				joinedAt: row.joined_at.toISOString(),
			})),
			...(rows.length > limit && last !== undefined ? { nextCursor: rosterCursor.encode({ joinedAt: last.joined_at_exact, userId: last.user_id }) } : {}),
		};
	});
}
