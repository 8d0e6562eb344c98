import type { Invitation } from "@toolboxai/shared";
import { QueryTypes, type Sequelize } from "sequelize";
import { AppError } from "../../../http/app-error";
import { withTenant } from "../../../db/tenant-scope";
import { recordAudit } from "../../audit/record-audit";
import { trace } from "../change-member-roles";
import { notFound } from "../request-context";
import { INVITATION_COLUMNS, toInvitation, type InvitationRow } from "./invitation-row";

export interface RevokeInvitation {
	readonly tenantId: string;
	readonly actorUserId: string;
	readonly invitationId: string;
	readonly ip?: string;
	readonly requestId?: string;
}

/** Makes a pending invitation unusable. Revoking twice is a no-op; an accepted one can no longer be revoked. */
export async function revokeInvitation(db: Sequelize, revoke: RevokeInvitation): Promise<Invitation> {
	return withTenant(db, revoke.tenantId, async (transaction) => {
		const [row] = await db.query<InvitationRow>(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, {
			bind: [revoke.tenantId, revoke.invitationId],
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
		await recordAudit(
			db,
			{ action: "invitation.revoked", tenantId: revoke.tenantId, actorUserId: revoke.actorUserId, targetType: "invitation", targetId: revoke.invitationId, ...trace(revoke) },
			{ transaction },
		);
		return toInvitation(revoked as InvitationRow);
	});
}
