import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { notFound } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { keepOneTenantAdmin } from "./admin-guard";
import { endMemberSessions } from "./end-member-sessions";

export interface RemoveMember {
	readonly userId: string;
}

/**
 * Takes a person out of the school (every role there, and their guardian links in it). The account itself
 * stays: they may belong to other schools. Refuses to remove the last tenant_admin.
 */
export async function removeMember(deps: Pick<AppDependencies, "infra">, caller: UserCaller, removal: RemoveMember): Promise<void> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	await withTenant(db, tenantId, async (transaction) => {
		const current = await db.query<{ role: string }>("SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE", {
			bind: [tenantId, removal.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (current.length === 0) throw notFound("member");
		await keepOneTenantAdmin(db, transaction, tenantId, removal.userId);
		await db.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2", { bind: [tenantId, removal.userId], transaction });
		await db.query("DELETE FROM guardian_links WHERE tenant_id = $1 AND (guardian_user_id = $2 OR student_user_id = $2)", {
			bind: [tenantId, removal.userId],
			transaction,
		});
		await endMemberSessions(db, transaction, tenantId, removal.userId);
		await recordAudit(
			db,
			{
				action: "member.removed",
				...auditedBy(caller),
				targetType: "user",
				targetId: removal.userId,
				details: { roles: current.map((row) => row.role).sort() },
			},
			{ transaction },
		);
	});
}
