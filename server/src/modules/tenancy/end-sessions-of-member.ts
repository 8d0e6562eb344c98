import type { MemberSessionsEnded } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../access/caller";
import { notFound } from "../../errors/app-error";
import { withTenant } from "../../db/tenant-scope";
import type { AppDependencies } from "../../http/app-module";
import { auditedBy, recordAudit } from "../audit";
import { endMemberSessions } from "./end-member-sessions";

export interface EndSessionsOfMember {
	readonly userId: string;
}

/** Signs a member out of the school everywhere (a lost device, a shared computer): their roles stay. */
export async function endSessionsOfMember(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: EndSessionsOfMember): Promise<MemberSessionsEnded> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const [member] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND user_id = $2", {
			bind: [tenantId, input.userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if ((member?.n ?? 0) === 0) throw notFound("member");
		const endedSessions = await endMemberSessions(db, transaction, tenantId, input.userId);
		await recordAudit(db, { action: "member.sessions_ended", ...auditedBy(caller), targetType: "user", targetId: input.userId, details: { endedSessions } }, { transaction });
		return { userId: input.userId, endedSessions };
	});
}
