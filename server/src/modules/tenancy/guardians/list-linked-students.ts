import type { UserSummary } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";

/** The students the calling guardian is linked to in this school (still members of it), by name. */
export async function listLinkedStudents(deps: Pick<AppDependencies, "infra">, caller: UserCaller): Promise<UserSummary[]> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const guardianUserId = caller.actor.userId;
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<{ id: string; email: string | null; display_name: string }>(
			`SELECT DISTINCT u.id, u.email, u.display_name
			 FROM guardian_links g
			 JOIN memberships m ON m.tenant_id = g.tenant_id AND m.user_id = g.student_user_id AND m.role = 'student'
			 JOIN users u ON u.id = g.student_user_id
			 WHERE g.tenant_id = $1 AND g.guardian_user_id = $2
			 ORDER BY u.display_name, u.id`,
			{ bind: [tenantId, guardianUserId], type: QueryTypes.SELECT, transaction },
		);
		return rows.map((row) => ({ id: row.id, ...(row.email === null ? {} : { email: row.email }), displayName: row.display_name }));
	});
}
