import type { Role, TokenResponse } from "@toolboxai/shared";
import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { auditOrigin, type Origin } from "../../../access/caller";
import type { AppDependencies } from "../../../http/app-module";
import { AppError } from "../../../errors/app-error";
import { withSystem } from "../../../db/tenant-scope";
import { createUser, findUserByEmail, issueSession, verifyPassword } from "../../auth";
import { recordAudit } from "../../audit";
import { hashInvitationToken } from "./invitation-token";

export interface AcceptInvitation {
	readonly token: string;
	readonly password?: string;
	readonly displayName?: string;
	/** The signed-in caller, if any: linked without a password when their account is the invited address. */
	readonly signedInUserId?: string;
	readonly origin: Origin;
}

type Deps = Pick<AppDependencies, "config" | "infra" | "logger">;

interface PendingInvitation {
	readonly id: string;
	readonly tenant_id: string;
	readonly email: string;
	readonly role: Role;
}

/** Same answer for unknown, used, revoked and expired tokens: a link that does not work says nothing more. */
const INVALID = () => new AppError("not_found", "This invitation link is not valid any more: ask your school for a new one.");

/**
 * Accepts an invitation: creates the account (a password is required) or links the existing one (its owner is
 * signed in, or gives its password), adds the membership, uses the token up, and signs in to the school.
 * System scope: the token is what tells us the tenant.
 */
export async function acceptInvitation(deps: Deps, accept: AcceptInvitation): Promise<TokenResponse> {
	const db = deps.infra.db;
	return withSystem(db, async (transaction) => {
		const [invitation] = await db.query<PendingInvitation>(
			`SELECT id, tenant_id, email, role FROM invitations
			 WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
			{ bind: [hashInvitationToken(accept.token)], type: QueryTypes.SELECT, transaction },
		);
		if (invitation === undefined) throw INVALID();
		const userId = await accountFor(db, transaction, invitation, accept);
		await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, user_id, role) DO NOTHING", {
			bind: [invitation.tenant_id, userId, invitation.role],
			transaction,
		});
		await db.query("UPDATE invitations SET accepted_at = now(), accepted_user_id = $2 WHERE id = $1", { bind: [invitation.id, userId], transaction });
		await recordAudit(
			db,
			{
				action: "invitation.accepted",
				tenantId: invitation.tenant_id,
				actorUserId: userId,
				targetType: "invitation",
				targetId: invitation.id,
				...auditOrigin(accept.origin),
				details: { role: invitation.role },
			},
			{ transaction },
		);
		const roles = await db.query<{ role: Role }>("SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2 ORDER BY role", {
			bind: [invitation.tenant_id, userId],
			type: QueryTypes.SELECT,
			transaction,
		});
		return issueSession(deps, { userId, tenantId: invitation.tenant_id, roles: roles.map((row) => row.role), transaction });
	});
}

async function accountFor(db: Sequelize, transaction: Transaction, invitation: PendingInvitation, accept: AcceptInvitation): Promise<string> {
	const existing = await findUserByEmail(db, invitation.email, { transaction });
	if (existing === undefined) {
		if (accept.password === undefined) {
			throw new AppError("validation_failed", "Choose a password to create your account.", {
				issues: [{ path: "/password", code: "required", message: "is required to create your account" }],
			});
		}
		const displayName = accept.displayName ?? (invitation.email.split("@")[0] || "New member").slice(0, 80);
		const created = await createUser(db, { email: invitation.email, password: accept.password, displayName }, { transaction });
		return created.id;
	}
	if (existing.status !== "active") throw new AppError("forbidden", "This account is disabled.");
	if (accept.signedInUserId === existing.id) return existing.id;
	if (accept.password !== undefined && (await verifyPassword(existing.passwordHash, accept.password))) return existing.id;
	throw new AppError("unauthenticated", "You already have an account: sign in, or give its password, to accept.");
}
