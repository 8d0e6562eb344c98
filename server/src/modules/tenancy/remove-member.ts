import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { keepOneTenantAdmin } from "./admin-guard";
import { endMemberSessions } from "./end-member-sessions";
import { trace } from "./change-member-roles";
import { notFound } from "./request-context";

export interface RemoveMember {
	readonly tenantId: string;
	readonly actorUserId: string;
	readonly userId: string;
	readonly ip?: string;
	readonly requestId?: string;
}

/**
 * Takes a person out of the school (every role there, and their guardian links in it). The account itself
 * stays: they may belong to other schools. Refuses to remove the last tenant_admin.
 */
export async function removeMember(db: Sequelize, removal: RemoveMember): Promise<void> {
	await withTenant(db, removal.tenantId, async (transaction) => {
		const current = await db.query<{ role: string }>("SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE", {
			bind: [removal.tenantId, removal.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (current.length === 0) throw notFound("member");
		await keepOneTenantAdmin(db, transaction, removal.tenantId, removal.userId);
		await db.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2", { bind: [removal.tenantId, removal.userId], transaction });
		await db.query("DELETE FROM guardian_links WHERE tenant_id = $1 AND (guardian_user_id = $2 OR student_user_id = $2)", {
			bind: [removal.tenantId, removal.userId],
			transaction,
		});
		await endMemberSessions(db, transaction, removal.tenantId, removal.userId);
		await recordAudit(
			db,
			{
				action: "member.removed",
				tenantId: removal.tenantId,
				actorUserId: removal.actorUserId,
				targetType: "user",
				targetId: removal.userId,
				...trace(removal),
				details: { roles: current.map((row) => row.role).sort() },
			},
			{ transaction },
		);
	});
}
