import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { notFound } from "../../../errors/app-error";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { auditedBy, recordAudit } from "../../audit";

export interface RemoveGuardianLink {
	readonly linkId: string;
}

/** Ends a guardian's view of one student. Recorded against the guardian, with the student in the details (the link itself is gone). */
export async function removeGuardianLink(deps: Pick<AppDependencies, "infra">, caller: UserCaller, input: RemoveGuardianLink): Promise<{ id: string; status: "removed" }> {
	const db = deps.infra.db;
	return withTenant(db, caller.tenantId, async (transaction) => {
		const [removed] = await db.query<{ guardian_user_id: string; student_user_id: string }>(
			"DELETE FROM guardian_links WHERE tenant_id = $1 AND id = $2 RETURNING guardian_user_id, student_user_id",
			{ bind: [caller.tenantId, input.linkId], type: QueryTypes.SELECT, transaction },
		);
		if (removed === undefined) throw notFound("guardian link");
		await recordAudit(
			db,
			{
				action: "guardian.unlinked",
				...auditedBy(caller),
				targetType: "user",
				targetId: removed.guardian_user_id,
				details: { studentUserId: removed.student_user_id },
			},
			{ transaction },
		);
		return { id: input.linkId, status: "removed" as const };
	});
}
