import type { Invitation } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { AppError, notFound } from "../../../errors/app-error";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { auditedBy, recordAudit } from "../../audit";
import { INVITATION_COLUMNS, toInvitation, type InvitationRow } from "./invitation-row";

export interface RevokeInvitation {
	readonly invitationId: string;
}

/** Makes a pending invitation unusable. Revoking twice is a no-op; an accepted one can no longer be revoked. */
export async function revokeInvitation(deps: Pick<AppDependencies, "infra">, caller: UserCaller, revoke: RevokeInvitation): Promise<Invitation> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	return withTenant(db, tenantId, async (transaction) => {
		const [row] = await db.query<InvitationRow>(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, {
			bind: [tenantId, revoke.invitationId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (row === undefined) throw notFound("invitation");
		if (row.accepted_at !== null) throw new AppError("conflict", "This invitation was already accepted: remove the member instead.");
		if (row.revoked_at !== null) return toInvitation(row);
		const [revoked] = await db.query<InvitationRow>(`UPDATE invitations SET revoked_at = now() WHERE id = $1 RETURNING ${INVITATION_COLUMNS}`, {
			bind: [revoke.invitationId],
			type: QueryTypes.SELECT,
			transaction,
		});
		await recordAudit(db, { action: "invitation.revoked", ...auditedBy(caller), targetType: "invitation", targetId: revoke.invitationId }, { transaction });
		return toInvitation(revoked as InvitationRow);
	});
}
