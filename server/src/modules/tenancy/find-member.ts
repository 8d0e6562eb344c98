import type { Member } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { MEMBER_SELECT, type MemberRow, toMember } from "./member-row";

/** One member of the school, or undefined (also for a person who is only a member elsewhere). */
export async function findMember(db: Sequelize, tenantId: string, userId: string): Promise<Member | undefined> {
	return withTenant(db, tenantId, async (transaction) => {
		const [row] = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.user_id = $2 GROUP BY u.id`, {
			bind: [tenantId, userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return row === undefined ? undefined : toMember(row);
	});
}
