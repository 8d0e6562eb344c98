import type { Invitation } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { INVITATION_COLUMNS, toInvitation, type InvitationRow } from "./invitation-row";

/** The school's invitations, newest first (accepted, revoked and expired ones included, for the record). */
export async function listInvitations(deps: Pick<AppDependencies, "infra">, caller: UserCaller): Promise<Invitation[]> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const rows = await db.query<InvitationRow>(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 1000`, {
			bind: [tenantId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return rows.map(toInvitation);
	});
}
