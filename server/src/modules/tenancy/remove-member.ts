import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { AppError, notFound } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { keepOneTenantAdmin } from "./admin-guard";
import { endMemberSessions } from "./end-member-sessions";
import { checkColleague, handOverTeaching, teachingOf } from "./hand-over-teaching";

export interface RemoveMember {
	readonly userId: string;
	/** The colleague who takes over the member's lessons and classes; required when they have any. */
	readonly transferTo?: string;
}

/**
 * Takes a person out of the school (every role there, and their guardian links in it). The account itself
 * stays: they may belong to other schools. Refuses to remove the last tenant_admin, and a teacher who still
 * owns lessons or teaches classes unless a colleague is named to take them over.
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
		const teaching = await teachingOf(db, transaction, tenantId, removal.userId);
		const hasTeaching = teaching.lessons + teaching.classes > 0;
		if (removal.transferTo !== undefined) await checkColleague(db, transaction, tenantId, removal.userId, removal.transferTo);
		if (hasTeaching && removal.transferTo === undefined) {
			throw new AppError(
				"conflict",
				`This member owns ${teaching.lessons} lesson(s) and teaches ${teaching.classes} class(es): choose a colleague to take them over (?transferTo=).`,
				{ lessons: teaching.lessons, classes: teaching.classes },
			);
		}
		if (hasTeaching && removal.transferTo !== undefined) {
			await handOverTeaching(db, transaction, tenantId, removal.userId, removal.transferTo);
			await recordAudit(
				db,
				{
					action: "member.teaching_transferred",
					...auditedBy(caller),
					targetType: "user",
					targetId: removal.transferTo,
					details: { fromUserId: removal.userId, lessons: teaching.lessons, classes: teaching.classes },
				},
				{ transaction },
			);
		}
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
				details: { roles: current.map((row) => row.role).sort(), ...(hasTeaching && removal.transferTo !== undefined ? { transferredTo: removal.transferTo } : {}) },
			},
			{ transaction },
		);
	});
}
