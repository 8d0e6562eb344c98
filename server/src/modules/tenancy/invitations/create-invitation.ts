import type { Invitation, Role } from "@toolboxai/shared";
import { QueryTypes } from "sequelize";
import type { UserCaller } from "../../../access/caller";
import type { AppDependencies } from "../../../http/app-module";
import { AppError } from "../../../errors/app-error";
import { withTenant } from "../../../db/tenant-scope";
import { normalizeEmail } from "../../auth";
import { auditedBy, recordAudit } from "../../audit";
import { generateInvitationToken, INVITATION_TTL_MS } from "./invitation-token";
import { INVITATION_COLUMNS, toInvitation, type InvitationRow } from "./invitation-row";
import { mailInvitation } from "./invitation-mail";

export interface CreateInvitation {
	readonly email: string;
	readonly role: Role;
	readonly now?: Date;
}

type Deps = Pick<AppDependencies, "config" | "infra"> & Partial<Pick<AppDependencies, "logger">>;

/**
 * Invites someone by email with a role: a single-use token (only its hash is kept), valid 7 days, mailed as a
 * link to the dashboard. A person already in the school is not invited again.
 */
export async function createInvitation(deps: Deps, caller: UserCaller, invite: CreateInvitation): Promise<Invitation> {
	if (invite.role === "platform_admin") {
		throw new AppError("validation_failed", "A school cannot invite a platform_admin.", {
			issues: [{ path: "/role", code: "role_not_grantable", message: "must be tenant_admin, teacher, student or guardian" }],
		});
	}
	const db = deps.infra.db;
	const tenantId = caller.tenantId;
	const now = invite.now ?? new Date();
	const { token, hash } = generateInvitationToken();
	const invitation = await withTenant(db, tenantId, async (transaction) => {
		const members = await db.query<{ n: number }>(
			"SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND u.email_normalized = $2",
			{ bind: [tenantId, normalizeEmail(invite.email)], type: QueryTypes.SELECT, transaction },
		);
		if ((members[0]?.n ?? 0) > 0) throw new AppError("conflict", "That person is already a member of this school.");
		const [row] = await db.query<InvitationRow>(
			`INSERT INTO invitations (tenant_id, email, email_normalized, role, token_hash, invited_by_user_id, expires_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${INVITATION_COLUMNS}`,
			{
				bind: [tenantId, invite.email.trim(), normalizeEmail(invite.email), invite.role, hash, caller.actor.userId, new Date(now.getTime() + INVITATION_TTL_MS)],
				type: QueryTypes.SELECT,
				transaction,
			},
		);
		const created = toInvitation(row as InvitationRow);
		await recordAudit(
			db,
			{
				action: "invitation.created",
				...auditedBy(caller),
				targetType: "invitation",
				targetId: created.id,
				details: { role: invite.role },
			},
			{ transaction },
		);
		await mailInvitation(deps, transaction, tenantId, created, { token, hash });
		return created;
	});
	return invitation;
}
