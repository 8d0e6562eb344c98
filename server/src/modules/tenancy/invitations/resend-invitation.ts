import type { Invitation } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import { AppError, notFound } from "../../../errors/app-error";
import { withTenant } from "../../../db/tenant-scope";
import type { AppDependencies } from "../../../http/app-module";
import { auditedBy, recordAudit } from "../../audit";
import { INVITATION_COLUMNS, toInvitation, type InvitationRow } from "./invitation-row";
import { mailInvitation } from "./invitation-mail";
import { generateInvitationToken, INVITATION_TTL_MS } from "./invitation-token";

export interface ResendInvitation {
	readonly invitationId: string;
	readonly now?: Date;
}

type Deps = Pick<AppDependencies, "config" | "infra"> & Partial<Pick<AppDependencies, "logger">>;

/**
 * Mails a pending or expired invitation again with a new link, valid 7 days from now; the earlier link stops
 * working (only the new token's hash is kept). An accepted or revoked invitation is not sent again.
 */
export async function resendInvitation(deps: Deps, caller: UserCaller, input: ResendInvitation): Promise<Invitation> {
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const now = input.now ?? new Date();
	const token = generateInvitationToken();
	return withTenant(db, tenantId, async (transaction) => {
		const [row] = await db.query<InvitationRow>(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, {
			bind: [tenantId, input.invitationId],
			type: QueryTypes.SELECT,
			transaction,
		});
		if (row === undefined) throw notFound("invitation");
		if (row.accepted_at !== null) throw new AppError("conflict", "This invitation was already accepted.");
		if (row.revoked_at !== null) throw new AppError("conflict", "This invitation was revoked: send a new one instead.");
		const [updated] = await db.query<InvitationRow>(`UPDATE invitations SET token_hash = $2, expires_at = $3 WHERE id = $1 RETURNING ${INVITATION_COLUMNS}`, {
			bind: [input.invitationId, token.hash, new Date(now.getTime() + INVITATION_TTL_MS)],
			type: QueryTypes.SELECT,
			transaction,
		});
		const invitation = toInvitation(updated as InvitationRow);
		await recordAudit(db, { action: "invitation.resent", ...auditedBy(caller), targetType: "invitation", targetId: invitation.id }, { transaction });
		await mailInvitation(deps, transaction, tenantId, invitation, token);
		return invitation;
	});
}
