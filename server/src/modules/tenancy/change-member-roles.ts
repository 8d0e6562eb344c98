import type { Member, TenantRole } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { withTenant } from "../../db/tenant-scope";
import { recordAudit } from "../audit/record-audit";
import { keepOneTenantAdmin } from "./admin-guard";
import { endMemberSessions } from "./end-member-sessions";
import { findMember } from "./list-members";
import { notFound } from "./request-context";

export interface ChangeMemberRoles {
	readonly tenantId: string;
	readonly actorUserId: string;
	readonly userId: string;
	readonly roles: ReadonlyArray<TenantRole>;
	readonly ip?: string;
	readonly requestId?: string;
}

/**
 * Replaces a member's roles in the school. A platform_admin membership (the operator's) is left as it is.
 * Refuses to remove the last tenant_admin.
 */
export async function changeMemberRoles(db: Sequelize, change: ChangeMemberRoles): Promise<Member> {
	const roles = [...new Set(change.roles)].sort();
	await withTenant(db, change.tenantId, async (transaction) => {
		const current = await db.query<{ role: string }>("SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE", {
			bind: [change.tenantId, change.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (current.length === 0) throw notFound("member");
		const before = current.map((row) => row.role).sort();
		const kept = before.filter((role) => role === "platform_admin");
		if (JSON.stringify([...new Set([...kept, ...roles])].sort()) === JSON.stringify(before)) return;
		if (!roles.includes("tenant_admin")) await keepOneTenantAdmin(db, transaction, change.tenantId, change.userId);
		await db.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND role <> 'platform_admin' AND NOT (role = ANY($3::text[]))", {
			bind: [change.tenantId, change.userId, roles],
			transaction,
		});
		await db.query(
			`INSERT INTO memberships (tenant_id, user_id, role) SELECT $1, $2, r FROM unnest($3::text[]) AS r
			 ON CONFLICT (tenant_id, user_id, role) DO NOTHING`,
			{ bind: [change.tenantId, change.userId, roles], transaction },
		);
		await endMemberSessions(db, transaction, change.tenantId, change.userId);
		await recordAudit(
			db,
			{
				action: "member.role_changed",
				tenantId: change.tenantId,
				actorUserId: change.actorUserId,
				targetType: "user",
				targetId: change.userId,
				...trace(change),
				details: { before, after: roles },
			},
			{ transaction },
		);
	});
	const member = await findMember(db, change.tenantId, change.userId);
	if (member === undefined) throw notFound("member");
	return member;
}

export function trace(from: { ip?: string; requestId?: string }): { ip?: string; requestId?: string } {
	return { ...(from.ip === undefined ? {} : { ip: from.ip }), ...(from.requestId === undefined ? {} : { requestId: from.requestId }) };
}
