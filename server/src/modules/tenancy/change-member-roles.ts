import type { Member, TenantRole } from "@toolboxai/shared";
import { notFound } from "../../errors/app-error";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { keepOneTenantAdmin } from "./admin-guard";
import { endMemberSessions } from "./end-member-sessions";
import { findMember } from "./find-member";

export interface ChangeMemberRoles {
	readonly userId: string;
	readonly roles: ReadonlyArray<TenantRole>;
}

/**
 * Replaces a member's roles in the school. A platform_admin membership (the operator's) is left as it is.
 * Refuses to remove the last tenant_admin.
 */
export async function changeMemberRoles(deps: Pick<AppDependencies, "infra">, caller: UserCaller, change: ChangeMemberRoles): Promise<Member> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const roles = [...new Set(change.roles)].sort();
	await withTenant(db, tenantId, async (transaction) => {
		const current = await db.query<{ role: string }>("SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE", {
			bind: [tenantId, change.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (current.length === 0) throw notFound("member");
		const before = current.map((row) => row.role).sort();
		const kept = before.filter((role) => role === "platform_admin");
		if (JSON.stringify([...new Set([...kept, ...roles])].sort()) === JSON.stringify(before)) return;
		if (!roles.includes("tenant_admin")) await keepOneTenantAdmin(db, transaction, tenantId, change.userId);
		await db.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND role <> 'platform_admin' AND NOT (role = ANY($3::text[]))", {
			bind: [tenantId, change.userId, roles],
			transaction,
		});
		await db.query(
			`INSERT INTO memberships (tenant_id, user_id, role) SELECT $1, $2, r FROM unnest($3::text[]) AS r
			 ON CONFLICT (tenant_id, user_id, role) DO NOTHING`,
			{ bind: [tenantId, change.userId, roles], transaction },
		);
		await endMemberSessions(db, transaction, tenantId, change.userId);
		await recordAudit(
			db,
			{
				action: "member.role_changed",
				...auditedBy(caller),
				targetType: "user",
				targetId: change.userId,
				details: { before, after: roles },
			},
			{ transaction },
		);
	});
	const member = await findMember(db, tenantId, change.userId);
	if (member === undefined) throw notFound("member");
	return member;
}
