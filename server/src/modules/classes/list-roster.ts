import type { Roster } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { loadClass } from "./class-access";

/** The class's students in the order they joined: name and Roblox UserId, never an email. */
export async function listRoster(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: { classId: string }): Promise<Roster> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		await loadClass(db, transaction, caller, input.classId);
		const rows = await db.query<{ user_id: string; display_name: string; roblox_user_id: string | null; joined_at: Date }>(
			`SELECT m.user_id, u.display_name, u.roblox_user_id, m.joined_at
			 FROM class_members m JOIN users u ON u.id = m.user_id
			 WHERE m.tenant_id = $1 AND m.class_id = $2
			 ORDER BY m.joined_at, m.user_id
			 LIMIT 1000`,
			{ bind: [caller.tenantId, input.classId], type: QueryTypes.SELECT, transaction },
		);
		return {
			items: rows.map((row) => ({
				userId: row.user_id,
				displayName: row.display_name,
				// bigint arrives as a string; Roblox UserIds fit in a double exactly.
				...(row.roblox_user_id === null ? {} : { robloxUserId: Number(row.roblox_user_id) }),
				joinedAt: row.joined_at.toISOString(),
			})),
		};
	});
}
